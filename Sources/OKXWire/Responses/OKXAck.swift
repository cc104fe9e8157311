/// One item's result of a trade call (place, cancel, amend, algo place or cancel): the ids
/// OKX knows the order by, and `sCode`/`sMsg`, "0" when this item succeeded.
public struct OKXAck: Hashable, Sendable, Decodable {
    public var orderID: String
    public var clientOrderID: String
    public var algoID: String
    public var algoClientOrderID: String
    public var requestID: String
    /// When OKX handled it (ms), if it says.
    public var ts: Int64?
    public var sCode: String
    public var sMsg: String
    public var subCode: String

    enum CodingKeys: String, CodingKey {
        case ordId, clOrdId, algoId, algoClOrdId, reqId, ts, sCode, sMsg, subCode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orderID = try c.text(.ordId)
        clientOrderID = try c.text(.clOrdId)
        algoID = try c.text(.algoId)
        algoClientOrderID = try c.text(.algoClOrdId)
        requestID = try c.text(.reqId)
        ts = try c.millisIfPresent(.ts)
        sCode = try c.decode(String.self, forKey: .sCode)
        sMsg = try c.text(.sMsg)
        subCode = try c.text(.subCode)
    }

    public var succeeded: Bool { sCode == "0" }

    /// This item's error, nil when it succeeded; a sub-code joins the code as in OKX's tables
    /// ("51008_1000").
    public func error(httpStatus: Int? = nil) -> OKXError? {
        guard !succeeded else { return nil }
        return OKXError(code: subCode.isEmpty ? sCode : "\(sCode)_\(subCode)", message: sMsg, httpStatus: httpStatus)
    }
}
