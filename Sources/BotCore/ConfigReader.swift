import TOML

/// One problem in a configuration file, located by file, line and dotted key.
public struct ConfigIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var file: String
    public var line: Int
    /// Dotted key (`params.rsi_length`); empty for file-level problems.
    public var key: String
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int, key: String, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `bots/a.toml:7: key 'params.x' must be 1…100 (got 0)`
    public var description: String {
        let loc = line > 0 ? "\(file):\(line)" : file
        let prefix = severity == .warning ? "warning: " : ""
        return key.isEmpty ? "\(loc): \(prefix)\(message)" : "\(loc): \(prefix)key '\(key)' \(message)"
    }
}

/// Every issue found in one pass; thrown when a file cannot be used.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    public init(_ issues: [ConfigIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects issues while typed values are read out of a TOML table.
public final class Diagnostics: @unchecked Sendable {
    public private(set) var issues: [ConfigIssue] = []
    public init() {}
    public func add(_ issue: ConfigIssue) { issues.append(issue) }
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
    public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }
}

/// Reads typed values from a table, records a located issue for each bad or unknown key, and
/// returns nil (or the default) for it, so one pass reports every problem in a file.
public struct ConfigReader {
    public let file: String
    public let table: TOMLTable
    /// Dotted prefix of this table (`params`), empty at the root.
    public let prefix: String
    public let diagnostics: Diagnostics
    private let seen: KeySet

    private final class KeySet { var keys: Set<String> = [] }

    public init(file: String, table: TOMLTable, prefix: String = "", diagnostics: Diagnostics) {
        self.file = file
        self.table = table
        self.prefix = prefix
        self.diagnostics = diagnostics
        self.seen = KeySet()
    }

    public func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
    public func line(of key: String) -> Int { table.line(of: key) }
    public func has(_ key: String) -> Bool { table[key] != nil }

    public func error(_ key: String, _ message: String) {
        diagnostics.add(ConfigIssue(file: file, line: table.line(of: key), key: path(key), message: message))
    }

    public func warning(_ key: String, _ message: String) {
        diagnostics.add(ConfigIssue(.warning, file: file, line: table.line(of: key), key: path(key), message: message))
    }

    private func value(_ key: String, required: Bool) -> TOMLValue? {
        seen.keys.insert(key)
        guard let v = table[key] else {
            if required {
                diagnostics.add(ConfigIssue(file: file, line: table.line, key: path(key), message: "is required"))
            }
            return nil
        }
        return v
    }

    public func string(_ key: String, required: Bool = false) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v else { error(key, "must be a string (got \(v.typeName))"); return nil }
        return s
    }

    public func bool(_ key: String) -> Bool? {
        guard let v = value(key, required: false) else { return nil }
        guard case .bool(let b) = v else { error(key, "must be true or false (got \(v.typeName))"); return nil }
        return b
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        guard let v = value(key, required: required) else { return nil }
        guard case .number(let t) = v, let n = Int(t) else {
            error(key, "must be an integer (got \(describe(v)))"); return nil
        }
        if let range, !range.contains(n) {
            error(key, "must be \(range.lowerBound)…\(range.upperBound) (got \(n))"); return nil
        }
        return n
    }

    public func double(_ key: String, in range: ClosedRange<Double>? = nil, required: Bool = false) -> Double? {
        guard let v = value(key, required: required) else { return nil }
        guard case .number(let t) = v, let d = Double(t), d.isFinite else {
            error(key, "must be a number (got \(describe(v)))"); return nil
        }
        if let range, !range.contains(d) {
            error(key, "must be \(range.lowerBound)…\(range.upperBound) (got \(t))"); return nil
        }
        return d
    }

    /// A fixed-point value read from the number's text, or from a quoted decimal string.
    public func fixed<F: FixedPoint>(_ key: String, _: F.Type = F.self, min: F? = nil, max: F? = nil,
                                     positive: Bool = false, required: Bool = false) -> F? {
        guard let v = value(key, required: required) else { return nil }
        let text: String
        switch v {
        case .number(let t): text = t
        case .string(let s): text = s
        default: error(key, "must be a decimal number (got \(v.typeName))"); return nil
        }
        let f: F
        do { f = try F.parse(text[...]) } catch {
            self.error(key, "must be a plain decimal with at most 9 decimals (got \(text))"); return nil
        }
        if positive, f.raw <= 0 { error(key, "must be greater than 0 (got \(text))"); return nil }
        if let min, f < min { error(key, "must be at least \(min) (got \(text))"); return nil }
        if let max, f > max { error(key, "must be at most \(max) (got \(text))"); return nil }
        return f
    }

    public func oneOf(_ key: String, _ allowed: [String], aliases: [String: String] = [:], required: Bool = false) -> String? {
        guard let s = string(key, required: required) else { return nil }
        if allowed.contains(s) { return s }
        if let a = aliases[s] { return a }
        error(key, "must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")) (got '\(s)')")
        return nil
    }

    public func strings(_ key: String) -> [String]? {
        guard let v = value(key, required: false) else { return nil }
        guard case .array(let items) = v else { error(key, "must be an array of strings"); return nil }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { error(key, "must be an array of strings"); return nil }
            out.append(s)
        }
        return out
    }

    /// A sub-table reader; nil (with an issue when `required`) if absent or not a table.
    public func table(_ key: String, required: Bool = false) -> ConfigReader? {
        guard let v = value(key, required: required) else { return nil }
        guard case .table(let t) = v else { error(key, "must be a table (got \(v.typeName))"); return nil }
        return ConfigReader(file: file, table: t, prefix: path(key), diagnostics: diagnostics)
    }

    /// Marks a key as handled without reading it (it is read elsewhere).
    public func touch(_ key: String) { seen.keys.insert(key) }

    /// Records every key that no reader asked for: a typo must not be silently ignored.
    public func rejectUnknownKeys(_ hint: String = "") {
        for k in table.keys where !seen.keys.contains(k) {
            error(k, "is not a known setting\(hint.isEmpty ? "" : " (\(hint))")")
        }
    }

    private func describe(_ v: TOMLValue) -> String {
        switch v {
        case .number(let t): t
        case .string(let s): "\"\(s)\""
        case .bool(let b): String(b)
        default: v.typeName
        }
    }
}
