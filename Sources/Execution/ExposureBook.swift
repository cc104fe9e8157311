import BotCore
import Risk

/// The user's exposure as the pipeline checks an order against it: the daemon's book is shared
/// by all of a user's bots; a backtest's user is its one bot.
public protocol ExposureBook {
    /// Reserves `notional` for an order about to be checked and returns the user's exposure
    /// with it counted.
    func reserve(_ notional: Money) -> UserExposure
    /// Gives back a reservation whose order was denied.
    func release(_ notional: Money)
}
