import BotCore

/// OKX's field conventions, read with errors that carry the field's coding path.
extension KeyedDecodingContainer {
    /// A required decimal string.
    func decimal<T: FixedPoint>(_ key: Key) throws -> T {
        guard contains(key) else { throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "")) }
        guard let v: T = try decimalIfPresent(key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "empty, a number was expected")
        }
        return v
    }

    /// A decimal string; nil when absent or "" (OKX's "no value").
    func decimalIfPresent<T: FixedPoint>(_ key: Key) throws -> T? {
        guard let s = try decodeIfPresent(String.self, forKey: key), !s.isEmpty else { return nil }
        do { return try T.parse(s[...]) } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
        }
    }

    /// Epoch milliseconds as a string of digits.
    func millis(_ key: Key) throws -> Int64 {
        guard contains(key) else { throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "")) }
        guard let v = try millisIfPresent(key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "empty, a timestamp was expected")
        }
        return v
    }

    func millisIfPresent(_ key: Key) throws -> Int64? {
        guard let s = try decodeIfPresent(String.self, forKey: key), !s.isEmpty else { return nil }
        guard s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let v = Int64(s) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(s.prefix(30))' is not a timestamp in ms")
        }
        return v
    }

    /// A string, "" when absent.
    func text(_ key: Key) throws -> String { try decodeIfPresent(String.self, forKey: key) ?? "" }

    /// A closed set of values (a side, a state): anything else is an error naming the field.
    func value<E: RawRepresentable>(_ key: Key, _ type: E.Type = E.self) throws -> E where E.RawValue == String {
        let s = try decode(String.self, forKey: key)
        guard let v = E(rawValue: s) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value '\(s.prefix(30))'")
        }
        return v
    }

    /// An optional one of a closed set, "" for none.
    func valueIfPresent<E: RawRepresentable>(_ key: Key, _ type: E.Type = E.self) throws -> E? where E.RawValue == String {
        guard let s = try decodeIfPresent(String.self, forKey: key), !s.isEmpty else { return nil }
        guard let v = E(rawValue: s) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value '\(s.prefix(30))'")
        }
        return v
    }

    /// "true"/"false" (OKX writes booleans as strings in answers), or a JSON boolean.
    func flag(_ key: Key) throws -> Bool {
        if let b = try? decodeIfPresent(Bool.self, forKey: key) { return b }
        switch try decodeIfPresent(String.self, forKey: key) ?? "" {
        case "true": return true
        case "false", "": return false
        case let s: throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(s.prefix(30))' is not true or false")
        }
    }
}
