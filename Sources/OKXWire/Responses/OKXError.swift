import BotCore

/// An OKX call that did not succeed: its kind, OKX's code and message, and the HTTP status
/// when there was one. Built from what OKX answered, never from what was sent, so no
/// credential can end up in it.
public struct OKXError: Error, Hashable, Sendable, CustomStringConvertible {
    public var kind: OKXErrorKind
    /// OKX's code ("51016", "51008_1000"); empty when OKX gave none.
    public var code: String
    public var message: String
    public var httpStatus: Int?

    public init(code: String, message: String, httpStatus: Int? = nil) {
        self.kind = OKXErrorKind.classify(code: code, httpStatus: httpStatus)
        self.code = code
        self.message = Self.clip(message)
        self.httpStatus = httpStatus
    }

    public init(kind: OKXErrorKind, code: String = "", message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = Self.clip(message)
        self.httpStatus = httpStatus
    }

    /// No answer in time, or the connection broke after sending: the transport's verdict.
    public static func unknownOutcome(_ why: String) -> OKXError { OKXError(kind: .unknownOutcome, message: why) }

    /// An answer that could not be read; `field` is its JSON path ("data[0].fillPx").
    public static func malformed(_ field: String, _ reason: String, httpStatus: Int? = nil) -> OKXError {
        OKXError(kind: .malformedResponse, message: field.isEmpty ? reason : "\(field): \(reason)", httpStatus: httpStatus)
    }

    public var description: String {
        var s = "OKX"
        if !code.isEmpty { s += " \(code)" }
        s += " (\(kind.rawValue))"
        if !message.isEmpty { s += ": \(message)" }
        if let httpStatus { s += " [HTTP \(httpStatus)]" }
        return s
    }

    /// The call's acknowledgement for the order pipeline: an open outcome stays open (the
    /// reconciliation decides), everything else is a refusal with OKX's code and message.
    public var venueAck: VenueAck {
        kind == .unknownOutcome ? .unknown : .rejected(code: code, message: message.isEmpty ? kind.rawValue : message)
    }

    /// OKX's messages are short, but a WebSocket 60012 echoes the request it refused, and a
    /// login request carries the passphrase and a signature: such an echo is withheld.
    private static func clip(_ m: String) -> String {
        if m.lowercased().contains("passphrase") || m.contains("\"sign\"") {
            return "(OKX's echo of the request is withheld: it may hold credentials)"
        }
        return m.count > 300 ? String(m.prefix(300)) + "…" : m
    }
}
