/// What a strategy reads its `[params]` through: typed values by key, each problem recorded
/// against its key (file and line where the reader knows them). Strategies see only this, not
/// the configuration format behind it (`ConfigReader` reads TOML; a test or a policy file
/// could read another).
///
/// The requirements take every argument; the extension gives them their usual defaults.
public protocol ParameterReader {
    func has(_ key: String) -> Bool
    /// Whether an error has been recorded (a strategy returns no parameters then).
    var hasErrors: Bool { get }
    func error(_ key: String, _ message: String)
    func warning(_ key: String, _ message: String)
    /// Marks a key as handled without reading it.
    func touch(_ key: String)
    /// Records every key nobody asked for: a typo must not be silently ignored.
    func rejectUnknownKeys(_ hint: String)
    func readString(_ key: String, required: Bool) -> String?
    func readBool(_ key: String) -> Bool?
    func readInt(_ key: String, in range: ClosedRange<Int>?, required: Bool) -> Int?
    func readDouble(_ key: String, in range: ClosedRange<Double>?, required: Bool) -> Double?
    func readFixed<F: FixedPoint>(_ key: String, _ type: F.Type, min: F?, max: F?, positive: Bool, required: Bool) -> F?
    func readOneOf(_ key: String, _ allowed: [String], aliases: [String: String], required: Bool) -> String?
    func readStrings(_ key: String) -> [String]?
    /// The folder of the file being read, against which a relative path in it is resolved
    /// (nil: the working directory).
    var directory: String? { get }
}

extension ParameterReader {
    public func string(_ key: String, required: Bool = false) -> String? { readString(key, required: required) }
    public func bool(_ key: String) -> Bool? { readBool(key) }
    public func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        readInt(key, in: range, required: required)
    }
    public func double(_ key: String, in range: ClosedRange<Double>? = nil, required: Bool = false) -> Double? {
        readDouble(key, in: range, required: required)
    }
    public func fixed<F: FixedPoint>(_ key: String, _ type: F.Type = F.self, min: F? = nil, max: F? = nil,
                                     positive: Bool = false, required: Bool = false) -> F? {
        readFixed(key, type, min: min, max: max, positive: positive, required: required)
    }
    public func oneOf(_ key: String, _ allowed: [String], aliases: [String: String] = [:], required: Bool = false) -> String? {
        readOneOf(key, allowed, aliases: aliases, required: required)
    }
    public func strings(_ key: String) -> [String]? { readStrings(key) }
    public var directory: String? { nil }
    /// A file path: as written when absolute, else relative to the file being read (a bot file
    /// names its model beside it, wherever botd was started).
    public func path(_ key: String, required: Bool = false) -> String? {
        guard let p = string(key, required: required) else { return nil }
        guard !p.isEmpty else {
            error(key, "is empty: expected a file path")
            return nil
        }
        if p.hasPrefix("/") { return p }
        guard let d = directory, !d.isEmpty else { return p }
        return d.hasSuffix("/") ? d + p : d + "/" + p
    }
    public func rejectUnknownKeys() { rejectUnknownKeys("") }
}

extension ConfigReader: ParameterReader {
    /// Errors in this file under this table only: one diagnostics collects every file of a
    /// folder, and a bad file read before must not make a good one's parameters unusable (its
    /// strategy would then go unbuilt and its own mistakes unreported).
    public var hasErrors: Bool {
        diagnostics.errors.contains { $0.file == file && (prefix.isEmpty || $0.key == prefix || $0.key.hasPrefix(prefix + ".")) }
    }
    public func readString(_ key: String, required: Bool) -> String? { string(key, required: required) }
    public func readBool(_ key: String) -> Bool? { bool(key) }
    public func readInt(_ key: String, in range: ClosedRange<Int>?, required: Bool) -> Int? {
        int(key, in: range, required: required)
    }
    public func readDouble(_ key: String, in range: ClosedRange<Double>?, required: Bool) -> Double? {
        double(key, in: range, required: required)
    }
    public func readFixed<F: FixedPoint>(_ key: String, _ type: F.Type, min: F?, max: F?, positive: Bool, required: Bool) -> F? {
        fixed(key, type, min: min, max: max, positive: positive, required: required)
    }
    public func readOneOf(_ key: String, _ allowed: [String], aliases: [String: String], required: Bool) -> String? {
        oneOf(key, allowed, aliases: aliases, required: required)
    }
    public func readStrings(_ key: String) -> [String]? { strings(key) }
    public var directory: String? {
        guard let slash = file.lastIndex(of: "/") else { return nil }
        return String(file[..<slash])
    }
}
