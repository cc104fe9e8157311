import BotConfig
import BotCore
import Foundation
import Indicators
import Logging
import Runtime
import Store
import Synchronization

// The runtime's own path, measured: supervisor, bot actors, mailboxes and the hub, with a
// strategy that updates an RSI on every trade. Usage:
//   swift run -c release --package-path Benchmarks runtime-bench fanout BOTS RATE SECONDS
//   swift run -c release --package-path Benchmarks runtime-bench startup BOTS

/// Completion times per trade, filled in by the bots.
final class Recorder: Sendable {
    struct Slot { var done = 0; var last: UInt64 = 0 }
    let slots: Mutex<[Slot]>
    init(trades: Int) { slots = Mutex(Array(repeating: Slot(), count: trades)) }
    func done(_ seq: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        slots.withLock { s in
            guard seq < s.count else { return }
            s[seq].done += 1
            s[seq].last = max(s[seq].last, now)
        }
    }
}

nonisolated(unsafe) var recorder = Recorder(trades: 0)

/// Updates an RSI on each trade, reports it handled, and every 10th trade flips a position.
struct TradeFlip: Strategy {
    static let key = "bench-trade-flip"
    static let summary = "benchmark"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var rsi = RSI(period: 14); var n = 0; var long = false }
    var state = State()
    static func parameters(_ r: ConfigReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        guard case .trade(let t) = event else { return }
        state.rsi.update(t.price.doubleValue)
        state.n += 1
        if state.n % 10 == 0 {
            if state.long { out.close() } else { out.place(.buy, .market, quantity: Quantity.of("0.01")) }
            state.long.toggle()
        }
        recorder.done(Int(t.ts))   // the intent (if any) is in the sink: next stop, RiskGuard and the store
    }
}

/// Updates an RSI on each trade and reports the trade as handled. No orders.
struct TradeRSI: Strategy {
    static let key = "bench-trade-rsi"
    static let summary = "benchmark"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var rsi = RSI(period: 14) }
    var state = State()
    static func parameters(_ r: ConfigReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        if case .trade(let t) = event {
            state.rsi.update(t.price.doubleValue)
            recorder.done(Int(t.ts))
        }
    }
}

func rssKB() -> Int {
    let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = s.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

let metrics = RuntimeMetrics()

func makeRuntime(history: Int) throws -> (Supervisor, MarketDataHub, InstrumentCatalog, Store) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rtbench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let d = Diagnostics()
    let config = RuntimeConfig.parse("""
        [paths]
        instruments = "\(root.path)/data/instruments.toml"
        [storage]
        path = "s.sqlite"
        [market]
        history_minutes = \(history)
        """, file: dir.appendingPathComponent("runtime.toml").path, diagnostics: d)!
    let catalog = InstrumentCatalog.parse(try String(contentsOfFile: config.instrumentsFile, encoding: .utf8), file: "i", diagnostics: d)
    let store = try Store(path: config.daemon.storagePath)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let hub = MarketDataHub(seed: 1, historyMinutes: history, logger: logger)
    let sup = Supervisor(config: config, store: store, hub: hub, metrics: metrics, logger: logger,
                         extraStrategies: [TradeRSI.self, TradeFlip.self])
    return (sup, hub, catalog, store)
}

func specs(_ n: Int, _ catalog: InstrumentCatalog, strategy: String = TradeRSI.key) -> [BotSpec] {
    let inst = catalog.find(symbol: "ETHUSDT")!
    return (0..<n).map { BotSpec(id: "b\($0)", user: "u\($0 % 100)", strategy: strategy, account: "paper", instrument: inst,
                                 timeframe: Timeframe("1m")!) }
}

