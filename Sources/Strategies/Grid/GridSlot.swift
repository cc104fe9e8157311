import BotCore

/// One unit of a grid: an entry order resting at a level, then, once filled, the inventory it
/// bought (or sold short) and the take-profit that sells (or buys) it back one level out.
///
/// A level holds at most one slot per side, so no level is ever ordered twice: a new entry
/// at level k waits until the unit bought at k has been sold. Sizes come from the fills, so
/// the take-profit is always for exactly what the entry filled.
public struct GridSlot: Sendable, Codable, Equatable {
    /// The level's index: L0…L(grid_num+1) of the band, or for a classic grid the index
    /// counted from the lower price as given (a trailing grid's levels move past 0 and N−1).
    public var level: Int
    /// A long unit (bought, sold by its take-profit) or a short one.
    public var long: Bool
    public var entry: ClientOrderID?
    public var limit: Price
    public var ordered: Quantity
    public var filled: Quantity = .zero
    /// Σ price × quantity of the entry's fills, for their average.
    public var filledValue = 0.0
    public var takeProfit: ClientOrderID?
    public var takeProfitPrice: Price?
    /// What the take-profit has filled.
    public var closed: Quantity = .zero
    /// A cancel was asked for (the take-profit moves, or the entry left its level); its answer
    /// decides what happens next.
    public var cancelling = false
    /// No longer part of the grid (its leg is being closed): only its orders' answers are
    /// awaited, and a late entry fill is closed at once.
    public var retired = false
    /// A refused take-profit is tried again from this time (ms).
    public var retryAt: Int64 = .min

    public init(level: Int, long: Bool, entry: ClientOrderID?, limit: Price, ordered: Quantity) {
        self.level = level
        self.long = long
        self.entry = entry
        self.limit = limit
        self.ordered = ordered
    }

    /// What the unit holds now: filled and not yet taken back.
    public var held: Quantity { filled - closed }
    public var averageFill: Double { filled.isZero ? limit.doubleValue : filledValue / filled.doubleValue }
    /// Whether any order of the slot is still working.
    public var hasLiveOrder: Bool { entry != nil || takeProfit != nil }
}
