/// What happened to an order in an executionReport (`x`). Open-ended: Binance adds types, and
/// an unknown one must not lose the rest of the stream.
public struct BinanceExecutionType: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Accepted by the engine.
    public static let new = Self(rawValue: "NEW")
    public static let canceled = Self(rawValue: "CANCELED")
    /// Amended (cancel-replace, amend keeping priority).
    public static let replaced = Self(rawValue: "REPLACED")
    public static let rejected = Self(rawValue: "REJECTED")
    /// A fill: `l` at `L`, trade `t`.
    public static let trade = Self(rawValue: "TRADE")
    /// Ended by the order type's rules (IOC, FOK, a market order's rest) or by Binance.
    public static let expired = Self(rawValue: "EXPIRED")
    /// Ended by self-trade prevention.
    public static let tradePrevention = Self(rawValue: "TRADE_PREVENTION")
}
