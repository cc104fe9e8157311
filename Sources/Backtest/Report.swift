import BotCore
import Foundation

/// Renders a run as the summary table, trades.csv, report.json and equity.svg.
public struct BacktestReport: Sendable {
    public var bot: String
    public var strategy: String
    public var instrument: Instrument
    public var timeframe: Timeframe
    public var fillModel: String
    public var data: String
    public var candles: Int
    public var run: BacktestRun
    public var metrics: BacktestMetrics

    static func fmt(_ d: Double, _ places: Int = 4) -> String {
        guard d.isFinite else { return "0" }
        return String(format: "%.\(places)f", d)
    }

    static func iso(_ ms: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    public var summary: String {
        let m = metrics
        let rows: [(String, String)] = [
            ("bot", "\(bot) (\(strategy)) on \(instrument.id) \(timeframe)"),
            ("data", "\(data): \(candles) candles, \(Self.iso(run.firstTs)) → \(Self.iso(run.lastTs)) UTC"),
            ("fill model", fillModel),
            ("trades", "\(m.trades)"),
            ("win rate", "\(Self.fmt(m.winRate * 100, 2)) %"),
            ("net PnL", "\(m.netPnL) \(instrument.quote)"),
            ("fees", "\(m.fees) \(instrument.quote)"),
            ("max drawdown", "\(Self.fmt(m.maxDrawdown, 2)) \(instrument.quote) (\(Self.fmt(m.maxDrawdownFraction * 100, 2)) %)"),
            ("Sharpe", m.sharpe.map { Self.fmt($0, 3) } ?? "- (no closed trade)"),
            ("Sortino", m.sortino.map { Self.fmt($0, 3) } ?? "- (no closed trade)"),
            ("exposure", "\(Self.fmt(m.exposure * 100, 2)) %"),
            ("final equity", "\(run.finalEquity) \(instrument.quote) (from \(run.initialBalance))"),
        ] + (run.denials.isEmpty ? [] : [("risk denials", run.denials.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))])
        let w = rows.map(\.0.count).max()!
        return rows.map { $0.0.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    public var tradesCSV: String {
        var s = "entry_ts_ms,exit_ts_ms,side,quantity,entry_price,exit_price,fees,pnl,forced_exit\n"
        for t in run.trades {
            s += "\(t.entryTs),\(t.exitTs),\(t.side == .buy ? "long" : "short"),\(t.quantity),\(t.entryPrice),\(t.exitPrice),\(t.fees),\(t.pnl),\(t.forcedExit)\n"
        }
        return s
    }

    /// JSON with exact decimals for money (written as JSON numbers from their decimal text).
    public var json: String {
        let m = metrics
        func str(_ s: String) -> String { JSONText.quoted(s) }
        func num(_ d: Double) -> String { d.isFinite ? "\(d)" : "0" }
        func num(_ d: Double?) -> String { d.map { num($0) } ?? "null" }
        var trades: [String] = []
        for t in run.trades {
            trades.append("{\"entry_ts_ms\":\(t.entryTs),\"exit_ts_ms\":\(t.exitTs),\"side\":\(str(t.side == .buy ? "long" : "short")),\"quantity\":\(t.quantity),\"entry_price\":\(t.entryPrice),\"exit_price\":\(t.exitPrice),\"fees\":\(t.fees),\"pnl\":\(t.pnl),\"forced_exit\":\(t.forcedExit)}")
        }
        let denials = run.denials.map { "\(str($0.key.rawValue)):\($0.value)" }.sorted().joined(separator: ",")
        return """
        {"bot":\(str(bot)),"strategy":\(str(strategy)),"instrument":\(str(instrument.id.description)),\
        "timeframe":\(str(timeframe.description)),"fill_model":\(str(fillModel)),"data":\(str(data)),\
        "candles":\(candles),"bars":\(run.bars),"from_ts_ms":\(run.firstTs),"to_ts_ms":\(run.lastTs),\
        "initial_balance":\(run.initialBalance),"final_equity":\(run.finalEquity),"net_pnl":\(m.netPnL),\
        "fees":\(m.fees),"trades_count":\(m.trades),"wins":\(m.wins),"win_rate":\(num(m.winRate)),\
        "max_drawdown":\(num(m.maxDrawdown)),"max_drawdown_pct":\(num(m.maxDrawdownFraction * 100)),\
        "sharpe":\(num(m.sharpe)),"sortino":\(num(m.sortino)),"exposure":\(num(m.exposure)),\
        "risk_denials":{\(denials)},"trades":[\(trades.joined(separator: ","))]}
        """
    }

    /// The equity curve as a standalone SVG (bar-close equity, downsampled to ≤ 2,000 points).
    public var equitySVG: String {
        let pts = run.equity
        let width = 1000.0, height = 400.0, pad = 70.0
        guard pts.count > 1 else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\"><text x=\"20\" y=\"40\">no bars</text></svg>\n"
        }
        let step = max(1, pts.count / 2000)
        var sample = stride(from: 0, to: pts.count, by: step).map { pts[$0] }
        if sample.last!.ts != pts.last!.ts { sample.append(pts.last!) }
        let lo = sample.map(\.value).min()!, hi = sample.map(\.value).max()!
        let span = hi > lo ? hi - lo : 1
        let t0 = Double(sample.first!.ts), t1 = Double(sample.last!.ts)
        let path = sample.map { p -> String in
            let x = pad + (Double(p.ts) - t0) / max(t1 - t0, 1) * (width - 2 * pad)
            let y = height - pad - (p.value - lo) / span * (height - 2 * pad)
            return "\(Self.fmt(x, 1)),\(Self.fmt(y, 1))"
        }.joined(separator: " ")
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(pad))" y="24" font-family="sans-serif" font-size="14">\(bot) equity (\(instrument.quote)), \(Self.iso(run.firstTs)) → \(Self.iso(run.lastTs))</text>
        <line x1="\(Int(pad))" y1="\(Int(height - pad))" x2="\(Int(width - pad))" y2="\(Int(height - pad))" stroke="#888"/>
        <line x1="\(Int(pad))" y1="\(Int(pad))" x2="\(Int(pad))" y2="\(Int(height - pad))" stroke="#888"/>
        <text x="4" y="\(Int(pad) + 4)" font-family="sans-serif" font-size="11">\(Self.fmt(hi, 0))</text>
        <text x="4" y="\(Int(height - pad))" font-family="sans-serif" font-size="11">\(Self.fmt(lo, 0))</text>
        <polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="\(path)"/>
        </svg>

        """
    }

    /// Writes trades.csv, equity.svg and report.json into `dir` (created if needed).
    public func write(to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try tradesCSV.write(toFile: "\(dir)/trades.csv", atomically: true, encoding: .utf8)
        try equitySVG.write(toFile: "\(dir)/equity.svg", atomically: true, encoding: .utf8)
        try (json + "\n").write(toFile: "\(dir)/report.json", atomically: true, encoding: .utf8)
    }
}
