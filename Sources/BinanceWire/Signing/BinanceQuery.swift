/// Parameters as Binance takes them in a query string or a form body: `name=value` joined by
/// `&`, in the order added. Values are percent-encoded (UTF-8, upper-case hex) except RFC 3986's
/// unreserved characters, so a non-ASCII symbol is encoded before it is signed; the text is
/// both what is sent and what is signed.
public struct BinanceQuery: Hashable, Sendable {
    public private(set) var parameters: [Parameter] = []

    public struct Parameter: Hashable, Sendable {
        public var name: String
        /// Not encoded.
        public var value: String
    }

    public init() {}

    public mutating func add(_ name: String, _ value: String?) {
        guard let value else { return }
        parameters.append(Parameter(name: name, value: value))
    }

    public mutating func add(_ name: String, _ value: Int64?) { add(name, value.map { String($0) }) }
    public mutating func add(_ name: String, _ value: Int?) { add(name, value.map { String($0) }) }
    public mutating func add(_ name: String, _ value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }

    public var isEmpty: Bool { parameters.isEmpty }

    /// The value of the first parameter called `name`, not encoded.
    public func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The encoded text, e.g. `symbol=BTCUSDT&side=BUY`.
    public var text: String { parameters.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&") }

    public static func encode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%"
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 15)])
            }
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".unicodeScalars)
}
