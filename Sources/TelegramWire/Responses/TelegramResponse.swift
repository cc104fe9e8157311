import Foundation

/// Reading answers: the envelope `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":…,"description":…,"parameters":{…}}`, and the HTTP status for
/// answers that are not Telegram's (a proxy's HTML page). JSONDecoder is fine here: answers
/// are few.
public enum TelegramResponse {
    /// The call's result as `T`, or the error it stands for.
    public static func decode<T: Decodable>(_ type: T.Type, status: Int, body: [UInt8]) throws(TelegramError) -> T {
        let data = Data(body)
        guard let head = try? JSONDecoder().decode(Head.self, from: data), let ok = head.ok else {
            // Not Telegram's envelope. A success status is a misshapen answer; anything else
            // (an HTML 502, a gateway timeout) is the server's trouble, retried later.
            if (200..<300).contains(status) { throw .malformed(field: "", reason: "not a Telegram answer (HTTP \(status))") }
            throw .server(status: status)
        }
        guard ok else { throw error(head, status: status) }
        do {
            guard let result = try JSONDecoder().decode(Envelope<T>.self, from: data).result else {
                throw TelegramError.malformed(field: "result", reason: "missing")
            }
            return result
        } catch let e as TelegramError {
            throw e
        } catch let e as DecodingError {
            let (field, reason) = TelegramDecoding.split(e)
            throw .malformed(field: field, reason: reason)
        } catch {
            throw .malformed(field: "result", reason: "unreadable")
        }
    }

    /// The error an `ok:false` envelope stands for. `parameters` decide first, as the docs
    /// say they should (the description is for people and may change); then the code.
    static func error(_ head: Head, status: Int) -> TelegramError {
        if let r = head.parameters?.retryAfter { return .rateLimited(retryAfter: max(0, r)) }
        if let id = head.parameters?.migrateToChatID { return .chatMigrated(to: id) }
        let code = head.errorCode ?? status
        let text = clip(TelegramRedaction.redact(head.description ?? ""))
        switch code {
        case 429: return .rateLimited(retryAfter: TelegramError.defaultRetryAfter)
        case 401: return .unauthorized(text)
        case 403: return .forbidden(text)
        case 409: return .conflict(text)
        case 400: return text.lowercased().contains("message is not modified") ? .notModified : .badRequest(text)
        case 500...599: return .server(status: code)
        default: return .rejected(code: code, description: text)
        }
    }

    /// Descriptions are short; an odd one is cut so that a log line stays a line.
    private static func clip(_ s: String) -> String { s.count > 300 ? String(s.prefix(300)) + "…" : s }

    struct Head: Decodable {
        var ok: Bool?
        var description: String?
        var errorCode: Int?
        var parameters: Parameters?

        enum CodingKeys: String, CodingKey {
            case ok, description, parameters
            case errorCode = "error_code"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ok = try c.decodeIfPresent(Bool.self, forKey: .ok)
            // Error details are read leniently: an odd one must not hide the error itself.
            description = try? c.decodeIfPresent(String.self, forKey: .description)
            errorCode = try? c.decodeIfPresent(Int.self, forKey: .errorCode)
            parameters = try? c.decodeIfPresent(Parameters.self, forKey: .parameters)
        }
    }

    /// `ResponseParameters`.
    struct Parameters: Decodable {
        var retryAfter: Int?
        var migrateToChatID: Int64?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
            case migrateToChatID = "migrate_to_chat_id"
        }
    }

    struct Envelope<T: Decodable>: Decodable {
        var result: T?
    }
}
