/// `GET /api/v3/time`'s answer.
public struct BinanceServerTime: Hashable, Sendable, Decodable {
    public var ms: Int64
    enum CodingKeys: String, CodingKey { case serverTime }
    public init(from decoder: any Decoder) throws {
        ms = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .serverTime)
    }
}
