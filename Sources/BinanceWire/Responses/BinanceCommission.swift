import BotCore

/// A commission as Binance charges it: an amount of some asset. A buy is usually charged in
/// the base asset, a sell in the quote asset, and an account paying with BNB in BNB.
public struct BinanceCommission: Hashable, Sendable {
    public var amount: Money
    /// "" when nothing was charged (Binance writes null).
    public var asset: String

    public init(amount: Money, asset: String) {
        self.amount = amount
        self.asset = asset
    }

    /// The commission in `instrument`'s quote currency at the fill's `price`, as a `Fill`
    /// holds it; nil when it is in a third asset (BNB), which only the caller can convert, or
    /// when the product leaves fixed point's range.
    public func inQuote(price: Price, instrument: Instrument) -> Money? {
        if amount.isZero || asset == instrument.quote { return amount }
        if asset == instrument.base { return Self.times(amount, price) }
        return nil
    }

    /// The commission when Binance took it in the base asset (a buy's): what the buyer did not
    /// get, which the position must not count (`Fill.baseFee`); nil otherwise.
    public func inBase(_ instrument: Instrument) -> Quantity? {
        guard asset == instrument.base, amount.raw > 0 else { return nil }
        return Quantity(raw: amount.raw)
    }

    /// The fee a `Fill` books: in quote currency when it can be; for a third asset, converted
    /// at `thirdAssetPrice` (that asset's price in the quote currency, which the caller knows)
    /// or else zero, the commission itself staying on the typed answer or event to be booked.
    func feeForFill(price: Price, instrument: Instrument, thirdAssetPrice: Price?, field: String) throws(BinanceError) -> Money {
        if amount.isZero || asset == instrument.quote { return amount }
        let rate = asset == instrument.base ? price : thirdAssetPrice
        guard let rate else { return .zero }
        guard let fee = Self.times(amount, rate) else {
            throw BinanceError.malformed(field, "\(amount) \(asset.prefix(12)) at \(rate) is out of range in \(instrument.quote)")
        }
        return fee
    }

    /// `amount × rate` rounded half-even to fixed point's nine decimals, nil past its range
    /// (BotCore's `times` would trap, and the inputs come from the network).
    static func times(_ amount: Money, _ rate: Price) -> Money? {
        let p = Int128(amount.raw) * Int128(rate.raw), f = Int128(FixedPointScale.factor)
        var q = p / f
        let twice = (p % f).magnitude * 2
        if twice > f.magnitude || (twice == f.magnitude && q % 2 != 0) { q += p < 0 ? -1 : 1 }
        return Int64(exactly: q).map { Money(raw: $0) }
    }
}
