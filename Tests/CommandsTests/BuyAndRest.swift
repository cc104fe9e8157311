import BotCore

/// Buys at market once it is live and rests a buy limit at half the bar's close: a bot
/// running it soon holds a position, a filled order and an open one, all its own.
struct BuyAndRest: Strategy {
    static let key = "test-buy-and-rest"
    static let summary = "buys once at market and rests a limit order far below the market"
    struct Params: Sendable, Codable, Equatable {}
    /// Its position's take-profit can be set by hand: a reduce-only limit sell.
    static var takesManualChanges: Bool { true }
    struct State: Sendable, Codable { var placed = false }
    var state = State()

    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}

    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
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
