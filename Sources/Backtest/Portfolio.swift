import BotConfig
import BotCore
import Foundation
import PaperMatching
import Risk
import Strategies

/// Several bots backtested together over one data set, candle by candle in lockstep: each
/// with its own paper account, their indicator series shared as botd shares them (one per
/// instrument, timeframe and parameters), so a portfolio computes what its bots have in
/// common once. `botctl backtest A.toml B.toml …`.
public struct PortfolioReport: Sendable {
    public var bots: [BacktestReport]
    /// Distinct series the bots computed (shared: fewer than the bots would on their own).
    public var series: Int

    public var initialBalance: Money { bots.reduce(.zero) { $0 + $1.run.initialBalance } }
    public var finalEquity: Money { bots.reduce(.zero) { $0 + $1.run.finalEquity } }
    public var netPnL: Money { finalEquity - initialBalance }
    public var fees: Money { bots.reduce(.zero) { $0 + $1.run.fees } }
    public var trades: Int { bots.reduce(0) { $0 + $1.metrics.trades } }
    public var wins: Int { bots.reduce(0) { $0 + $1.metrics.wins } }

    /// Largest fall of the summed equity: each bot's bar-close equity carried forward to the
    /// times the others close theirs.
    public var maxDrawdown: Double {
        var events: [(ts: Int64, bot: Int, value: Double)] = []
        for (i, b) in bots.enumerated() { for e in b.run.equity { events.append((e.ts, i, e.value)) } }
        events.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.bot < $1.bot }
        var current = bots.map { $0.run.initialBalance.doubleValue }
        var total = current.reduce(0, +), peak = total, worst = 0.0
        var i = 0
        while i < events.count {
            let ts = events[i].ts
            while i < events.count && events[i].ts == ts {
                total += events[i].value - current[events[i].bot]
                current[events[i].bot] = events[i].value
                i += 1
            }
            peak = max(peak, total)
            worst = max(worst, peak - total)
        }
        return worst
    }

    public var summary: String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var lines = [[pad("bot", 22), pad("strategy", 10), pad("instrument", 20), pad("trades", 7), pad("win %", 7), pad("net PnL", 16),
                      pad("fees", 14), "max drawdown"].joined(separator: " ")]
        for b in bots {
            let m = b.metrics
            lines.append([pad(b.bot, 22), pad(b.strategy, 10), pad(b.instrument.id.description, 20), pad("\(m.trades)", 7),
                          pad(BacktestReport.fmt(m.winRate * 100, 2), 7), pad("\(m.netPnL)", 16), pad("\(m.fees)", 14),
                          BacktestReport.fmt(m.maxDrawdown, 2)].joined(separator: " "))
        }
        let rate = trades == 0 ? 0 : Double(wins) / Double(trades) * 100
        lines.append([pad("all \(bots.count) bots", 22), pad("", 10), pad("", 20), pad("\(trades)", 7), pad(BacktestReport.fmt(rate, 2), 7),
                      pad("\(netPnL)", 16), pad("\(fees)", 14), BacktestReport.fmt(maxDrawdown, 2)].joined(separator: " "))
        lines.append("data          \(bots.first?.data ?? ""): \(bots.first?.candles ?? 0) candles; \(series) indicator series shared by \(bots.count) bots")
        return lines.joined(separator: "\n")
    }

    public var json: String {
        let rate = trades == 0 ? 0 : Double(wins) / Double(trades)
        return """
        {"bots":[\(bots.map(\.json).joined(separator: ","))],"total":{"trades":\(trades),"wins":\(wins),"win_rate":\(rate),\
        "initial_balance":\(initialBalance),"final_equity":\(finalEquity),"net_pnl":\(netPnL),"fees":\(fees),\
        "max_drawdown":\(maxDrawdown)},"series":\(series)}
        """
    }

    /// Each bot's files in a folder named by its id, and portfolio.json beside them.
    public func write(to dir: String) throws {
        for b in bots { try b.write(to: "\(dir)/\(b.bot)") }
        try (json + "\n").write(toFile: "\(dir)/portfolio.json", atomically: true, encoding: .utf8)
    }
}

/// One bot of a portfolio, whatever its strategy: its engine, stepped with the others.
protocol PortfolioMember: AnyObject {
    func begin(first: Candle, last: Candle, count: Int)
    func step(_ c: Candle) throws
    func finish(_ last: Candle) throws -> BacktestRun
}

