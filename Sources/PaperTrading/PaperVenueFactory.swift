import BotConfig
import BotCore
import Runtime

extension PaperVenue {
    /// Builds each paper account's venue from runtime.toml's `[paper]` settings and the
    /// account's own leverage; its orders meet the hub's last trades.
    public static func factory(config: RuntimeConfig, prices: PriceBoard) -> Supervisor.VenueFactory {
        { account in PaperVenue(account: account.name, config: config.paper(for: account.name), prices: prices) }
    }
}
