import Foundation

/// Writes a snapshot's JSON straight into bytes, in one pass with no intermediate tree.
///
/// The write-ahead commit encodes the bot's snapshot before every order. Foundation's
/// `JSONEncoder` builds a tree of values first and runs a large body of code: 6 µs when warm,
/// but 80–100 µs on the first order after the machine has idled, which was a third of the
/// order's whole persist time. This encoder's output is JSON that `JSONDecoder` reads back to
/// the same value (non-finite doubles as the strings "nan", "+inf" and "-inf", as the bots'
/// decoder expects).
///
/// It streams, so it relies on what synthesized `Codable` does: a container is finished
/// before its parent is written to again. A type that interleaves writes to two containers,
/// asks for a super-encoder, or holds a value Foundation encodes specially (`Data`, `Date`,
/// `URL`, `Decimal`) makes `encode` throw `Unsupported`; the runtime then uses `JSONEncoder`.
public enum SnapshotEncoder {
    public struct Unsupported: Error {}

    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let w = Writer()
        try w.encodeValue(value, parentDepth: 0)
        w.close(downTo: 0)
        guard !w.failed else { throw Unsupported() }
        return w.out
    }

    /// The bytes, and the stack of open containers (each closed when its parent is written to
    /// again, or when the value that opened it is done).
    final class Writer: Encoder {
        enum Kind { case object, array }
        struct Level { var kind: Kind; var count = 0; var generation: Int }

        var out: [UInt8] = []
        var stack: [Level] = []
        var generation = 0
        var failed = false
        /// The depth at which the value being encoded now may open its container.
        var valueDepth = 0
        /// Whether that value has written anything yet.
        var valueStarted = false

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init() { out.reserveCapacity(512) }

        func close(downTo depth: Int) {
            while stack.count > depth {
                out.append(stack.removeLast().kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
            }
        }

        /// Opens (or returns the already open) container of the current value.
        func open(_ kind: Kind) -> (depth: Int, generation: Int) {
            if valueStarted, stack.count > valueDepth, stack[valueDepth].kind == kind {
                return (valueDepth, stack[valueDepth].generation)
            }
            if valueStarted { failed = true }
            valueStarted = true
            close(downTo: valueDepth)
            generation += 1
            stack.append(Level(kind: kind, generation: generation))
            out.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            return (valueDepth, generation)
        }

        /// Prepares container `depth` for its next element: closes what was opened inside it
        /// and writes the separator. False (and the encoding fails) if it was closed already.
        func beginElement(depth: Int, generation g: Int) -> Bool {
            guard depth < stack.count, stack[depth].generation == g else {
                failed = true
                return false
            }
            close(downTo: depth + 1)
            if stack[depth].count > 0 { out.append(UInt8(ascii: ",")) }
            stack[depth].count += 1
            return true
        }

        func key(_ k: some CodingKey) {
            string(k.stringValue)
            out.append(UInt8(ascii: ":"))
        }

        /// Encodes a nested value whose container, if any, opens at `parentDepth + 1`.
        func encodeValue<T: Encodable>(_ value: T, parentDepth: Int) throws {
            if T.self == Data.self || T.self == Date.self || T.self == URL.self || T.self == Decimal.self {
                throw Unsupported()
            }
            let (savedDepth, savedStarted) = (valueDepth, valueStarted)
            valueDepth = parentDepth
            valueStarted = false
            try value.encode(to: self)
            // A value that wrote nothing is an empty object, as JSONEncoder writes it.
            if !valueStarted { out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
            close(downTo: parentDepth)
            (valueDepth, valueStarted) = (savedDepth, savedStarted)
        }

        /// Opens a container nested in the one at `depth - 1`, on behalf of the value being
        /// encoded there (whose own state is kept).
        func openNested<C>(depth: Int, _ make: (Writer) -> C) -> C {
            let saved = (valueDepth, valueStarted)
            (valueDepth, valueStarted) = (depth, false)
            defer { (valueDepth, valueStarted) = saved }
            return make(self)
        }

        func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
                case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }

        func double(_ d: Double) {
            if d.isNaN { return string("nan") }
            if d.isInfinite { return string(d > 0 ? "+inf" : "-inf") }
            // `description` is the shortest text that reads back to the same double.
            out.append(contentsOf: d.description.utf8)
        }

        func integer(_ v: some BinaryInteger) { out.append(contentsOf: String(v).utf8) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let (d, g) = open(.object)
            return KeyedEncodingContainer(Keyed<Key>(w: self, depth: d, generation: g))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let (d, g) = open(.array)
            return Unkeyed(w: self, depth: d, generation: g)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            if valueStarted { failed = true }
            valueStarted = true
            close(downTo: valueDepth)
            return Single(w: self)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let w: Writer
        let depth: Int, generation: Int
        var codingPath: [any CodingKey] { [] }

        func begin(_ key: Key) throws {
            guard w.beginElement(depth: depth, generation: generation) else { throw Unsupported() }
            w.key(key)
        }

        mutating func encodeNil(forKey key: Key) throws { try begin(key); w.out.append(contentsOf: Array("null".utf8)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws {
            try begin(key)
            w.out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        }
        mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); w.string(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); w.double(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); w.double(Double(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); w.integer(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try begin(key)
            try w.encodeValue(value, parentDepth: depth + 1)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            nested(key) { $0.container(keyedBy: keyType) }
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            nested(key) { $0.unkeyedContainer() }
        }

        func nested<C>(_ key: Key, _ make: (Writer) -> C) -> C {
            if (try? begin(key)) == nil { w.failed = true }
            return w.openNested(depth: depth + 1, make)
        }

        mutating func superEncoder() -> any Encoder { w.failed = true; return w }
        mutating func superEncoder(forKey key: Key) -> any Encoder { w.failed = true; return w }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let w: Writer
        let depth: Int, generation: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { depth < w.stack.count && w.stack[depth].generation == generation ? w.stack[depth].count : 0 }

        func begin() throws {
            guard w.beginElement(depth: depth, generation: generation) else { throw Unsupported() }
        }

        mutating func encodeNil() throws { try begin(); w.out.append(contentsOf: Array("null".utf8)) }
        mutating func encode(_ value: Bool) throws { try begin(); w.out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }
        mutating func encode(_ value: String) throws { try begin(); w.string(value) }
        mutating func encode(_ value: Double) throws { try begin(); w.double(value) }
        mutating func encode(_ value: Float) throws { try begin(); w.double(Double(value)) }
        mutating func encode(_ value: Int) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: Int8) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: Int16) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: Int32) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: Int64) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: UInt) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: UInt8) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: UInt16) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: UInt32) throws { try begin(); w.integer(value) }
        mutating func encode(_ value: UInt64) throws { try begin(); w.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try begin()
            try w.encodeValue(value, parentDepth: depth + 1)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            nested { $0.container(keyedBy: keyType) }
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nested { $0.unkeyedContainer() } }

        func nested<C>(_ make: (Writer) -> C) -> C {
            if (try? begin()) == nil { w.failed = true }
            return w.openNested(depth: depth + 1, make)
        }

        mutating func superEncoder() -> any Encoder { w.failed = true; return w }
    }

    struct Single: SingleValueEncodingContainer {
        let w: Writer
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws { w.out.append(contentsOf: Array("null".utf8)) }
        mutating func encode(_ value: Bool) throws { w.out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }
        mutating func encode(_ value: String) throws { w.string(value) }
        mutating func encode(_ value: Double) throws { w.double(value) }
        mutating func encode(_ value: Float) throws { w.double(Double(value)) }
        mutating func encode(_ value: Int) throws { w.integer(value) }
        mutating func encode(_ value: Int8) throws { w.integer(value) }
        mutating func encode(_ value: Int16) throws { w.integer(value) }
        mutating func encode(_ value: Int32) throws { w.integer(value) }
        mutating func encode(_ value: Int64) throws { w.integer(value) }
        mutating func encode(_ value: UInt) throws { w.integer(value) }
        mutating func encode(_ value: UInt8) throws { w.integer(value) }
        mutating func encode(_ value: UInt16) throws { w.integer(value) }
        mutating func encode(_ value: UInt32) throws { w.integer(value) }
        mutating func encode(_ value: UInt64) throws { w.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            // The single value is this value: its own encoding continues at the same depth.
            try w.encodeValue(value, parentDepth: w.valueDepth)
        }
    }
}
