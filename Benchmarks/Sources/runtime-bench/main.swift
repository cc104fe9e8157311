import BotConfig
import BotCore
import PaperTrading
import Feeds
import Foundation
import Indicators
import Logging
import Runtime
import Store
import Synchronization
import TOML

// The runtime's own path, measured: supervisor, bot actors, mailboxes and the hub, with a
// strategy that updates an RSI on every trade. Usage:
//   swift run -c release --package-path Benchmarks runtime-bench fanout BOTS RATE SECONDS
//   swift run -c release --package-path Benchmarks runtime-bench startup BOTS
//   swift run -c release --package-path Benchmarks runtime-bench hyperrsi BOTS on|off MINUTES

/// When each bot handled each trade: one row per bot, written only by that bot, so recording
/// shares no lock or cache line between the shards (a shared lock here would be the bottleneck
/// being measured).
final class Recorder: @unchecked Sendable {
    let trades: Int, bots: Int
    let times: UnsafeMutablePointer<UInt64>
    let nextBot = Atomic<Int>(0)
    init(trades: Int, bots: Int) {
        self.trades = trades
        self.bots = bots
        times = .allocate(capacity: max(1, trades * bots))
        times.initialize(repeating: 0, count: max(1, trades * bots))
    }
    /// A row for a new strategy instance.
    func row() -> Int { nextBot.wrappingAdd(1, ordering: .relaxed).oldValue % max(bots, 1) }
    func done(_ seq: Int, row: Int) {
        guard seq < trades else { return }
        times[row * trades + seq] = DispatchTime.now().uptimeNanoseconds
    }
    /// For each trade: how many bots handled it and when the last one did.
    func summary() -> [(done: Int, last: UInt64)] {
        (0..<trades).map { t in
            var n = 0, last: UInt64 = 0
            for b in 0..<bots where times[b * trades + t] > 0 { n += 1; last = max(last, times[b * trades + t]) }
            return (n, last)
        }
    }
}

nonisolated(unsafe) var recorder = Recorder(trades: 0, bots: 0)

/// Updates an RSI on each trade, reports it handled, and every 10th trade flips a position.
struct TradeFlip: Strategy {
    static let key = "bench-trade-flip"
    static let summary = "benchmark"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var rsi = RSI(period: 14); var n = 0; var long = false }
    var state = State()
    let row = recorder.row()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        guard case .trade(let t) = event else { return }
        state.rsi.update(t.price.doubleValue)
        state.n += 1
        if state.n % 10 == 0 {
            if state.long { out.close() } else { out.place(.buy, .market, quantity: Quantity.of("0.01")) }
            state.long.toggle()
        }
        recorder.done(Int(t.ts), row: row)   // the intent (if any) is in the sink: next stop, RiskGuard and the store
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
    let row = recorder.row()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        if case .trade(let t) = event {
            state.rsi.update(t.price.doubleValue)
            recorder.done(Int(t.ts), row: row)
        }
    }
}

/// Takes a millisecond of CPU on every trade and reports nothing: the bot the others must not
/// feel (`SLOW=1 runtime-bench fanout …` puts one among them).
struct SlowTrades: Strategy {
    static let key = "bench-slow"
    static let summary = "benchmark: 1 ms per trade"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var n = 0 }
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        guard case .trade = event else { return }
        let end = DispatchTime.now().uptimeNanoseconds + 1_000_000
        while DispatchTime.now().uptimeNanoseconds < end { state.n &+= 1 }
    }
}

