import Commands

/// The answer to one request line, and whether the connection now streams events.
public struct CommandResponse: Sendable {
    public var line: String
    /// Set when the request subscribed: the transport streams the events after this sequence
    /// number until the client leaves.
    public var subscribedAfter: Int?

    public init(line: String, subscribedAfter: Int? = nil) {
        self.line = line
        self.subscribedAfter = subscribedAfter
    }

    /// `{"id", "ok": true, "result"}`, the request's id echoed.
    static func success(_ id: JSONValue, _ result: JSONValue) -> String {
        JSONValue.object([("id", id), ("ok", .bool(true)), ("result", result)]).text
    }

    /// `{"id", "ok": false, "error": {"code", "message"}}`, the request's id echoed (`null`
    /// when there was none to echo).
    static func failure(_ id: JSONValue, _ e: CommandError) -> String {
        JSONValue.object([("id", id), ("ok", .bool(false)),
                          ("error", .object([("code", .string(e.code)), ("message", .string(e.message))]))]).text
    }
}
