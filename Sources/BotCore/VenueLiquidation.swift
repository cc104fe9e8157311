/// A position the venue closed itself, in part or whole: a liquidation or an auto-deleveraging.
/// It carries no client order id of ours: the account's position on the leg is the sum of its
/// bots' shares, so the runtime splits the execution among the bots that held the leg.
public struct VenueLiquidation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case full, partial, autoDeleverage
    }

    public var kind: Kind
    /// The venue's id of the order it placed (several executions may share it).
    public var venueOrderID: String
    /// The execution, account-wide: `orderID` is a placeholder, `tradeID` the venue's. Each
    /// bot books its share under an id of its own.
    public var fill: Fill
    /// The venue's lot for the instrument: each bot's share is a multiple of it.
    public var lotSize: Quantity

    public init(kind: Kind, venueOrderID: String, fill: Fill, lotSize: Quantity) {
        self.kind = kind
        self.venueOrderID = venueOrderID
        self.fill = fill
        self.lotSize = lotSize
    }
}

extension VenueLiquidation {
    /// The order id a venue's liquidation fill carries until the supervisor gives each bot's
    /// share the bot's own: never routed by.
    public static let placeholderID = ClientOrderID(botHash: 0, sequence: UInt64.max)
}
