import BotCore
import Foundation

/// Reading REST answers: a 2xx status carries the answer, any other status the error envelope
/// `{"code":-1121,"msg":"Invalid symbol."}`. JSONDecoder is fine here: REST answers are few.
public enum BinanceResponse {
    /// The answer of a call as `T`, or the error it stands for.
    public static func decode<T: Decodable>(_ type: T.Type, status: Int, body: [UInt8]) throws(BinanceError) -> T {
        guard (200..<300).contains(status) else { throw error(status: status, body: body) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let e as DecodingError {
            // An error envelope where an answer was expected is the error, not a misshapen answer.
            if let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) {
                throw BinanceError(code: envelope.code, message: envelope.msg, httpStatus: status)
            }
            throw BinanceDecoding.error(e, httpStatus: status)
        } catch {
            throw BinanceError.malformed("", "\(error)", httpStatus: status)
        }
    }

    /// The error an answer with a status other than 2xx stands for. A 5xx leaves the outcome
    /// open whatever the body says; without a readable envelope the status alone classifies it
    /// (429: rate limited, 418: banned, 403: the firewall).
    public static func error(status: Int, body: [UInt8]) -> BinanceError {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) else {
            let kind = BinanceErrorKind.classify(code: nil, message: "", httpStatus: status)
            return BinanceError(kind: kind, message: "HTTP \(status) without a Binance answer", httpStatus: status)
        }
        return BinanceError(code: envelope.code, message: envelope.msg, httpStatus: status)
    }

    struct Envelope: Decodable {
        var code: Int
        var msg: String
    }
}

/// Turning JSONDecoder's errors into messages that name the field.
enum BinanceDecoding {
    static func error(_ e: DecodingError, httpStatus: Int? = nil) -> BinanceError {
        BinanceError.malformed("", describe(e), httpStatus: httpStatus)
    }

    /// `fills[0].commission: missing`.
    static func describe(_ e: DecodingError) -> String {
        func at(_ keys: [any CodingKey], _ reason: String) -> String {
            let p = DecodingText.path(keys)
            return p.isEmpty ? reason : "\(p): \(reason)"
        }
        switch e {
        case .keyNotFound(let key, let ctx): return at(ctx.codingPath + [key], "missing")
        case .valueNotFound(let type, let ctx): return at(ctx.codingPath, "null where \(DecodingText.typeName(type)) was expected")
        case .typeMismatch(let type, let ctx): return at(ctx.codingPath, "expected \(DecodingText.typeName(type))")
        case .dataCorrupted(let ctx): return at(ctx.codingPath, ctx.codingPath.isEmpty ? "not JSON" : ctx.debugDescription)
        @unknown default: return "\(e)"
        }
    }
}
