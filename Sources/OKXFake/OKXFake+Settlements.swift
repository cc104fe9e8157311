import BotCore

/// What OKX does to positions by itself, when the test says: funding and liquidations.
extension OKXFake {
    /// Settles funding on `instId` now (the fake clock's time) at `rate`: a funding-rate-history
    /// entry, and for every account's open position on it a type 8 bill (173 paid, 174
    /// received) of notional at the mark (the last price) × rate, and an account push.
    /// Throws when the instrument is unknown or has no price yet.
    public func settleFunding(_ instId: String, rate: Ratio) throws(FakeError) {
        try core.with { v throws(FakeError) in try v.settleFunding(instId: instId, rate: rate) }
    }

    /// Liquidates one leg of the account `uid` ("long"/"short" in long/short mode, "net" in net
    /// mode), as OKX's risk engine does when the price reaches liqPx: in full when `size` is
    /// nil, else `size` contracts (a lot multiple, at most the position). Throws when there is
    /// no such account or position, or the size does not fit.
    public func liquidate(_ instId: String, account uid: String, posSide: String, size: Quantity? = nil) throws(FakeError) {
        try core.with { v throws(FakeError) in try v.liquidate(instId: instId, uid: uid, posSide: posSide, size: size) }
    }
}
