/// A parsed TOML value. Numbers keep their source text so that a price written as `0.1`
/// reaches fixed-point arithmetic exactly, never through a `Double`.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    /// Integer or float literal, underscores removed, as written (`"42"`, `"-0.5"`, `"1e-3"`).
    case number(String)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    public var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A table whose entries remember the line they were defined on, in source order.
public struct TOMLTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var value: TOMLValue
        /// 1-based line of the key in its file.
        public var line: Int
    }

    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// Line of the `[header]` that opened this table (or of its first key).
    public var line: Int

    public init(line: Int = 0) { self.line = line }

    public subscript(key: String) -> TOMLValue? { entries[key]?.value }
    public func entry(_ key: String) -> Entry? { entries[key] }
    public func line(of key: String) -> Int { entries[key]?.line ?? line }
    public var isEmpty: Bool { keys.isEmpty }

    /// Sets `key`; false if it already exists (TOML forbids redefinition).
    @discardableResult
    public mutating func insert(_ key: String, _ value: TOMLValue, line: Int) -> Bool {
        if entries[key] != nil { return false }
        keys.append(key)
        entries[key] = Entry(value: value, line: line)
        return true
    }
}
