import BotCore
import Foundation

/// Reading REST answers: the envelope `{"code","msg","data"}` (`code` a string, "0" for
/// success), the HTTP status, and for trade calls each item's `sCode`/`sMsg`. JSONDecoder is
/// fine here: REST answers are few.
public enum OKXResponse {
    /// The `data` items of a successful answer, or the error it stands for.
    public static func data<Item: Decodable>(_ type: Item.Type, status: Int, body: [UInt8]) throws(OKXError) -> [Item] {
        let head = try envelopeHead(status: status, body: body)
        guard head.code == "0" else { throw OKXError(code: head.code, message: head.msg, httpStatus: status) }
        return try decode(Envelope<Item>.self, status: status, body: body).data ?? []
    }

    /// The first `data` item of a successful answer (server time, account config, balance).
    public static func first<Item: Decodable>(_ type: Item.Type, status: Int, body: [UInt8]) throws(OKXError) -> Item {
        guard let item = try data(type, status: status, body: body).first else {
            throw OKXError.malformed("data", "empty", httpStatus: status)
        }
        return item
    }

    /// Every item's result of a trade call (place, cancel, amend, algo orders). `code` "1"
    /// (all failed) and "2" (some failed) still carry the items; any other code is the error.
    public static func acks(status: Int, body: [UInt8]) throws(OKXError) -> [OKXAck] {
        let head = try envelopeHead(status: status, body: body)
        guard ["0", "1", "2"].contains(head.code) else { throw OKXError(code: head.code, message: head.msg, httpStatus: status) }
        let items = try decode(Envelope<OKXAck>.self, status: status, body: body).data ?? []
        guard !items.isEmpty || head.code == "0" else { throw OKXError(code: head.code, message: head.msg, httpStatus: status) }
        return items
    }

    /// A single order's result: its ack when `sCode` is "0", else its error.
    public static func ack(status: Int, body: [UInt8]) throws(OKXError) -> OKXAck {
        guard let a = try acks(status: status, body: body).first else { throw OKXError.malformed("data", "empty", httpStatus: status) }
        if let e = a.error(httpStatus: status) { throw e }
        return a
    }

    struct Head: Decodable {
        var code: String
        var msg: String

        enum CodingKeys: String, CodingKey { case code, msg }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // A string per the docs; a number is read too rather than mistaken for no code.
            if let s = try? c.decode(String.self, forKey: .code) { code = s } else { code = String(try c.decode(Int.self, forKey: .code)) }
            msg = (try? c.decodeIfPresent(String.self, forKey: .msg)) ?? ""
        }
    }

    struct Envelope<Item: Decodable>: Decodable {
        var data: [Item]?
    }

    /// HTTP 5xx leaves the outcome open whatever the body says; another status without a
    /// readable envelope is classified by the status alone (429: rate limited).
    static func envelopeHead(status: Int, body: [UInt8]) throws(OKXError) -> Head {
        let head = try? JSONDecoder().decode(Head.self, from: Data(body))
        if status >= 500 {
            throw OKXError(kind: .unknownOutcome, code: head?.code ?? "", message: head?.msg ?? "HTTP \(status)", httpStatus: status)
        }
        guard let head else {
            if status != 200 { throw OKXError(code: "", message: "HTTP \(status) without an OKX answer", httpStatus: status) }
            return try decode(Head.self, status: status, body: body)
        }
        return head
    }

    /// `body` decoded as `T`, a failure named by its JSON path.
    static func decode<T: Decodable>(_ type: T.Type, status: Int?, body: [UInt8]) throws(OKXError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let e as DecodingError {
            throw OKXDecoding.error(e, httpStatus: status)
        } catch {
            throw OKXError.malformed("", "\(error)", httpStatus: status)
        }
    }
}

/// Turning JSONDecoder's errors into messages that name the field, and reading OKX's field
/// conventions: numbers as decimal strings, "" for "no value", booleans as "true"/"false".
enum OKXDecoding {
    static func error(_ e: DecodingError, httpStatus: Int? = nil) -> OKXError {
        switch e {
        case .keyNotFound(let key, let ctx): return .malformed(DecodingText.path(ctx.codingPath + [key]), "missing", httpStatus: httpStatus)
        case .valueNotFound(let type, let ctx): return .malformed(DecodingText.path(ctx.codingPath), "null where \(type) was expected", httpStatus: httpStatus)
        case .typeMismatch(let type, let ctx): return .malformed(DecodingText.path(ctx.codingPath), "expected \(DecodingText.typeName(type))", httpStatus: httpStatus)
        case .dataCorrupted(let ctx):
            let reason = ctx.codingPath.isEmpty ? "not JSON" : ctx.debugDescription
            return .malformed(DecodingText.path(ctx.codingPath), reason, httpStatus: httpStatus)
        @unknown default: return .malformed("", "\(e)", httpStatus: httpStatus)
        }
    }
}
