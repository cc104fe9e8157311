import BotCore
import OKXWire

/// How one OKX account is traded: the settings botd checks it against and the servers it uses.
public struct OKXAccountSettings: Sendable {
    public var account: String
    /// The venue name of the account's instruments (`okx`).
    public var venue: String
    /// What the account's position mode must be (`account/config` `posMode`); botd never
    /// changes it on the user's behalf.
    public var positionMode: OKXPositionMode
    public var marginMode: OKXMarginMode
    public var privateURL: String
    public var businessURL: String
    public var caFile: String?
    /// How far ahead of the venue's clock a place or amend expires (`expTime`): an order that
    /// has not reached OKX by then is dropped by OKX, so after it a "not found" is final.
    public var expiryMs: Int64
    /// How long past the expiry to wait before asking about an unanswered order.
    public var settleMs: Int64
    /// Tries for an order whose sends go unanswered before its fate is left to reconciliation.
    public var maxSends: Int
    public var clockSyncEvery: Duration
    public var rulesRefreshEvery: Duration
    /// How often the account's bills are read for funding fees OKX charged.
    public var fundingPollEvery: Duration
    /// Fees the account pays (OKX's instrument list does not carry them).
    public var makerFee: Ratio
    public var takerFee: Ratio

    public init(account: String, venue: String = "okx", positionMode: OKXPositionMode, marginMode: OKXMarginMode = .isolated,
                privateURL: String, businessURL: String, caFile: String? = nil, expiryMs: Int64 = 5_000, settleMs: Int64 = 1_000,
                maxSends: Int = 3, clockSyncEvery: Duration = .seconds(300), rulesRefreshEvery: Duration = .seconds(3_600),
                fundingPollEvery: Duration = .seconds(60),
                makerFee: Ratio = Ratio.of("0.0002"), takerFee: Ratio = Ratio.of("0.0005")) {
        self.account = account
        self.venue = venue
        self.positionMode = positionMode
        self.marginMode = marginMode
        self.privateURL = privateURL
        self.businessURL = businessURL
        self.caFile = caFile
        self.expiryMs = expiryMs
        self.settleMs = settleMs
        self.maxSends = maxSends
        self.clockSyncEvery = clockSyncEvery
        self.rulesRefreshEvery = rulesRefreshEvery
        self.fundingPollEvery = fundingPollEvery
        self.makerFee = makerFee
        self.takerFee = takerFee
    }
}

/// Why an OKX account cannot be traded: what botd says when it refuses it.
public struct OKXAccountError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