func waitRunning(_ sup: Supervisor, _ n: Int) async {
    while await sup.statuses().filter({ $0.state == .running }).count < n { try? await Task.sleep(for: .milliseconds(2)) }
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "fanout":
    let bots = Int(args[1])!, rate = Double(args[2])!, seconds = Double(args[3])!
    let trades = Int(rate * seconds)
    recorder = Recorder(trades: trades)
    let (sup, hub, catalog, _) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    await sup.start(specs(bots, catalog), coldStart: true)
    await waitRunning(sup, bots)
    var published = [UInt64](repeating: 0, count: trades)
    let interval = 1.0 / rate
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 0..<trades {
        let due = start + UInt64(Double(i) * interval * 1e9)
        while DispatchTime.now().uptimeNanoseconds < due { await Task.yield() }
        published[i] = DispatchTime.now().uptimeNanoseconds
        await hub.publish(trade: Trade(ts: Int64(i), price: Price.of("2500"), quantity: Quantity.of("0.1"), side: .buy), instrument: inst.id)
    }
    // Wait for the stragglers.
    let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
    while recorder.slots.withLock({ $0.last?.done ?? bots }) < bots && DispatchTime.now().uptimeNanoseconds < deadline {
        try await Task.sleep(for: .milliseconds(5))
    }
    let slots = recorder.slots.withLock { $0 }
    let complete = slots.indices.filter { slots[$0].done == bots }
    let lat = complete.map { Double(slots[$0].last - published[$0]) / 1e6 }
    let firstHalf = lat.prefix(lat.count / 2), secondHalf = lat.suffix(lat.count / 2)
    print("fanout bots=\(bots) rate=\(Int(rate))/s trades=\(trades) complete=\(complete.count) coalesced=\(await hub.tradesCoalesced)")
    print(String(format: "  trade→all bots handled: p50 %.3f ms, p99 %.3f ms, max %.3f ms; p99 first half %.3f ms, second half %.3f ms",
                 percentile(lat, 0.5), percentile(lat, 0.99), lat.max() ?? 0,
                 percentile(Array(firstHalf), 0.99), percentile(Array(secondHalf), 0.99)))
case "startup":
    let bots = Int(args[1])!
    let base = rssKB()
    let (sup, _, catalog, _) = try makeRuntime(history: 200)
    let t0 = DispatchTime.now().uptimeNanoseconds
    await sup.start(specs(bots, catalog), coldStart: true)
    await waitRunning(sup, bots)
    let t1 = DispatchTime.now().uptimeNanoseconds
    let rss = rssKB()
    print("startup bots=\(bots): all running in \(String(format: "%.1f", Double(t1 - t0) / 1e6)) ms (200 bars of warm-up each)")
    print("  RSS \(rss / 1024) MB, \(String(format: "%.1f", Double(rss - base) / Double(bots))) KB per bot over a \(base / 1024) MB baseline")
case "single":
    // One bot: trade → strategy done (intent emitted), and intent → order persisted.
    let trades = 2000
    recorder = Recorder(trades: trades)
    let (sup, hub, catalog, _) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    await sup.start(specs(1, catalog, strategy: TradeFlip.key), coldStart: true)
    await waitRunning(sup, 1)
    var published = [UInt64](repeating: 0, count: trades)
    for i in 0..<trades {
        published[i] = DispatchTime.now().uptimeNanoseconds
        await hub.publish(trade: Trade(ts: Int64(i), price: Price.of("2500"), quantity: Quantity.of("0.1"), side: .buy), instrument: inst.id)
        try await Task.sleep(for: .milliseconds(2))
    }
    try await Task.sleep(for: .milliseconds(200))
    let slots = recorder.slots.withLock { $0 }
    let lat = slots.indices.filter { slots[$0].done == 1 }.map { Double(slots[$0].last - published[$0]) / 1e3 }
    let persist = metrics.persistNanos.map { Double($0) / 1e3 }
    print("single bot, \(trades) trades at 500/s, an order every 10th trade (\(persist.count) orders)")
    print(String(format: "  trade → strategy done (intent emitted): p50 %.1f µs, p99 %.1f µs", percentile(lat, 0.5), percentile(lat, 0.99)))
    print(String(format: "  intent → order persisted (write-ahead commit): p50 %.1f µs, p99 %.1f µs", percentile(persist, 0.5), percentile(persist, 0.99)))
    // One bot's restart: from the command until it runs again (snapshot restore, no warm-up bars).
    var restarts: [Double] = []
    for _ in 0..<20 {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try await sup.restart("b0")
        await waitRunning(sup, 1)
        restarts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    print(String(format: "  restart of one bot: p50 %.2f ms, max %.2f ms (20 restarts)", percentile(restarts, 0.5), restarts.max()!))
default:
    print("usage: runtime-bench fanout BOTS RATE SECONDS | startup BOTS | single")
}
