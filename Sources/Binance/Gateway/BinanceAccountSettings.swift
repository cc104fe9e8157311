import BotCore

/// How one Binance spot account is traded: the servers it uses and the timings of the
/// never-twice rule.
public struct BinanceAccountSettings: Sendable {
    public var account: String
    /// The venue name of the account's instruments (`binance`).
    public var venue: String
    /// The WebSocket API (`wss://…/ws-api/v3`), which carries the account's user data.
    public var webSocketAPIURL: String
    public var caFile: String?
    /// Whether the key's restrictions are read (`/sapi/v1/account/apiRestrictions`) and a key
    /// that can withdraw refused. Only production serves the endpoint; the testnet's keys move
    /// no real money.
    public var checksKeyRestrictions: Bool
    /// How long past an unanswered order's deadline (its timestamp plus `recvWindow`) to wait
    /// before asking about it.
    public var settleMs: Int64
    /// Tries for an order whose sends go unanswered before its fate is left to reconciliation.
    public var maxSends: Int
    public var clockSyncEvery: Duration
    /// How long after an order-count window's end on our reading of Binance's clock the window
    /// is taken to have turned (`BinanceLimitBook.guardMs`): more than that reading can be off.
    public var clockGuardMs: Int64
    public var rulesRefreshEvery: Duration
    /// How often stops kept by botd (a symbol without STOP_LOSS_LIMIT) look at the last trade.
    public var keptStopPollEvery: Duration
    /// A stop-market sent as STOP_LOSS_LIMIT (a symbol without STOP_LOSS) carries a limit this
    /// far beyond its trigger, so that it fills like a market order in all but a gap.
    public var stopLimitSlippage: Ratio
    /// Fees used until the account's own rates are read.
    public var makerFee: Ratio
    public var takerFee: Ratio

    public init(account: String, venue: String = "binance", webSocketAPIURL: String, caFile: String? = nil,
                checksKeyRestrictions: Bool = true, settleMs: Int64 = 1_000, maxSends: Int = 3,
                clockSyncEvery: Duration = .seconds(300), clockGuardMs: Int64 = BinanceLimitBook.clockGuardMs, rulesRefreshEvery: Duration = .seconds(3_600),
                keptStopPollEvery: Duration = .milliseconds(50), stopLimitSlippage: Ratio = Ratio.of("0.01"),
                makerFee: Ratio = Ratio.of("0.001"), takerFee: Ratio = Ratio.of("0.001")) {
        self.account = account
        self.venue = venue
        self.webSocketAPIURL = webSocketAPIURL
        self.caFile = caFile
        self.checksKeyRestrictions = checksKeyRestrictions
        self.settleMs = settleMs
        self.maxSends = maxSends
        self.clockSyncEvery = clockSyncEvery
        self.clockGuardMs = clockGuardMs
        self.rulesRefreshEvery = rulesRefreshEvery
        self.keptStopPollEvery = keptStopPollEvery
        self.stopLimitSlippage = stopLimitSlippage
        self.makerFee = makerFee
        self.takerFee = takerFee
    }
}

/// Why a Binance account cannot be traded: what botd says when it refuses it.
public struct BinanceAccountError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