func rssKB() -> Int {
    let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = s.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

let metrics = RuntimeMetrics()
/// The trade printed over and over (built once: latency counts from the moment a trade, already
/// parsed, enters the hub).
let price = Price.of("2500"), size = Quantity.of("0.1")

func makeRuntime(history: Int, share: Bool = true) throws -> (Supervisor, MarketDataHub, InstrumentCatalog, Store) {
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
        history_minutes = \(min(history, 100_000))
        [supervisor]
        shards = \(ProcessInfo.processInfo.environment["SHARDS"] ?? "0")
        share_indicators = \(share)
        [accounts.paper-hedge]
        venue = "paper"
        position_mode = "hedge"
        leverage = "10"
        """, file: dir.appendingPathComponent("runtime.toml").path, diagnostics: d)!
    let catalog = InstrumentCatalog.parse(try String(contentsOfFile: config.instrumentsFile, encoding: .utf8), file: "i", diagnostics: d)
    let store = try Store(path: config.daemon.storagePath)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let hub = MarketDataHub(historyMinutes: history, feed: SimulatorFeed(seed: 1), logger: logger)
    let sup = Supervisor(config: config, store: store, hub: hub, metrics: metrics, logger: logger,
                         extraStrategies: [TradeRSI.self, TradeFlip.self, SlowTrades.self],
                         makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
    return (sup, hub, catalog, store)
}

func specs(_ n: Int, _ catalog: InstrumentCatalog, strategy: String = TradeRSI.key) -> [BotSpec] {
    let inst = catalog.find(symbol: "ETHUSDT")!
    return (0..<n).map { BotSpec(id: "b\($0)", user: "u\($0 % 100)", strategy: strategy, account: "paper", instrument: inst,
                                 timeframe: Timeframe("1m")!) }
}

func waitRunning(_ sup: Supervisor, _ n: Int) async {
    while await sup.count(.running) < n { try? await Task.sleep(for: .milliseconds(2)) }
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
}

// As botd does with `lock_memory = true` (its default); LOCK_MEMORY=0 measures without.
if ProcessInfo.processInfo.environment["LOCK_MEMORY"] != "0", let why = MemoryLock.lockResidentPages() {
    print("memory not locked: \(why)")
}
let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "fanout":
    let bots = Int(args[1])!, rate = Double(args[2])!, seconds = Double(args[3])!
    let trades = Int(rate * seconds)
    recorder = Recorder(trades: trades, bots: bots)
    let (sup, hub, catalog, _) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    await sup.start(specs(bots, catalog), coldStart: true)
    // One more bot, 1 ms per trade, not counted: how much the others feel it.
    let slow = ProcessInfo.processInfo.environment["SLOW"] == "1"
    if slow {
        await sup.start([BotSpec(id: "slow", user: "u-slow", strategy: SlowTrades.key, account: "paper", instrument: inst,
                                 timeframe: Timeframe("1m")!)], coldStart: true)
    }
    await waitRunning(sup, bots + (slow ? 1 : 0))
    let interval = 1.0 / rate
    // The producer runs as a feed reader would, on the pool (not on the main actor).
    let published = try await Task.detached { () async throws -> [UInt64] in
    var published = [UInt64](repeating: 0, count: trades)
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 0..<trades {
        let due = start + UInt64(Double(i) * interval * 1e9)
        // Sleep, not spin: a spinning producer would hold one of the two pool threads.
        let now = DispatchTime.now().uptimeNanoseconds
        if now < due { try await Task.sleep(for: .nanoseconds(Int(due - now)), tolerance: .zero) }
        let trade = Trade(ts: Int64(i), price: price, quantity: size, side: .buy)
        published[i] = DispatchTime.now().uptimeNanoseconds
        await hub.publish(trade: trade, instrument: inst.id)
    }
    return published
    }.value
    // Wait for the stragglers.
    let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
    while recorder.summary().last.map({ $0.done < bots }) ?? false && DispatchTime.now().uptimeNanoseconds < deadline {
        try await Task.sleep(for: .milliseconds(5))
    }
    let slots = recorder.summary()
    let complete = slots.indices.filter { slots[$0].done == bots }
    let lat = complete.map { Double(slots[$0].last - published[$0]) / 1e6 }
    let firstHalf = lat.prefix(lat.count / 2), secondHalf = lat.suffix(lat.count / 2)
    print("fanout bots=\(bots)\(slow ? " (+1 at 1 ms per trade, not counted)" : "") rate=\(Int(rate))/s trades=\(trades) complete=\(complete.count) coalesced=\(sup.shards.coalesced)")
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
case "hyperrsi":
    // BOTS HYPERRSI bots (the shipped bot's settings) on one instrument and 5m chart, their
    // indicator series shared or each bot's own: start-up (warm-up over the simulator's
    // history), resident memory per bot, then MINUTES simulated minutes (a forming bar each,
    // a close every fifth), each until every bot has handled it.
    let bots = Int(args[1])!, share = args[2] == "on", minutes = Int(args[3]) ?? 60
    let base = rssKB()
    // The strategy's own warm-up (30,339 5m bars with these settings) from the simulator's
    // minutes: HISTORY=600 measures with the shipped runtime.toml's history instead.
    let history = Int(ProcessInfo.processInfo.environment["HISTORY"] ?? "") ?? 151_700
    let (sup, hub, catalog, _) = try makeRuntime(history: history, share: share)
    let inst = catalog.find(symbol: "BTC-USDT-SWAP")!
    let params = try TOMLParser.parse("investment = \"20\"\nleverage = 10\ndirection = \"both\"\nentry_option = \"breakout\"")
    let hyper = (0..<bots).map { BotSpec(id: "h\($0)", user: "u\($0 % 100)", strategy: "hyperrsi", account: "paper-hedge", instrument: inst,
                                          timeframe: Timeframe("5m")!, params: params) }
    let t0 = DispatchTime.now().uptimeNanoseconds
    await sup.start(hyper, coldStart: true)
    await waitRunning(sup, bots)
    let t1 = DispatchTime.now().uptimeNanoseconds
    let rss = rssKB()
    print("hyperrsi bots=\(bots) share_indicators=\(share), \(history) minutes of history: running in \(String(format: "%.1f", Double(t1 - t0) / 1e9)) s, \(sup.series.count) shared series")
    print("  RSS \(rss / 1024) MB, \(String(format: "%.1f", Double(rss - base) / Double(bots))) KB per bot over a \(base / 1024) MB baseline")
    /// Until every bot has handled the minute: the shards' event count stops moving.
    func drained(after before: Int) async {
        var last = -1, still = 0
        while true {
            let n = sup.shards.eventsHandled
            if n >= before + bots && n == last { still += 1 } else { still = 0 }
            if still >= 3 { return }
            last = n
            try? await Task.sleep(for: .microseconds(200))
        }
    }
    var perMinute: [Double] = []
    for _ in 0..<minutes {
        let before = sup.shards.eventsHandled
        let s0 = DispatchTime.now().uptimeNanoseconds
        await hub.step()
        await drained(after: before)
        perMinute.append(Double(DispatchTime.now().uptimeNanoseconds - s0) / 1e6)
    }
    let total = perMinute.reduce(0, +)
    print(String(format: "  %d minutes: %.1f ms a minute (median %.1f ms, p90 %.1f ms), %.2f µs per bot per minute (a forming bar, or a close)",
                 minutes, total / Double(minutes), percentile(perMinute, 0.5), percentile(perMinute, 0.9),
                 total / Double(minutes) * 1000 / Double(bots)))
    print("  RSS after: \(rssKB() / 1024) MB")
case "single":
    // One bot: trade → strategy done (intent emitted), and intent → order persisted.
    let trades = 5000
    recorder = Recorder(trades: trades, bots: 1)
    let (sup, hub, catalog, _) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    await sup.start(specs(1, catalog, strategy: TradeFlip.key), coldStart: true)
    await waitRunning(sup, 1)
    // The producer runs as a feed reader would, on the pool; not on the main actor, whose
    // thread every hop would have to wake.
    let (published, calls) = try await Task.detached { () async throws -> ([UInt64], [Double]) in
    var published = [UInt64](repeating: 0, count: trades)
    var calls: [Double] = []
    for i in 0..<trades {
        let trade = Trade(ts: Int64(i), price: price, quantity: size, side: .buy)
        published[i] = DispatchTime.now().uptimeNanoseconds
        await hub.publish(trade: trade, instrument: inst.id)
        calls.append(Double(DispatchTime.now().uptimeNanoseconds - published[i]) / 1e3)
        try await Task.sleep(for: .milliseconds(2))
    }
    return (published, calls)
    }.value
    print(String(format: "  hub.publish call: p50 %.1f µs, p99 %.1f µs", percentile(calls, 0.5), percentile(calls, 0.99)))
    let hops = await Task.detached { () async -> [Double] in
        var xs: [Double] = []
        for _ in 0..<500 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = await hub.subscriberCount()
            xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
            try? await Task.sleep(for: .milliseconds(1))
        }
        return xs
    }.value
    print(String(format: "  an idle actor's trivial method, from a task: p50 %.1f µs, p99 %.1f µs", percentile(hops, 0.5), percentile(hops, 0.99)))
    try await Task.sleep(for: .milliseconds(200))
    let slots = recorder.summary()
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
        if ProcessInfo.processInfo.environment["DEBUG_RESTART"] != nil { print("restart call", Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) }
        await waitRunning(sup, 1)
        restarts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    print(String(format: "  restart of one bot: p50 %.2f ms, max %.2f ms (20 restarts)", percentile(restarts, 0.5), restarts.max()!))
case "journal":
    // The write-ahead append alone, as a bot makes it: after the process has idled 2 ms.
    let (_, _, catalog, store) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    var sink = IntentSink(bot: "j")
    var xs: [Double] = []
    for _ in 0..<1000 {
        try await Task.sleep(for: .milliseconds(2))
        let r = OrderRequest(id: sink.newID(), side: .buy, type: .market, quantity: Quantity.of("0.01"))
        let e = JournaledOrder(bot: "j", instrument: inst.id.description, order: r, snapshot: [UInt8](repeating: 65, count: 220),
                               nextSequence: sink.nextSequence, ts: 0)
        let t0 = DispatchTime.now().uptimeNanoseconds
        try store.journal.append(e)
        xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
        _ = try await store.nextSequence(bot: "j")   // the copy into SQLite, outside the timing
    }
    print(String(format: "journal append after 2 ms idle: p50 %.1f µs, p99 %.1f µs, max %.1f µs", percentile(xs, 0.5), percentile(xs, 0.99), xs.max() ?? 0))
case "store":
    // The write-ahead commit alone: back to back, then with the runtime idle in between.
    let (_, _, catalog, store) = try makeRuntime(history: 20)
    let inst = catalog.find(symbol: "ETHUSDT")!
    let snapshot = [UInt8](repeating: 65, count: 300)
    var sink = IntentSink(bot: "s")
    do {
        // What the snapshot's JSON costs (it is encoded inside the write-ahead interval).
        struct Snap: Codable { var strategy: TradeFlip.State; var lastBarTs: Int64?; var fillsSeen: Int }
        var st = TradeFlip.State()
        for i in 0..<100 { st.rsi.update(2500 + Double(i % 7)) }
        // Configured as the bots' snapshot encoder is.
        let enc = JSONEncoder()
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        var xs: [Double] = []
        var bytes = 0
        for _ in 0..<2000 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            bytes = try enc.encode(Snap(strategy: st, lastBarTs: 1, fillsSeen: 3)).count
            xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
        }
        print(String(format: "snapshot JSON (%d bytes): p50 %.1f µs, p99 %.1f µs", bytes, percentile(xs, 0.5), percentile(xs, 0.99)))
    }
    for gap in [0, 2] {
      try await Task.detached {
        var xs: [Double] = []
        for _ in 0..<1000 {
            let r = OrderRequest(id: sink.newID(), side: .buy, type: .market, quantity: Quantity.of("0.01"))
            let t0 = DispatchTime.now().uptimeNanoseconds
            try await store.recordSubmission(bot: "s", instrument: inst.id, order: r, snapshot: snapshot,
                                             nextSequence: sink.nextSequence, ts: 0)
            xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
            if gap > 0 { try await Task.sleep(for: .milliseconds(gap)) }
        }
        print(String(format: "store.recordSubmission, %d ms apart: p50 %.1f µs, p99 %.1f µs, max %.1f µs", gap, percentile(xs, 0.5), percentile(xs, 0.99), xs.max() ?? 0))
      }.value
    }
default:
    print("usage: runtime-bench fanout BOTS RATE SECONDS | startup BOTS | hyperrsi BOTS on|off MINUTES | single | store | journal")
}
