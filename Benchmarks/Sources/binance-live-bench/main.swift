import BinanceFake
import Foundation

// The Binance gateway (BinanceVenue) against the local Binance fake (TLS on loopback, the
// fake's clock at real time, Binance's documented limits). Usage:
//   swift build -c release --package-path Benchmarks --product binance-live-bench
//   Benchmarks/.build/release/binance-live-bench [orders] [weight]
// (no argument: both). Cases, each on a fresh fake and gateway, every order a resting LIMIT
// buy fired at once from a task of its own:
//   orders  300 orders at Binance's 50 unfilled orders per 10 s per account
//   weight  the order count raised on the fake to 10,000 per 10 s, so only weight is left
//           (6,000 a minute per IP): 1,000 orders, then 7,000
// Exits 1 if a case failed or any limit was exceeded (a refusal by the fake, a 429 or 418 at
// the gateway).

let known = ["orders", "weight"]
let args = Array(CommandLine.arguments.dropFirst())
if let bad = args.first(where: { !known.contains($0) }) {
    FileHandle.standardError.write(Data("binance-live-bench: unknown case '\(bad)'; cases: \(known.joined(separator: ", "))\n".utf8))
    exit(2)
}
let selected = args.isEmpty ? known : args

func cpuModel() -> String {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "?"
}

print("command: swift build -c release --package-path Benchmarks --product binance-live-bench && Benchmarks/.build/release/binance-live-bench\(args.isEmpty ? "" : " " + args.joined(separator: " "))")
print("binary:  \(CommandLine.arguments[0])")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (nproc), \(cpuModel()); \(ISO8601DateFormatter().string(from: Date()))")
print("venue:   BinanceFake on 127.0.0.1 over TLS, FakeClock at rate 1 (real time), Binance's documented limits")

var results: [BurstResult] = []
var failures: [String] = []

if selected.contains("orders") {
    let dog = Watchdog("orders", seconds: 180)
    do {
        results.append(try await run("(1) 50 orders / 10 s (Binance's)", orders: 300, windowMs: 10_000, phaseMs: 300, firstWindow: 50))
    } catch {
        failures.append("orders: \(error)")
        print("\norders: FAILED: \(error)")
    }
    dog.disarm()
}

if selected.contains("weight") {
    let raise: (inout BinanceFake.Limits) -> Void = { $0.ordersPer10s = 10_000 }
    let dog = Watchdog("weight", seconds: 300)
    do {
        results.append(try await run("(2a) order limit 10,000 / 10 s", orders: 1_000, windowMs: 10_000, phaseMs: 300, firstWindow: nil,
                                     limits: raise))
        results.append(try await run("(2b) order limit 10,000 / 10 s", orders: 7_000, windowMs: 60_000, phaseMs: 300, firstWindow: nil,
                                     limits: raise))
    } catch {
        failures.append("weight: \(error)")
        print("\nweight: FAILED: \(error)")
    }
    dog.disarm()
}

if !results.isEmpty {
    printTable("Orders per second through one gateway (resting LIMIT buys, all fired at once, one task each; start 0.3 s into a window)",
               ["case", "orders", "secs", "orders/s", "min secs", "1st window (s)", "then /s", "answers per window", "median/max answer (ms)",
                "acc/rej/unk", "fake max/10s", "fake max wt/min", "gw wt count", "fake -1015/-1003/418", "gw 429+418", "order waits",
                "resends/unknown/-1021", "open after"],
               results.map { r in
                   ["\(r.label)", "\(r.orders)", f(r.seconds, 2), f(r.perSecond), f(r.minimumSeconds, 2), f(r.firstWindowSeconds, 2), f(r.steady),
                    "\(r.windowMs / 1000) s: " + r.perWindow.map(String.init).joined(separator: "/"),
                    "\(f(r.answerMs.p50, 0))/\(f(r.answerMs.max, 0))",
                    "\(r.accepted)/\(r.rejected)/\(r.unknown)", "\(r.fakeMaxOrders10s)", "\(r.fakeMaxWeight)", "\(r.clientWeight)",
                    "\(r.orderLimited)/\(r.weightLimited)/\(r.bans + r.bannedRequests)", "\(r.gatewayRateLimited + r.gatewayBans)",
                    "\(r.orderLimitWaits)", "\(r.resends)/\(r.unknownOutcomes)/\(r.timestampRejections)", "\(r.openAfter)"]
               })
    print("""
    min secs: the soonest the last order can go: the window it needs opening (50 unfilled orders per 10 s; without that
    limit, 6,000 weight a minute as the gateway counts it, 1 per order), plus the gateway's 250 ms guard after a window's
    end. 1st window: when the first window's worth had been answered (50, or what the first window took); then /s: answers
    per second after it. answers per window: by the fake's clock, from the start's window. fake max/10s: the most unfilled
    orders the fake counted in one of its 10 s windows (at most 50, or 10,000 raised); fake max wt/min: the most weight it
    counted in a minute (successful order calls cost none since 2026-04-02: their 1 is charged, then refunded); gw wt count:
    the gateway's count of the IP's minute at the end (1 per order, not refunded). fake -1015/-1003/418: requests the fake
    refused for the order count, for weight, and for a ban; gw 429+418: limit answers the gateway got. All must be 0.
    """)
    for r in results {
        if r.rejected > 0 { print("  \(r.label): first rejection: \(r.firstRejection)") }
        if r.accepted != r.orders { failures.append("\(r.label): \(r.accepted) of \(r.orders) accepted") }
        if r.openAfter != r.orders { failures.append("\(r.label): \(r.openAfter) of \(r.orders) orders open at the fake afterwards") }
        if r.violations > 0 {
            print("  LIMIT VIOLATION in \(r.label): fake -1015 \(r.orderLimited), -1003 \(r.weightLimited), forced \(r.forced), bans \(r.bans), banned requests \(r.bannedRequests); gateway 429 \(r.gatewayRateLimited), 418 \(r.gatewayBans)")
        }
    }
}

let violations = results.map(\.violations).reduce(0, +)
print("")
if violations > 0 { print("RATE LIMIT VIOLATIONS: \(violations) (a gateway bug: see above)") }
for f in failures { print("FAILED: \(f)") }
if violations == 0 && failures.isEmpty { print("done: no limit violations, no failures") }
exit(violations > 0 || !failures.isEmpty ? 1 : 0)
