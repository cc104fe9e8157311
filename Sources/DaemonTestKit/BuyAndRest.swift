import BotCore

/// Buys at market once it is live and rests a buy limit at half the bar's close: a bot
/// running it soon holds a position, a filled order and an open one, all its own.
public struct BuyAndRest: Strategy {
    public static let key = "test-buy-and-rest"
    public static let summary = "buys once at market and rests a limit order far below the market"
    public struct Params: Sendable, Codable, Equatable {}
    /// Its position's take-profit can be set by hand: a reduce-only limit sell.
    public static var takesManualChanges: Bool { true }
    public struct State: Sendable, Codable { var placed = false }
    public var state = State()

    public static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    public init(params: Params, setup: StrategySetup) {}

    public mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        switch event {
        case .candleClosed(let bar, _) where !state.placed:
            state.placed = true
            _ = out.place(.buy, .market, quantity: Quantity.of("0.01"))
            _ = out.place(.buy, .limit(Price(raw: bar.close.raw / 2)), quantity: Quantity.of("0.01"))
        case .manual(let change, _):
            if let tp = change.takeProfit, !context.legs.net.isFlat {
                _ = out.place(.sell, .limit(tp), quantity: context.legs.net.quantity.magnitude, reduceOnly: true)
            }
        case .riskRejected:
            // Denied while warming up: nothing reached the venue, so try again on the next bar.
            state.placed = false
        default:
            break
        }
    }
}
