import BotCore

/// Per-bot limits from a bot file's `[risk]` table (and runtime.toml defaults). Nil = no limit.
public struct RiskLimits: Sendable, Codable, Equatable {
    /// Largest absolute position, in the instrument's unit, after every open order fills.
    public var maxPosition: Quantity?
    /// Largest position notional (quote currency) after every open order fills.
    public var maxNotional: Money?
    public var maxOpenOrders: Int?
    /// A limit or stop price may be at most this fraction away from the last trade (0.05 = 5 %).
    public var priceBand: Ratio?
    public var maxLeverage: Ratio?

    public init(maxPosition: Quantity? = nil, maxNotional: Money? = nil, maxOpenOrders: Int? = nil,
                priceBand: Ratio? = nil, maxLeverage: Ratio? = nil) {
        self.maxPosition = maxPosition
        self.maxNotional = maxNotional
        self.maxOpenOrders = maxOpenOrders
        self.priceBand = priceBand
        self.maxLeverage = maxLeverage
    }

    /// This table's values, falling back to `defaults` for each unset one.
    public func merged(over defaults: RiskLimits) -> RiskLimits {
        RiskLimits(maxPosition: maxPosition ?? defaults.maxPosition, maxNotional: maxNotional ?? defaults.maxNotional,
                   maxOpenOrders: maxOpenOrders ?? defaults.maxOpenOrders, priceBand: priceBand ?? defaults.priceBand,
                   maxLeverage: maxLeverage ?? defaults.maxLeverage)
    }

    /// Reads `[risk]`; issues are recorded in the reader's diagnostics.
    public static func read(_ r: ConfigReader) -> RiskLimits {
        let l = RiskLimits(maxPosition: r.fixed("max_position", Quantity.self, positive: true),
                           maxNotional: r.fixed("max_notional", Money.self, positive: true),
                           maxOpenOrders: r.int("max_open_orders", in: 1...10_000),
                           priceBand: r.fixed("price_band", Ratio.self, min: Ratio.of("0.0001"), max: 1),
                           maxLeverage: r.fixed("max_leverage", Ratio.self, min: 1, max: 125))
        return l
    }
}

/// Limits that apply across all bots of one user.
public struct UserLimits: Sendable, Codable, Equatable {
    /// Largest sum of position notionals over the user's bots.
    public var maxNotional: Money?
    /// Once the user's PnL since the start of the UTC day is at or below −`dailyLoss`, only
    /// orders that reduce a position are allowed until the next day.
    public var dailyLoss: Money?
    public init(maxNotional: Money? = nil, dailyLoss: Money? = nil) {
        self.maxNotional = maxNotional
        self.dailyLoss = dailyLoss
    }

    public static func read(_ r: ConfigReader) -> UserLimits {
        UserLimits(maxNotional: r.fixed("max_user_notional", Money.self, positive: true),
                   dailyLoss: r.fixed("daily_loss_limit", Money.self, positive: true))
    }
}

/// What RiskGuard needs to know about the bot's user at the moment of a check.
public struct UserExposure: Sendable, Equatable {
    /// Sum of position notionals over the user's bots (at last prices).
    public var notional: Money
    /// The user's PnL since 00:00 UTC (realized + unrealized − fees), all bots.
    public var dailyPnL: Money
    public init(notional: Money = .zero, dailyPnL: Money = .zero) {
        self.notional = notional
        self.dailyPnL = dailyPnL
    }
}
