/// `GET /api/v3/exchangeInfo`'s answer: the limits in force and each symbol's rules. A symbol
/// whose rules cannot be read is set aside in `unreadableSymbols` (its path and why) rather
/// than failing the catalogue.
public struct BinanceExchangeInfo: Hashable, Sendable, Decodable {
    public var serverTime: Int64?
    public var rateLimits: [BinanceRateLimit]
    public var symbols: [BinanceSymbolRules]
    public var unreadableSymbols: [String]

    enum CodingKeys: String, CodingKey { case serverTime, rateLimits, symbols }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverTime = try c.decodeIfPresent(Int64.self, forKey: .serverTime)
        rateLimits = try c.decodeIfPresent([BinanceRateLimit].self, forKey: .rateLimits) ?? []
        let items = try c.decode([Lenient<BinanceSymbolRules>].self, forKey: .symbols)
        symbols = items.compactMap(\.value)
        unreadableSymbols = items.compactMap(\.failure)
    }

    public func rules(_ symbol: String) -> BinanceSymbolRules? { symbols.first { $0.symbol == symbol } }
}
