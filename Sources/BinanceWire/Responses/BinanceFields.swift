import BotCore

/// Binance's field conventions, read with errors that carry the field's coding path: amounts
/// as decimal strings, times and ids as JSON integers, enumerations in upper case.
extension KeyedDecodingContainer {
    /// A required decimal string.
    func decimal<T: FixedPoint>(_ key: Key) throws -> T {
        guard let v: T = try decimalIfPresent(key) else {
            guard contains(key) else { throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "")) }
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "empty, a number was expected")
        }
        return v
    }

    /// A decimal string; nil when absent, null or "".
    func decimalIfPresent<T: FixedPoint>(_ key: Key) throws -> T? {
        guard let s = try decodeIfPresent(String.self, forKey: key), !s.isEmpty else { return nil }
        do { return try T.parse(s[...]) } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
        }
    }

    /// An upper bound (`maxPrice`, `maxQty`, `maxNotional`): nil when absent, 0 (Binance's
    /// "no bound") or beyond what fixed point holds, which no order of the runtime's reaches.
    func bound<T: FixedPoint>(_ key: Key) throws -> T? {
        guard let s = try decodeIfPresent(String.self, forKey: key), !s.isEmpty else { return nil }
        do {
            let v = try T.parse(s[...])
            return v.raw == 0 ? nil : v
        } catch .outOfRange {
            return nil
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
        }
    }

    /// A closed set of values (a status, a side): anything else is an error naming the field.
    func value<E: RawRepresentable>(_ key: Key, _ type: E.Type = E.self) throws -> E where E.RawValue == String {
        let s = try decode(String.self, forKey: key)
        guard let v = E(rawValue: s) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value '\(s.prefix(30))'")
        }
        return v
    }

    /// `BUY` or `SELL`.
    func side(_ key: Key) throws -> Side {
        switch try decode(String.self, forKey: key) {
        case "BUY": return .buy
        case "SELL": return .sell
        case let s: throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(s.prefix(30))' is not BUY or SELL")
        }
    }

    /// A string; "" when absent or null.
    func text(_ key: Key) throws -> String { try decodeIfPresent(String.self, forKey: key) ?? "" }
}

/// Decodes one element of an array without failing the whole array: a symbol or a balance
/// Binance writes oddly (an amount beyond fixed point's range) is set aside, named, while the
/// rest load.
struct Lenient<T: Decodable>: Decodable {
    var value: T?
    var failure: String?

    init(from decoder: any Decoder) throws {
        do {
            value = try T(from: decoder)
        } catch let e as DecodingError {
            failure = BinanceDecoding.describe(e)
        }
    }
}
