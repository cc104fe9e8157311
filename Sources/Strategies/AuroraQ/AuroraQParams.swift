import BotCore

/// `[params]` of an `auroraq-ppo` bot; README.md next to this file states every rule.
public struct AuroraQParams: Sendable, Codable, Equatable {
    /// The policy's safetensors file (its sidecar `.json` beside it), resolved against the bot
    /// file's folder when relative.
    public var model = ""
    /// Margin per entry, quote currency; the entry is `investment · leverage` of quote.
    public var investment: Money = 100
    public var leverage = 1
    /// Action 2 opens a short when flat (else it only closes a long: the seed's live loop).
    public var allowShort = false
    public var minConfidence = 0.7
    public var minStrength = 0.5
    /// Reduce-only stop and take-profit placed on an entry's fill, % from its price (0: none).
    public var stopLoss = 2.0
    public var takeProfit = 4.0
    /// Market close at a bar close this far (%) against or for the position.
    public var exitLoss = 3.0
    public var exitProfit = 5.0
    /// The opposite action above this probability closes the position (no strength gate).
    public var reversalConfidence = 0.8
    public var maxTradesPerDay = 10
    /// % of the day's starting equity lost after which everything closes until the next UTC day.
    public var dailyLossStop = 5.0
    /// Timestamped sentiment scores (CSV); nil: the neutral fallback.
    public var sentiment: String?
    /// Minutes after which the latest sentiment row is too old to use.
    public var sentimentMaxAge = 60

    public init() {}

    static let keys = "model, investment, leverage, allow_short, min_confidence, min_strength, stop_loss, take_profit, exit_loss, exit_profit, reversal_confidence, max_trades_per_day, daily_loss_stop, sentiment, sentiment_max_age"

    public static func read(_ r: any ParameterReader) -> AuroraQParams? {
        var p = AuroraQParams()
        p.model = r.path("model", required: true) ?? ""
        p.investment = r.fixed("investment", Money.self, positive: true) ?? p.investment
        p.leverage = r.int("leverage", in: 1...125) ?? p.leverage
        p.allowShort = r.bool("allow_short") ?? p.allowShort
        p.minConfidence = r.double("min_confidence", in: 0...1) ?? p.minConfidence
        p.minStrength = r.double("min_strength", in: 0...1) ?? p.minStrength
        p.stopLoss = r.double("stop_loss", in: 0...99) ?? p.stopLoss
        p.takeProfit = r.double("take_profit", in: 0...1000) ?? p.takeProfit
        p.exitLoss = r.double("exit_loss", in: 0.01...99) ?? p.exitLoss
        p.exitProfit = r.double("exit_profit", in: 0.01...1000) ?? p.exitProfit
        p.reversalConfidence = r.double("reversal_confidence", in: 0...1) ?? p.reversalConfidence
        p.maxTradesPerDay = r.int("max_trades_per_day", in: 1...10_000) ?? p.maxTradesPerDay
        p.dailyLossStop = r.double("daily_loss_stop", in: 0.01...100) ?? p.dailyLossStop
        p.sentiment = r.path("sentiment")
        p.sentimentMaxAge = r.int("sentiment_max_age", in: 1...525_600) ?? p.sentimentMaxAge
        r.rejectUnknownKeys("auroraq-ppo takes \(keys)")
        return r.hasErrors ? nil : p
    }
}
