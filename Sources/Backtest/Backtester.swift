import BotConfig
import PaperMatching
import BotCore
import MarketSim
import Risk
import Strategies

/// Where a backtest's candles come from: a CSV file or the market simulator.
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case simulator(seed: UInt64, days: Int)

    /// `FILE.csv`, `sim`, or `sim:seed=N,days=D`.
    public static func parse(_ text: String) throws(BacktestError) -> DataSource {
        guard text == "sim" || text.hasPrefix("sim:") else { return .file(text) }
        var seed: UInt64 = 1, days = 30
        for part in text.dropFirst(4).split(separator: ",") where !part.isEmpty {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw BacktestError("--data: '\(part)' must be key=value (seed=N, days=D)") }
            switch kv[0] {
            case "seed":
                guard let v = UInt64(kv[1]) else { throw BacktestError("--data: seed must be a non-negative integer (got '\(kv[1])')") }
                seed = v
            case "days":
                guard let v = Int(kv[1]), (1...3650).contains(v) else { throw BacktestError("--data: days must be 1…3650 (got '\(kv[1])')") }
                days = v
            default: throw BacktestError("--data: unknown simulator setting '\(kv[0])' (use seed, days)")
            }
        }
        return .simulator(seed: seed, days: days)
    }

    public var description: String {
        switch self {
        case .file(let f): f
        case .simulator(let s, let d): "sim:seed=\(s),days=\(d)"
        }
    }
}

public struct BacktestError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Runs a bot file's strategy over a data source: the engine behind `botctl backtest`.
public enum Backtester {
    /// The simulator's start time when the data is simulated: 2025-01-01 00:00 UTC.
    public static let simulatorStart: Int64 = 1_735_689_600_000

    public static func candles(_ source: DataSource, instrument: Instrument) throws -> [Candle] {
        switch source {
        case .file(let path):
            return try CandleCSV.load(path: path)
        case .simulator(let seed, let days):
            guard let start = instrument.referencePrice else {
                throw BacktestError("\(instrument.id) has no reference_price in the instrument file, so the simulator cannot start it")
            }
            var sim = MarketSimulator(instrument: instrument, seed: seed, start: simulatorStart,
                                      settings: .init(startPrice: start))
            return sim.minuteCandles(days * 1440)
        }
    }

    /// The bar length of `candles`: the smallest step between neighbours.
    public static func baseTimeframe(_ candles: [Candle], file: String) throws -> Timeframe {
        guard candles.count > 1 else { throw BacktestError("\(file): needs at least 2 candles") }
        var step = Int64.max
        for i in 1..<min(candles.count, 5000) { step = min(step, candles[i].ts - candles[i - 1].ts) }
        guard step % 1000 == 0, let tf = Timeframe.supported.compactMap(Timeframe.init).first(where: { $0.milliseconds == step }) else {
            throw BacktestError("\(file): candles are \(step) ms apart, which is not a supported timeframe")
        }
        return tf
    }

    /// Runs `spec` over `candles`; `from`/`to` (ms, inclusive) cut the data first.
    public static func run(spec: BotSpec, runtime: RuntimeConfig?, candles all: [Candle], dataName: String,
                           fillModel: String? = nil, from: Int64? = nil, to: Int64? = nil,
                           progress: ((Int, Int) -> Void)? = nil) throws -> BacktestReport {
        var candles = all
        if from != nil || to != nil {
            candles = all.filter { $0.ts >= (from ?? .min) && $0.ts <= (to ?? .max) }
        }
        guard !candles.isEmpty else { throw BacktestError("\(dataName): no candles between --from and --to") }
        let base = try baseTimeframe(candles.count > 1 ? candles : all, file: dataName)
        guard spec.timeframe >= base, spec.timeframe.seconds % base.seconds == 0 else {
            throw BacktestError("\(spec.file): timeframe \(spec.timeframe) cannot be built from the \(base) candles of \(dataName)")
        }
        let paper = try paperConfig(spec, runtime, fillModel)
        guard let type = StrategyRegistry.find(spec.strategy) else { throw BacktestError("unknown strategy \(spec.strategy)") }
        let guardrails = RiskGuard(limits: spec.risk, userLimits: runtime?.userLimits ?? UserLimits())
        func open<S: Strategy>(_: S.Type) throws -> BacktestReport {
            let d = Diagnostics()
            guard let params = S.parameters(ConfigReader(file: spec.file, table: spec.params, prefix: "params", diagnostics: d)) else {
                throw BacktestError(d.issues.map(\.description).joined(separator: "\n"))
            }
            var engine = BacktestEngine(strategy: try S(params: params, setup: StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe)),
                                        botID: spec.id, instrument: spec.instrument, timeframe: spec.timeframe, base: base,
                                        guardrails: guardrails, paper: paper)
            let total = candles.count
            let r = try engine.run(candles, progress: progress.map { p in { p($0, total) } })
            return BacktestReport(bot: spec.id, strategy: spec.strategy, instrument: spec.instrument, timeframe: spec.timeframe,
                                  fillModel: paper.fillModel.rawValue, data: dataName, candles: candles.count, run: r,
                                  metrics: BacktestMetrics(run: r, timeframe: spec.timeframe))
        }
        return try open(type)
    }
}
