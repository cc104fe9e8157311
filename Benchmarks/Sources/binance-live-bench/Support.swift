import BotCore
import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// Clocks, waits, a watchdog, tables and the instrument the cases trade.

/// CLOCK_MONOTONIC in nanoseconds.
func monoNs() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
}

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
            FileHandle.standardError.write(Data("binance-live-bench: case '\(name)' ran past \(seconds) s; giving up\n".utf8))
            exit(3)
        }
    }

    func disarm() { armed.store(false, ordering: .releasing) }
}

func f(_ x: Double, _ digits: Int = 1) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "–" }

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
    var l = Logger(label: "binance-live-bench")
    // Errors only: the gateway's "rate limit answered" warnings are counted in its stats and
    // reported in the tables.
    l.logLevel = .error
    return l
}()

/// BTCUSDT as the bots configure it (the gateway loads Binance's rules over it).
let btc = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                     tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                     minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))
