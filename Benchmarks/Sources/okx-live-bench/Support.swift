import BotCore
import Foundation
import Logging
import OKXFake
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// Clocks, waits, a watchdog, percentiles, tables and the instruments the cases trade.

/// CLOCK_MONOTONIC in nanoseconds: the same clock on every thread, for stamps taken on one
/// thread (the printer) and compared with stamps taken on another (the bot's shard).
func monoNs() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
}

/// Sleeps until `ns` on CLOCK_MONOTONIC (absolute, so pacing does not drift).
func sleepUntil(ns: UInt64) {
    var t = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nil) == EINTR {}
}

func ms(_ ns: UInt64) -> Double { Double(ns) / 1e6 }

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Polls `condition` every `pollMs` until it holds; throws after `seconds`.
func waitFor(_ what: String, seconds: Double = 30, pollMs: Int = 2, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(pollMs))
    }
    throw BenchFailure("timed out after \(seconds) s waiting for \(what)")
}

/// Ends the process if a case overruns: a gateway call does not necessarily honour
/// cancellation, so a hung case cannot be abandoned from inside.
final class Watchdog: Sendable {
    private let armed = Atomic<Bool>(true)

    init(_ name: String, seconds: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds)) { [self] in
            guard armed.load(ordering: .acquiring) else { return }
            FileHandle.standardError.write(Data("okx-live-bench: case '\(name)' ran past \(seconds) s; giving up\n".utf8))
            exit(3)
        }
    }

    func disarm() { armed.store(false, ordering: .releasing) }
}

/// Runs `body` on a thread of its own (not the cooperative pool, which has as many threads as
/// cores: a pacing loop there would take one from the runtime being measured).
func onThread(_ name: String, _ body: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        let t = Thread {
            body()
            c.resume()
        }
        t.name = name
        t.start()
    }
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// A table with a header row, columns padded to their widest cell (numbers right-aligned).
func printTable(_ title: String, _ header: [String], _ rows: [[String]]) {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
            return i == 0 ? c + pad : pad + c
        }.joined(separator: "  ")
    }
    print("\n\(title)")
    print(line(header))
    print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for r in rows { print(line(r)) }
}

let benchLogger: Logger = {
    var l = Logger(label: "okx-live-bench")
    // Errors only: the gateway's "rate limit answered" warnings are counted in its stats and
    // reported in the tables.
    l.logLevel = .error
    return l
}()

/// A USDT-margined perpetual as the bots configure it (the gateway loads OKX's rules over it).
func swapInstrument(_ symbol: String) -> Instrument {
    Instrument(id: InstrumentID(venue: "okx", symbol: symbol), kind: .perpetual, base: String(symbol.prefix { $0 != "-" }),
               quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"),
               minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"),
               maxLeverage: 100)
}

/// `BENCH<k>-USDT-SWAP`, modelled on the fake's BTC-USDT-SWAP listing.
func benchListing(_ k: Int) -> FakeInstrument {
    FakeInstrument(instId: "BENCH\(k)-USDT-SWAP", ctVal: Quantity.of("0.01"), tickSz: Price.of("0.1"),
                   lotSz: Quantity.of("0.01"), minSz: Quantity.of("0.01"))
}

let btc = swapInstrument("BTC-USDT-SWAP")
