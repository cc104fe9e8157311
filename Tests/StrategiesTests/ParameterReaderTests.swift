import BotCore
import Strategies
import Testing

/// Strategies read their parameters through `ParameterReader`, not TOML: a reader over plain
/// strings (as a policy file or a test could give them) serves them as well.
struct ParameterReaderTests {
    /// Values by key as text; errors collected by key.
    final class TextReader: ParameterReader {
        let values: [String: String]
        var errors: [String: String] = [:]
        var seen: Set<String> = []
        init(_ values: [String: String]) { self.values = values }

        func has(_ key: String) -> Bool { values[key] != nil }
        var hasErrors: Bool { !errors.isEmpty }
        func error(_ key: String, _ message: String) { errors[key] = message }
        func warning(_ key: String, _ message: String) {}
        func touch(_ key: String) { seen.insert(key) }
        func rejectUnknownKeys(_ hint: String) {
            for k in values.keys where !seen.contains(k) { errors[k] = "is not a known setting" }
        }
        func text(_ key: String) -> String? {
            seen.insert(key)
            return values[key]
        }
        func readString(_ key: String, required: Bool) -> String? { text(key) }
        func readBool(_ key: String) -> Bool? { text(key).map { $0 == "true" } }
        func readInt(_ key: String, in range: ClosedRange<Int>?, required: Bool) -> Int? {
            guard let t = text(key) else { return nil }
            guard let n = Int(t), range?.contains(n) ?? true else { error(key, "out of range"); return nil }
            return n
        }
        func readDouble(_ key: String, in range: ClosedRange<Double>?, required: Bool) -> Double? {
            guard let t = text(key) else { return nil }
            guard let d = Double(t), range?.contains(d) ?? true else { error(key, "out of range"); return nil }
            return d
        }
        func readFixed<F: FixedPoint>(_ key: String, _ type: F.Type, min: F?, max: F?, positive: Bool, required: Bool) -> F? {
            guard let t = text(key) else { return nil }
            guard let f = try? F.parse(t[...]) else { error(key, "not a decimal"); return nil }
            return f
        }
        func readOneOf(_ key: String, _ allowed: [String], aliases: [String: String], required: Bool) -> String? {
            guard let t = text(key) else { return nil }
            guard allowed.contains(t) else { error(key, "not allowed"); return nil }
            return t
        }
        func readStrings(_ key: String) -> [String]? { text(key).map { [$0] } }
    }

    @Test func rsiCrossReadsItsParametersFromAnyReader() throws {
        let r = TextReader(["rsi_length": "9", "ema_fast": "10", "ema_slow": "40", "size": "0.5"])
        let p = try #require(RSICross.parameters(r))
        #expect(p.rsiLength == 9 && p.emaFast == 10 && p.emaSlow == 40 && p.size == Quantity.of("0.5"))
        // Its own checks still speak through the reader, by key.
        let bad = TextReader(["rsi_length": "0", "colour": "blue"])
        #expect(RSICross.parameters(bad) == nil)
        #expect(bad.errors["rsi_length"] != nil && bad.errors["colour"] == "is not a known setting")
    }
}
