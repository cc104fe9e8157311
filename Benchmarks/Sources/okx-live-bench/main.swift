import Foundation

// The OKX gateway and feed against the local OKX fake (TLS on loopback, OKX's limits, the
// fake's clock at real time). Usage:
//   swift run -c release --package-path Benchmarks okx-live-bench [orders] [reconcile] [latency] [throughput]
// (no argument: all four). Cases:
//   orders      orders per second through one gateway at the venue's limits, with the limit
//               answers the fake gave (must be none): 600 orders on one instrument, 4,000 over 20
//   reconcile   an account with 1,000 open orders: openOrders(nil) and open() to the first
//               reconciliation done, on fresh gateways, median of 5, with their REST requests
//   latency     a trade printed by the fake to the bot's hands (feed → hub → shard → bot), p50–max
//   throughput  trades printed as fast as one thread can, frames per second into a counting sink
// Exits 1 if a case failed or the venue answered a rate limit.

let known = ["orders", "reconcile", "latency", "throughput"]
let args = Array(CommandLine.arguments.dropFirst())
if let bad = args.first(where: { !known.contains($0) }) {
    FileHandle.standardError.write(Data("okx-live-bench: unknown case '\(bad)'; cases: \(known.joined(separator: ", "))\n".utf8))
    exit(2)
}
let selected = args.isEmpty ? known : args

func cpuModel() -> String {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "?"
}

print("command: swift run -c release --package-path Benchmarks okx-live-bench\(args.isEmpty ? "" : " " + args.joined(separator: " "))")
print("binary:  \(CommandLine.arguments[0])")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (nproc), \(cpuModel()); \(ISO8601DateFormatter().string(from: Date()))")
print("venue:   OKXFake on 127.0.0.1 over TLS, FakeClock at rate 1 (real time), OKX's documented limits")

var failures: [String] = []
var violations = 0

if selected.contains("orders") {
    let dog = Watchdog("orders", seconds: 180)
    do {
        let rs = try await ordersCase(oneInstrument: 600, manyInstruments: 4_000, listings: 20)
        printTable("1. Orders per second through one gateway (limit orders far from the market, all fired at once from one task each)",
                   ["case", "orders", "secs", "orders/s", "OKX max/s", "gateway max/s", "1st window (s)", "then /s", "peak/2s",
                    "acc/rej/unk", "fake 50011", "fake 50061", "gw limit answers", "limit waits", "open after"],
                   rs.map { r in
                       [r.label, "\(r.orders)", f(r.seconds, 2), f(r.perSecond), f(r.okxCeiling), f(r.gatewayCeiling),
                        f(r.firstWindowSeconds, 2), f(r.sustained), "\(r.peak2s)",
                        "\(r.accepted)/\(r.rejected)/\(r.unknown)", "\(r.fakeRateLimited)", "\(r.accountRateLimited)",
                        "\(r.gatewayRateLimited)", "\(r.limitWaits)", "\(r.openAfter)"]
                   })
        print("""
        OKX max/s: what OKX's windows allow for these orders (60 per 2 s per instrument, 1,000 per 2 s per account; the first
        window's worth at once). gateway max/s: the same with the gateway's slots, each held from its send until 2.05 s after
        its answer (OKXWindows: 2 s + a 50 ms guard), not counting the round trip. 1st window: when the first window's worth
        (60 or 1,000) had been acknowledged; then /s: acknowledgements per second after it (steady state: OKX allows 30/s
        on one instrument, 500/s over the account). peak/2s: most
        acknowledgements in any 2 s. fake 50011/50061: requests the fake refused over an endpoint's or the account's limit;
        gw limit answers: OKXVenueStats.rateLimitedAnswers. All three must be 0.
        """)
        for r in rs {
            if r.rejected > 0 { print("  \(r.label): first rejection: \(r.firstRejection)") }
            if r.violations > 0 {
                print("  LIMIT VIOLATION in \(r.label): fake 50011 by path \(r.fakeRateLimitedByPath), 50061 \(r.accountRateLimited), gateway answers \(r.gatewayRateLimited), resends \(r.resends)")
            }
            violations += r.violations
            if r.accepted != r.orders { failures.append("orders \(r.label): \(r.accepted) of \(r.orders) accepted") }
        }
    } catch {
        failures.append("orders: \(error)")
        print("\n1. orders: FAILED: \(error)")
    }
    dog.disarm()
}

