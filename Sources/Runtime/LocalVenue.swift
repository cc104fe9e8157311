import BotCore

/// A venue that lives in this process (the paper venue): it follows the hub's market like any
/// other subscriber, is rebuilt from the record after a restart, and reports its wallet.
/// The supervisor uses these where a venue offers them; a remote venue reconciles instead.
public protocol LocalVenue: Venue {
    /// Called when a bot first trades `instrument` on the account.
    func follow(_ instrument: Instrument, hub: MarketDataHub) async
    /// Rebuilds a bot's share after the process restarted: positions from its fills, resting
    /// orders from its open orders.
    func restore(instrument: Instrument, fills: [Fill], openOrders: [OrderRequest]) async
    /// The account as one wallet: its cash and its equity.
    func wallet() async -> (balance: Money, equity: Money)
    /// One instrument's book: its cash and equity.
    func balance(_ id: InstrumentID) async -> (balance: Money, equity: Money)?
}
