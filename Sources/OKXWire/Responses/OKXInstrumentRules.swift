import BotCore

/// An instrument's `state`. Open-ended: OKX may add states, and an unknown one must not stop
/// the catalogue from loading; only `live` trades.
public struct OKXInstrumentState: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let live = Self(rawValue: "live")
    public static let suspend = Self(rawValue: "suspend")
    public static let preopen = Self(rawValue: "preopen")
    public static let test = Self(rawValue: "test")
}

/// An instrument's trading rules from `GET /api/v5/public/instruments`.
public struct OKXInstrumentRules: Hashable, Sendable, Decodable {
    public var instType: OKXInstrumentType
    public var instId: String
    /// Spot: the pair's currencies. Derivatives leave them "" and name `instFamily` ("BTC-USDT").
    public var baseCurrency: String
    public var quoteCurrency: String
    public var settleCurrency: String
    public var instFamily: String
    public var tickSize: Price
    public var lotSize: Quantity
    public var minSize: Quantity
    /// Derivatives: base units per contract (× `ctMult`); nil for spot.
    public var contractValue: Quantity?
    public var contractMultiplier: Quantity?
    public var maxLeverage: Ratio?
    public var state: OKXInstrumentState

    enum CodingKeys: String, CodingKey {
        case instType, instId, baseCcy, quoteCcy, settleCcy, instFamily, tickSz, lotSz, minSz, ctVal, ctMult, lever, state
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instType = try c.value(.instType)
        instId = try c.decode(String.self, forKey: .instId)
        baseCurrency = try c.text(.baseCcy)
        quoteCurrency = try c.text(.quoteCcy)
        settleCurrency = try c.text(.settleCcy)
        instFamily = try c.text(.instFamily)
        tickSize = try c.decimal(.tickSz)
        lotSize = try c.decimal(.lotSz)
        minSize = try c.decimal(.minSz)
        contractValue = try c.decimalIfPresent(.ctVal)
        contractMultiplier = try c.decimalIfPresent(.ctMult)
        maxLeverage = try c.decimalIfPresent(.lever)
        state = OKXInstrumentState(rawValue: try c.decode(String.self, forKey: .state))
        guard tickSize.raw > 0 else { throw DecodingError.dataCorruptedError(forKey: .tickSz, in: c, debugDescription: "not positive") }
        guard lotSize.raw > 0 else { throw DecodingError.dataCorruptedError(forKey: .lotSz, in: c, debugDescription: "not positive") }
    }

    /// The runtime's instrument (spot or perpetual swap) with the account's fee rates, which
    /// this endpoint does not give. OKX has no minimum notional: the minimum is `minSz`.
    public func instrument(venue: String = "okx", makerFee: Ratio, takerFee: Ratio,
                           maintenanceMarginRate: Ratio = 0) throws(OKXError) -> Instrument {
        let kind: InstrumentKind, base: String, quote: String
        var contract: Quantity = 1
        switch instType {
        case .spot:
            kind = .spot
            (base, quote) = (baseCurrency, quoteCurrency)
        case .swap:
            kind = .perpetual
            let family = instFamily.split(separator: "-")
            guard family.count == 2 else { throw OKXError.malformed("instFamily", "'\(instFamily.prefix(30))' is not BASE-QUOTE") }
            (base, quote) = (String(family[0]), String(family[1]))
            guard let ctVal = contractValue, ctVal.raw > 0 else { throw OKXError.malformed("ctVal", "a swap without a contract value") }
            contract = ctVal
            if let m = contractMultiplier, m.raw > 0, m != 1 { contract = ctVal.times(m, .halfEven) }
        default:
            throw OKXError.malformed("instType", "\(instType.rawValue) has no runtime instrument (SPOT and SWAP do)")
        }
        guard !base.isEmpty, !quote.isEmpty else { throw OKXError.malformed("baseCcy", "missing currencies") }
        return Instrument(id: InstrumentID(venue: venue, symbol: instId), kind: kind, base: base, quote: quote, tickSize: tickSize,
                          lotSize: lotSize, minSize: minSize, minNotional: 0, contractValue: contract, makerFee: makerFee,
                          takerFee: takerFee, maintenanceMarginRate: maintenanceMarginRate, maxLeverage: maxLeverage ?? 1)
    }
}
