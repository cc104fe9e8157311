/// A user's change to a running strategy by hand: HYPERRSI's take-profit and stop-loss set
/// from botctl (and, later, Telegram) instead of by its ladder.
///
/// It reaches the strategy as an event like any other, so the strategy stays the one place
/// that decides orders. The runtime records it in the event log before the bot acts on it and
/// the bot's snapshot says which it has seen: after a crash, one recorded and not yet seen is
/// handed to the strategy again; one seen (its orders were journaled with that snapshot) is not.
public struct ManualChange: Hashable, Sendable, Codable {
    /// The leg it is about; nil: every leg holding a position.
    public var positionSide: PositionSide?
    /// The price to take the whole position's profit at, replacing the strategy's own targets.
    public var takeProfit: Price?
    /// The stop for the whole position, replacing the strategy's own.
    public var stopLoss: Price?
    /// Who asked, as the audit log names the caller.
    public var by: String

    public init(positionSide: PositionSide? = nil, takeProfit: Price? = nil, stopLoss: Price? = nil, by: String) {
        self.positionSide = positionSide
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.by = by
    }
}