final class Member<S: Strategy>: PortfolioMember {
    var engine: BacktestEngine<S>
    init(_ engine: BacktestEngine<S>) { self.engine = engine }
    func begin(first: Candle, last: Candle, count: Int) { engine.begin(first: first, last: last, count: count) }
    func step(_ c: Candle) throws { try engine.step(c) }
    func finish(_ last: Candle) throws -> BacktestRun { try engine.finish(last) }
}

extension Backtester {
    /// Runs `specs` together over `candles` (cut to `from`…`to`). `share: false` gives each
    /// bot its own series (what sharing is measured and checked against).
    public static func runPortfolio(specs: [BotSpec], runtime: RuntimeConfig?, candles all: [Candle], dataName: String,
                                    fillModel: String? = nil, from: Int64? = nil, to: Int64? = nil, share: Bool = true,
                                    progress: ((Int, Int) -> Void)? = nil) throws -> PortfolioReport {
        guard !specs.isEmpty else { throw BacktestError("a portfolio needs at least one bot") }
        let ids = specs.map(\.id)
        if let twice = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw BacktestError("bot id '\(twice)' is given twice: each bot of a portfolio needs its own")
        }
        let candles = from != nil || to != nil ? all.filter { $0.ts >= (from ?? .min) && $0.ts <= (to ?? .max) } : all
        guard let first = candles.first, let last = candles.last else { throw BacktestError("\(dataName): no candles between --from and --to") }
        let base = try baseTimeframe(candles.count > 1 ? candles : all, file: dataName)
        let book = SeriesBook()
        var members: [any PortfolioMember] = []
        var papers: [PaperConfig] = []
        for spec in specs {
            guard spec.timeframe >= base, spec.timeframe.seconds % base.seconds == 0 else {
                throw BacktestError("\(spec.file): timeframe \(spec.timeframe) cannot be built from the \(base) candles of \(dataName)")
            }
            let paper = try paperConfig(spec, runtime, fillModel)
            papers.append(paper)
            guard let type = StrategyRegistry.find(spec.strategy) else { throw BacktestError("unknown strategy \(spec.strategy)") }
            let scope = SeriesScope(book: share ? book : nil, instrument: spec.instrument.id, timeframe: spec.timeframe)
            func open<S: Strategy>(_: S.Type) throws -> any PortfolioMember {
                let d = Diagnostics()
                guard let params = S.parameters(ConfigReader(file: spec.file, table: spec.params, prefix: "params", diagnostics: d)) else {
                    throw BacktestError(d.issues.map(\.description).joined(separator: "\n"))
                }
                let setup = StrategySetup(instrument: spec.instrument, timeframe: spec.timeframe, series: scope)
                return Member(BacktestEngine(strategy: try S(params: params, setup: setup), botID: spec.id, instrument: spec.instrument,
                                             timeframe: spec.timeframe, base: base,
                                             guardrails: RiskGuard(limits: spec.risk, userLimits: runtime?.userLimits ?? UserLimits()),
                                             paper: paper))
            }
            members.append(try open(type))
        }
        for m in members { m.begin(first: first, last: last, count: candles.count) }
        for (i, c) in candles.enumerated() {
            if let progress, i & 0xFFFF == 0 { progress(i, candles.count) }
            // Every bot takes the candle before any takes the next: a series a bot computes
            // for a bar is there for the others at that bar.
            for m in members { try m.step(c) }
        }
        var reports: [BacktestReport] = []
        for (i, m) in members.enumerated() {
            let r = try m.finish(last)
            let spec = specs[i]
            reports.append(BacktestReport(bot: spec.id, strategy: spec.strategy, instrument: spec.instrument, timeframe: spec.timeframe,
                                          fillModel: papers[i].fillModel.rawValue, data: dataName, candles: candles.count, run: r,
                                          metrics: BacktestMetrics(run: r, timeframe: spec.timeframe)))
        }
        return PortfolioReport(bots: reports, series: share ? book.count : 0)
    }

    static func paperConfig(_ spec: BotSpec, _ runtime: RuntimeConfig?, _ fillModel: String?) throws -> PaperConfig {
        var paper = runtime?.paper(for: spec.account) ?? PaperConfig()
        if let fillModel {
            guard let m = FillModel(rawValue: fillModel) else {
                throw BacktestError("--fill-model must be one of \(FillModel.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(fillModel)')")
            }
            paper.fillModel = m
        }
        return paper
    }
}
