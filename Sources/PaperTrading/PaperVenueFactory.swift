import BotConfig
import BotCore
import Runtime

extension PaperVenue {
    /// Builds each paper account's venue from runtime.toml's `[paper]` settings and the
    /// account's own leverage; its orders meet the hub's last trades.
    ///
    /// Any other account is refused, never traded on paper instead: a user who configured OKX
    /// and got simulated fills without noticing would be worse off than one told plainly.
    ///
    /// A dry-run account (`market = "okx"`) is a paper venue too: it meets the trades of the
    /// venue's public feed, which the hub serves for that venue's instruments when botd runs
    /// it (`markets`). A market botd does not follow is refused, never simulated instead.
    public static func factory(config: RuntimeConfig, prices: PriceBoard, markets: Set<String> = []) -> Supervisor.VenueFactory {
        { account in
            guard account.venue == "paper" else {
                throw AccountRefused(account: account.name, reason: "the \(account.venue) venue is not in this build yet")
            }
            if let market = account.market, !markets.contains(market) {
                throw AccountRefused(account: account.name, reason: "a dry-run on \(market)'s market is not in this build yet")
            }
            return PaperVenue(account: account.name, config: config.paper(for: account.name), prices: prices)
        }
    }
}
