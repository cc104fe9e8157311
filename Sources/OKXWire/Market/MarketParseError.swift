/// Why a market frame could not be read: where (byte offset), which field ("data[1].px"), and
/// what was wrong. The frame's text is never quoted whole: it may be large.
public struct OKXMarketParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    /// The JSON path of the field, empty for a syntax error outside the fields the parser reads.
    public var field: String
    public var reason: String

    public init(offset: Int, field: String, reason: String) {
        self.offset = offset
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(reason) at byte \(offset)" : "\(field): \(reason) (byte \(offset))"
    }
}

/// What went wrong inside the scanner, with static text only: building strings is left to the
/// one place that throws the public error, so the success path never allocates for errors.
struct MarketFault: Error {
    var offset: Int
    var reason: StaticString
    /// True for a message that is valid JSON but not the expected shape; such a fault waits
    /// until the frame is known not to be an event (which is not a market push at all).
    var shape: Bool
}
