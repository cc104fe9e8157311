import BotCore
import MarketSim

/// The seeded simulator as a feed: one market per instrument, its stream derived from the seed
/// and the instrument, so the same seed gives the same market across restarts.
public actor SimulatorFeed: SteppedFeed {
    public nonisolated let name = "simulator"
    private let seed: UInt64
    /// Simulated time never goes back across restarts: markets start after this (ms).
    private let resumeAfter: Int64
    /// Markets start from these prices (the last marks of a previous run) instead of the
    /// instruments' reference prices.
    private let resumePrices: [String: Price]
    private var markets: [InstrumentID: MarketSimulator] = [:]
    /// Every bar made, per instrument, newest last (as much as warm-up and backfill can ask).
    private var bars: [InstrumentID: [Candle]] = [:]
    private var keep = 0
    private var sink: (any MarketSink)?

    public init(seed: UInt64, resumeAfter: Int64 = 0, resumePrices: [String: Price] = [:]) {
        self.seed = seed
        self.resumeAfter = resumeAfter
        self.resumePrices = resumePrices
    }

    public func connect(_ sink: any MarketSink) { self.sink = sink }

    public func subscribe(_ inst: Instrument, now: Int64, minutes: Int) -> [Candle] {
        if let known = bars[inst.id] { return Array(known.suffix(minutes)) }
        guard let start = resumePrices[inst.id.description] ?? inst.referencePrice else { return [] }
        let s = seed &+ ClientOrderID.hash(inst.id.description)
        var sim = MarketSimulator.warmedUp(instrument: inst, seed: s, now: max(now, resumeAfter + 60_000),
                                           minutes: minutes, settings: .init(startPrice: start))
        let history = sim.minuteCandles(minutes)
        markets[inst.id] = sim
        bars[inst.id] = history
        keep = max(keep, minutes)
        return history
    }

    public func unsubscribe(_ id: InstrumentID) {
        markets[id] = nil
        bars[id] = nil
    }

    public func history(_ id: InstrumentID, timeframe: Timeframe, from: Int64, to: Int64) -> [Candle] {
        let minutes = (bars[id] ?? []).filter { $0.ts >= from && $0.ts < to }
        return BarBuilder.aggregate(minutes, to: timeframe)
    }

    public func step() async {
        for id in markets.keys.sorted(by: { $0.description < $1.description }) {
            guard var sim = markets[id] else { continue }
            var trades: [Trade] = []
            let bar = sim.nextBar(trades: &trades)
            markets[id] = sim
            bars[id, default: []].append(bar)
            if bars[id]!.count > max(keep, 1) { bars[id]!.removeFirst(bars[id]!.count - keep) }
            for t in trades { await sink?.trade(t, instrument: id) }
            await sink?.candle(bar, instrument: id, closed: true)
        }
    }
}
