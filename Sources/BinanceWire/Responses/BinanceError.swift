import BotCore

/// A Binance call that did not succeed: its kind, Binance's code and message, and the HTTP
/// status when there was one. Built from what Binance answered, never from what was sent, so
/// no credential can end up in it.
public struct BinanceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var kind: BinanceErrorKind
    /// Binance's code (-1021); nil when it gave none.
    public var code: Int?
    public var message: String
    public var httpStatus: Int?
    /// When to try again (epoch ms) where Binance says: the WebSocket API's `retryAfter`, or
    /// the time in "IP banned until …". A REST 429 or 418 says it in a header: `BinanceBackoff`.
    public var retryAfterMs: Int64?

    public init(code: Int?, message: String, httpStatus: Int? = nil, retryAfterMs: Int64? = nil) {
        self.kind = BinanceErrorKind.classify(code: code, message: message, httpStatus: httpStatus)
        self.code = code
        self.message = Self.clip(message)
        self.httpStatus = httpStatus
        self.retryAfterMs = retryAfterMs ?? Self.bannedUntil(message)
    }

    public init(kind: BinanceErrorKind, code: Int? = nil, message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = Self.clip(message)
        self.httpStatus = httpStatus
        self.retryAfterMs = nil
    }

    /// No answer in time, or the connection broke after sending: the transport's verdict.
    public static func unknownOutcome(_ why: String) -> BinanceError { BinanceError(kind: .unknownOutcome, message: why) }

    /// An answer that could not be read; `field` is its JSON path ("fills[0].commission").
    public static func malformed(_ field: String, _ reason: String, httpStatus: Int? = nil) -> BinanceError {
        BinanceError(kind: .malformedResponse, message: field.isEmpty ? reason : "\(field): \(reason)", httpStatus: httpStatus)
    }

    public var description: String {
        var s = "Binance"
        if let code { s += " \(code)" }
        s += " (\(kind.rawValue))"
        if !message.isEmpty { s += ": \(message)" }
        if let httpStatus { s += " [HTTP \(httpStatus)]" }
        return s
    }

    /// The call's acknowledgement for the order pipeline: an open outcome stays open (the
    /// reconciliation decides), everything else is a refusal with Binance's code and message.
    public var venueAck: VenueAck {
        kind == .unknownOutcome ? .unknown : .rejected(code: code.map(String.init) ?? "", message: message.isEmpty ? kind.rawValue : message)
    }

    /// The epoch ms in "…IP banned until 1659146400000…", if the message has it.
    static func bannedUntil(_ message: String) -> Int64? {
        guard let r = message.firstRange(of: "banned until ") else { return nil }
        let digits = message[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.count >= 10 && digits.count <= 16 ? Int64(digits) : nil
    }

    private static func clip(_ m: String) -> String { m.count > 300 ? String(m.prefix(300)) + "…" : m }
}
