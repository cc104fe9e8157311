import Foundation

/// Reading values of a JSONSerialization parse strictly, for the messages whose shape is only
/// known once a few keys have been looked at: a number is not a boolean, nor the reverse, and
/// an integer is written as one.
enum BinanceJSON {
    static func object(_ bytes: [UInt8]) throws(BinanceError) -> [String: Any] {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw BinanceError.malformed("", "not JSON")
        }
        guard let object = parsed as? [String: Any] else { throw BinanceError.malformed("", "not a JSON object") }
        return object
    }

    static func int64(_ v: Any?) -> Int64? {
        guard let n = v as? NSNumber, !isBool(n) else { return nil }
        let type = String(cString: n.objCType)
        guard ["i", "l", "q", "s"].contains(type) else { return nil }
        return n.int64Value
    }

    static func bool(_ v: Any?) -> Bool? {
        guard let n = v as? NSNumber, isBool(n) else { return nil }
        return n.boolValue
    }

    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    /// An `id` as echoed: an integer, a string, or nil for null or anything else.
    static func requestID(_ v: Any?) -> BinanceRequestID? {
        if let s = v as? String { return .string(s) }
        return int64(v).map { .int($0) }
    }
}