if selected.contains("reconcile") {
    let dog = Watchdog("reconcile", seconds: 180)
    do {
        let runs = 5
        let r = try await reconcileCase(orders: 1_000, listings: 20, runs: runs)
        func row(_ name: String, _ xs: [Double], _ requests: String) -> [String] {
            [name, f(median(xs)), f(xs.min() ?? .nan), f(xs.max() ?? .nan), requests]
        }
        let listReq = r.listRequests.values.reduce(0, +)
        let recReq = r.reconcileRequests.values.reduce(0, +)
        printTable("2. Reconciliation of an account with \(r.openOrders) open orders (over 20 instruments), fresh gateway each run, \(runs) runs, ms",
                   ["measure", "median", "min", "max", "REST requests per run"],
                   [row("openOrders(instrument: nil), \(r.listCount) orders", r.listMs, "\(listReq): \(describe(r.listRequests))"),
                    row("  the same again, same gateway (connections open)", r.warmListMs, "\(listReq)"),
                    row("open() returned", r.openMs, "open(): public/time, account/config"),
                    row("open() → both private WebSockets at the fake", r.wsMs, "(polled every 1 ms)"),
                    row("open() → stats.reconciliations ≥ 1", r.startMs, "(counted when one completes; polled every 1 ms)"),
                    row("open() → first order adopted (all pages read)", r.firstAdoptedMs, ""),
                    row("open() → reconciliation done (its last event)", r.doneMs, "\(recReq): \(describe(r.reconcileRequests))")])
        print("""
        Done = the reconciliation's last act: handing on the fill of a market order placed just before each run (its
        orders adopted: \(r.adopted.map(String.init).joined(separator: ", "))). The open orders were placed by another gateway
        beforehand (\(f(r.placeSeconds, 2)) s for 1,000 over 20 instruments, \(r.placeViolations) limit answers). Rate limits
        answered during the runs: \(r.violations); WebSocket handshakes refused: \(r.refusedConnections).
        """)
        violations += r.violations + r.placeViolations
    } catch {
        failures.append("reconcile: \(error)")
        print("\n2. reconcile: FAILED: \(error)")
    }
    dog.disarm()
}

if selected.contains("latency") {
    let dog = Watchdog("latency", seconds: 180)
    do {
        let rows = try await latencyCase(trades: 10_000)
        func cells(_ name: String, _ r: LatencyRow, _ xs: [Double], extra: Bool) -> [String] {
            [name, extra ? f(r.rate, 0) : "", "\(r.trades)", "\(r.lost)", f(percentile(xs, 50)), f(percentile(xs, 90)),
             f(percentile(xs, 99)), f(percentile(xs, 99.9)), f(xs.last ?? .nan),
             extra ? f(percentile(r.afterReturn, 50)) : "", extra ? f(percentile(r.afterReturn, 99)) : "",
             extra ? f(percentile(r.printCall, 50)) : "", extra ? f(percentile(r.printCall, 99)) : ""]
        }
        var table: [[String]] = []
        for r in rows {
            table.append(cells(r.label, r, r.latency, extra: true))
            for (name, xs) in r.segments { table.append(cells("  " + name, r, xs, extra: false)) }
        }
        printTable("3. Trade printed by the fake → in the bot's hands, µs",
                   ["schedule", "prints/s", "trades", "lost", "p50", "p90", "p99", "p99.9", "max",
                    "from return p50", "from return p99", "print p50", "print p99"], table)
        var paths: [String] = []
        for r in rows where !paths.contains(r.path) { paths.append(r.path) }
        for p in paths { print("path: \(p)") }
        print("""
        From the moment before OKXFake.printTrade (monotonic clock, on a printer thread of its own) to the bot's
        InlineEventTarget.deliverInline on its shard: the fake's push (JSON, TLS on loopback), the feed's socket and parser,
        OKXMarketFeed → MarketDataHub.trade → the bot's shard → the bot. print p50/p99: the printTrade call itself (the fake
        builds and sends the trades, tickers and candle1m frames under its lock, and a books update nobody subscribed to).
        from return: from the call's return instead (the trades frame leaves early in the call). Each print is 3 frames
        on the feed's sockets. The bot is a
        stamping InlineEventTarget (no strategy), 2 shards as botd makes on 2 cores.
        """)
    } catch {
        failures.append("latency: \(error)")
        print("\n3. latency: FAILED: \(error)")
    }
    dog.disarm()
}

if selected.contains("throughput") {
    let dog = Watchdog("throughput", seconds: 180)
    do {
        let r = try await throughputCase(prints: 50_000)
        let frames = r.trades + r.tickers + r.candles
        printTable("4. Feed throughput: prints as fast as one thread can → OKXMarketFeed → counting sink",
                   ["measure", "value"],
                   [["prints (3 frames each: trades, tickers on /public; candle1m on /business)", "\(r.prints)"],
                    ["printing took (s) / prints per s", "\(f(r.printSeconds, 2)) / \(f(Double(r.prints) / r.printSeconds, 0))"],
                    ["last trade at the sink after (s)", f(r.endToEndSeconds, 2)],
                    ["trades per s, end to end", f(Double(r.trades) / r.endToEndSeconds, 0)],
                    ["frames per s at the sink (trades + tickers + candles)", f(Double(frames) / r.endToEndSeconds, 0)],
                    ["received: trades / tickers / candles", "\(r.trades) / \(r.tickers) / \(r.candles)"],
                    ["WebSocket messages the fake sent", "\(r.wsMessages)"],
                    ["feed drops / malformed frames", "\(r.drops) / \(r.malformed)"]])
    } catch {
        failures.append("throughput: \(error)")
        print("\n4. throughput: FAILED: \(error)")
    }
    dog.disarm()
}

print("")
if violations > 0 { print("RATE LIMIT VIOLATIONS: \(violations) (a gateway bug: see above)") }
for f in failures { print("FAILED: \(f)") }
if violations == 0 && failures.isEmpty { print("done: no limit violations, no failures") }
exit(violations > 0 || !failures.isEmpty ? 1 : 0)
