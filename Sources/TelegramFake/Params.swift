import FakeKit

/// A Bot API call's parameters, wherever the client put them: the query string, an
/// urlencoded form, or a JSON object body (multipart, for uploads, is not read: the bot sends
/// no files). Values in the query or a form are text (a JSON array or object written as text
/// there, as Telegram reads `reply_markup`).
struct Params {
    var values: [String: JSON] = [:]

    /// nil when the body claims to be JSON and is not a JSON object (Telegram's 400).
    init?(_ request: RESTRequest) {
        for (k, v) in request.query { values[k] = .string(v) }
        let type = (request.header("Content-Type") ?? "").lowercased()
        if type.hasPrefix("application/json") {
            guard !request.body.isEmpty else { return }
            guard let body = JSON.parse(request.body), case .object(let pairs) = body else { return nil }
            for (k, v) in pairs { values[k] = v }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            for (k, v) in RESTRequest.pairs(request.bodyText) { values[k] = .string(v) }
        }
    }

    /// A value as text (numbers too: clients send ids either way); nil when absent or null.
    func string(_ key: String) -> String? {
        guard let v = values[key] else { return nil }
        if case .null = v { return nil }
        return v.string
    }

    func int(_ key: String) -> Int64? { string(key).flatMap { Int64($0) } }

    /// `true`, "true" or 1 (any case), as the Bot API server reads a Boolean.
    func bool(_ key: String) -> Bool {
        guard let v = values[key] else { return false }
        if case .bool(let b) = v { return b }
        let s = v.string?.lowercased()
        return s == "true" || s == "1"
    }

    /// A JSON value sent as itself or as text.
    func json(_ key: String) -> JSON? {
        guard let v = values[key] else { return nil }
        switch v {
        case .string(let s): return JSON.parse(s)
        case .null: return nil
        default: return v
        }
    }
}
