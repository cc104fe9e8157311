import BotCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Summary statistics of a backtest run.
public struct BacktestMetrics: Sendable, Equatable {
    public var trades: Int
    public var wins: Int
    /// Wins / trades (0 with no trades).
    public var winRate: Double
    public var netPnL: Money
    public var fees: Money
    /// Largest peak-to-trough fall of bar-close equity, in quote currency and as a fraction of the peak.
    public var maxDrawdown: Double
    public var maxDrawdownFraction: Double
    /// Annualised from per-bar equity returns: mean/σ·√(bars per year), σ the sample deviation.
    /// Nil without a closed trade: the returns of a position never closed, or of none, say
    /// nothing of a strategy (one open position once read as a Sharpe ratio of 16.2).
    public var sharpe: Double?
    /// As Sharpe, with the downside deviation √(Σ min(r,0)² / n) in place of σ.
    public var sortino: Double?
    /// Fraction of bars that ended with a position open.
    public var exposure: Double

    public init(run: BacktestRun, timeframe: Timeframe) {
        trades = run.trades.count
        wins = run.trades.filter { $0.pnl.raw > 0 }.count
        winRate = trades == 0 ? 0 : Double(wins) / Double(trades)
        netPnL = run.finalEquity - run.initialBalance
        fees = run.fees
        var peak = run.initialBalance.doubleValue, dd = 0.0, ddf = 0.0
        var returns: [Double] = []
        returns.reserveCapacity(run.equity.count)
        var prev = run.initialBalance.doubleValue
        for (_, v) in run.equity {
            peak = max(peak, v)
            dd = max(dd, peak - v)
            if peak > 0 { ddf = max(ddf, (peak - v) / peak) }
            if prev != 0 { returns.append(v / prev - 1) }
            prev = v
        }
        maxDrawdown = dd
        maxDrawdownFraction = ddf
        let n = Double(returns.count)
        let perYear = 365.0 * 86_400 / Double(timeframe.seconds)
        if trades > 0, returns.count > 1 {
            let mean = returns.reduce(0, +) / n
            let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let downside = (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / n).squareRoot()
            sharpe = variance > 0 ? mean / variance.squareRoot() * perYear.squareRoot() : 0
            sortino = downside > 0 ? mean / downside * perYear.squareRoot() : 0
        } else {
            sharpe = nil
            sortino = nil
        }
        exposure = run.bars == 0 ? 0 : Double(run.barsInMarket) / Double(run.bars)
    }
}
