/// Why a market stream message could not be read: where (byte offset), which field
/// ("data.k.x"), and what was wrong. The message's text is never quoted whole.
public struct BinanceMarketParseError: Error, Hashable, Sendable, CustomStringConvertible {
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

/// What went wrong inside the scanner, with static text only: strings are built in the one
/// place that throws the public error, so the success path never allocates for errors.
struct StreamFault: Error {
    var offset: Int
    var reason: StaticString
    /// True for a message that is valid JSON but not the expected shape.
    var shape: Bool
}

/// Where in the message the parser is, for naming the field in an error.
enum StreamFieldPath {
    case none
    case stream
    case data
    case field(StaticString)
    case kline(StaticString)

    var text: String {
        switch self {
        case .none: ""
        case .stream: "stream"
        case .data: "data"
        case .field(let f): "data.\(f)"
        case .kline(let f): "data.k.\(f)"
        }
    }
}
