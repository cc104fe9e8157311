import Binance
import BinanceWire
import BotConfig
import BotCore
import Logging
import OKX
import OKXWire
import PaperTrading
import Runtime

/// Builds each account's venue from its configuration: the seam botd hands the supervisor.
public enum Venues {
    /// `environment`: the process's variables, where real accounts' credentials are read (and
    /// the vault's key, when `[credentials]` names a variable); the vault serves an account
    /// whose variables are not set.
    /// `markets`: the venues whose public feed botd runs (dry-run paper accounts need one).
    public static func factory(config: RuntimeConfig, prices: PriceBoard, environment: [String: String], markets: Set<String>,
                               logger: Logger) -> Supervisor.VenueFactory {
        let paper = PaperVenue.factory(config: config, prices: prices, markets: markets)
        return { account in
            switch account.venue {
            case "okx": return try okx(account, environment: environment, vault: config.credentials, logger: logger)
            case "binance":
                return try binance(account, environment: environment, vault: config.credentials, logger: logger) { id in
                    prices.lastTrade(id)?.price
                }
            default: return try paper(account)
            }
        }
    }

    /// An OKX account's gateway. Its checks against OKX (key, permissions, position mode)
    /// happen when the supervisor opens it; here only what needs no network: credentials,
    /// from its variables or else from `vault` (read at each call, never kept: an account
    /// refused for want of keys opens once `botctl credentials add` stored them).
    public static func okx(_ account: AccountConfig, environment: [String: String], vault: CredentialsConfig? = nil,
                           clock: VenueClock = VenueClock(), logger: Logger) throws -> OKXVenue {
        let credentials: Credentials
        do { credentials = try account.credentials(from: environment, vault: vault) } catch {
            throw AccountRefused(account: account.name, reason: error.description)
        }
        guard let passphrase = credentials.passphrase else {
            throw AccountRefused(account: account.name, reason: "an OKX account needs a passphrase (passphrase_env, or in its vault entry)")
        }
        guard let env = account.environment, let endpoints = account.endpoints else {
            throw AccountRefused(account: account.name, reason: "an OKX account needs environment = \"demo\" or \"live\"")
        }
        let okxCredentials = OKXCredentials(apiKey: credentials.apiKey, secret: credentials.apiSecret, passphrase: passphrase)
        let rest = OKXRestClient(base: endpoints.rest, environment: env == .demo ? .demo : .live, credentials: okxCredentials,
                                 caFile: account.caFile, clock: clock, name: "okx-\(account.name)")
        let settings = OKXAccountSettings(account: account.name, positionMode: account.positionMode == .hedge ? .longShort : .net,
                                          privateURL: endpoints.wsPrivate, businessURL: endpoints.wsBusiness, caFile: account.caFile,
                                          fundingPollEvery: .seconds(account.fundingPollSeconds ?? 60))
        return OKXVenue(settings: settings, rest: rest, credentials: okxCredentials, logger: logger)
    }

    /// A Binance spot account's gateway, as `okx` builds OKX's: credentials from its variables
    /// or the vault, nothing on the network yet. `lastPrice` serves the stops botd keeps for
    /// symbols that take none. A live key's restrictions are checked when it opens; the
    /// testnet (demo) serves no such endpoint and moves no real money.
    public static func binance(_ account: AccountConfig, environment: [String: String], vault: CredentialsConfig? = nil,
                               clock: VenueClock = VenueClock(), logger: Logger,
                               lastPrice: @escaping @Sendable (InstrumentID) -> Price? = { _ in nil }) throws -> BinanceVenue {
        let credentials: Credentials
        do { credentials = try account.credentials(from: environment, vault: vault) } catch {
            throw AccountRefused(account: account.name, reason: error.description)
        }
        guard let env = account.environment, let endpoints = account.endpoints else {
            throw AccountRefused(account: account.name, reason: "a Binance account needs environment = \"demo\" (the spot testnet) or \"live\"")
        }
        let keys = BinanceCredentials(apiKey: credentials.apiKey, secret: credentials.apiSecret)
        let rest = BinanceRestClient(base: endpoints.rest, credentials: keys, caFile: account.caFile, clock: clock,
                                     name: "binance-\(account.name)")
        let settings = BinanceAccountSettings(account: account.name, webSocketAPIURL: endpoints.wsPrivate, caFile: account.caFile,
                                              checksKeyRestrictions: env == .live)
        return BinanceVenue(settings: settings, rest: rest, credentials: keys, logger: logger, lastPrice: lastPrice)
    }

    /// OKX's public market for the accounts that trade or dry-run on OKX, or nil when none
    /// does. One feed serves them all (one WebSocket per service for the whole daemon); the
    /// first such account by name gives its servers, and an account that names others is
    /// told so in the log.
    public static func okxFeed(config: RuntimeConfig, logger: Logger) -> OKXMarketFeed? {
        let users = config.accounts.values.filter { $0.venue == "okx" || $0.market == "okx" }.sorted { $0.name < $1.name }
        guard let first = users.first, let endpoints = first.endpoints else { return nil }
        for other in users.dropFirst() where other.endpoints?.wsPublic != endpoints.wsPublic {
            logger.warning("one OKX market feed serves every account; this account's public servers are not used",
                           metadata: ["account": "\(other.name)", "feed_account": "\(first.name)"])
        }
        let rest = OKXRestClient(base: endpoints.rest, environment: first.environment == .demo ? .demo : .live, credentials: nil,
                                 caFile: first.caFile, name: "okx-market")
        return OKXMarketFeed(publicURL: endpoints.wsPublic, businessURL: endpoints.wsBusiness, rest: rest, caFile: first.caFile,
                             logger: logger)
    }

    /// Binance's public market for the accounts that trade or dry-run on Binance, as `okxFeed`
    /// for OKX: one combined-stream connection for the daemon, the first account by name
    /// giving its servers. Its REST calls share the IP's weight with every Binance account.
    public static func binanceFeed(config: RuntimeConfig, logger: Logger) -> BinanceMarketFeed? {
        let users = config.accounts.values.filter { $0.venue == "binance" || $0.market == "binance" }.sorted { $0.name < $1.name }
        guard let first = users.first, let endpoints = first.endpoints else { return nil }
        for other in users.dropFirst() where other.endpoints?.wsPublic != endpoints.wsPublic {
            logger.warning("one Binance market feed serves every account; this account's public servers are not used",
                           metadata: ["account": "\(other.name)", "feed_account": "\(first.name)"])
        }
        let rest = BinanceRestClient(base: endpoints.rest, credentials: nil, caFile: first.caFile, name: "binance-market")
        return BinanceMarketFeed(streamsURL: streamsURL(endpoints.wsPublic), rest: rest, caFile: first.caFile, logger: logger)
    }

    /// The combined stream endpoint on a Binance stream host (`wss://…:9443` → `…/stream`).
    static func streamsURL(_ host: String) -> String {
        let trimmed = host.hasSuffix("/") ? String(host.dropLast()) : host
        return trimmed.hasSuffix("/stream") ? trimmed : trimmed + "/stream"
    }
}
