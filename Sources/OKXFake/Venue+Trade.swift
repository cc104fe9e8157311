import BotCore

extension Venue {
    static let tradeRoutes: [Route] = []

    /// The last price moved to `px`: resting orders and stops it crossed execute.
    func marketMoved(instId: String, px: Price) {}
}
