import BotCore

/// A JSON value with object keys kept in the order they were written.
///
/// The fakes print a venue's answers field by field in the documented order, and read request
/// bodies whose values are often sent as strings; a small value type does both without
/// Foundation's `Any` trees (which lose key order and turn "true" into a number). Numbers keep
/// the text they were written with, so `1747385641636` reads back exactly.
public enum JSON: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.text == b.text }

    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public subscript(index: Int) -> JSON? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The text of a string, or of a number (clients send many numbers either way).
    public var string: String? {
        switch self {
        case .string(let s), .number(let s): s
        default: nil
        }
    }

    /// `self[key]` as text, "" when absent.
    public func s(_ key: String) -> String { self[key]?.string ?? "" }

    public var bool: Bool? {
        switch self {
        case .bool(let b): b
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    public var array: [JSON]? { if case .array(let a) = self { a } else { nil } }
    public var keys: [String] { if case .object(let p) = self { p.map(\.0) } else { [] } }

    public var description: String { text }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    public func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONText.quoted(s)
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quoted(k)
                out += ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }

    /// Parses one JSON document; nil when it is not valid JSON (nesting limited to 32).
    public static func parse(_ text: String) -> JSON? { parse(Array(text.utf8)) }

    public static func parse(_ bytes: [UInt8]) -> JSON? {
        var p = JSONReader(bytes: bytes)
        guard let v = p.value(depth: 0) else { return nil }
        p.skipSpace()
        return p.i == bytes.count ? v : nil
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
}

extension JSON {
    /// An integer written as a JSON number (ids and times on most venues).
    public static func int<I: BinaryInteger>(_ n: I) -> JSON { .number(String(n)) }

    /// The pairs of an object (empty for anything else).
    public var pairs: [(String, JSON)] { if case .object(let p) = self { p } else { [] } }
}
