import Testing
@testable import TOML

/// TOML 1.0 rules the first version of the parser got wrong, found by reading it.
struct TOMLSpecTests {
    /// A table named on the way to a deeper one may still get its own header; tables made by
    /// dotted keys, inline tables and plain arrays are closed to headers and later keys.
    @Test func tablesAreDefinedOnce() throws {
        let t = try TOMLParser.parse("[a.b]\nx = 1\n[a]\ny = 2\n[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true")
        guard case .table(let a)? = t["a"] else { Issue.record("no a"); return }
        #expect(a["y"] == .number("2") && a.line == 3)
        for doc in ["[fruit]\napple.color = 'red'\n[fruit.apple]", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1",
                    "[a.b]\n[a]\nb.x = 1", "a.b = 1\n[a]"] {
            #expect(parseError(doc).message.contains("defined"), "\(doc)")
        }
        #expect(parseError("a = { x = 1 }\na.y = 2").message.contains("'a' is already defined as a value"))
        #expect(parseError("a = { x = 1 }\n[a.b]").message.contains("already defined as a value"))
        #expect(parseError("a = [1]\n[[a]]").message.contains("already defined as a value"))
        #expect(parseError("[[a]]\n[a]").message.contains("defined twice"))
        #expect(parseError("[a]\n[[a]]").message.contains("defined twice"))
    }

    @Test(arguments: [
        ("0xDEAD_beef", "3735928559"), ("0o755", "493"), ("0b1010", "10"), ("0x7FFFFFFFFFFFFFFF", "9223372036854775807"),
        ("+1_000", "+1000"), ("-0", "-0"), ("1e-3", "1e-3"), ("6.626E+34", "6.626E+34"), ("-0.5", "-0.5"), ("0.0_1", "0.01"),
    ])
    func numbers(text: String, value: String) throws {
        #expect(try TOMLParser.parse("n = \(text)")["n"] == .number(value))
    }

    /// `Double(_:)` and `Int64(_:radix:)` accepted these; TOML does not.
    @Test(arguments: ["infinity", "Infinity", "NaN", "-.5", "1.", "1.e5", "+01", "00", "0x-5", "0x+5", "-0x5", "0X5",
                      "1__0", "_1", "1_", "0b2", "0o8", "0x", "0x8000000000000000", "1e", "1e+", "1.5.2", "+", "0x_1"])
    func invalidNumbers(text: String) {
        #expect(parseError("n = \(text)").message.hasPrefix("the value of 'n' is not"), "\(text)")
    }

    @Test func strings() throws {
        // One or two quotes may end a multi-line string; a first newline is trimmed, CRLF too.
        #expect(try TOMLParser.parse("s = \"\"\"x\"\"\"\"\"")["s"] == .string("x\"\""))
        #expect(try TOMLParser.parse("s = '''x''''")["s"] == .string("x'"))
        #expect(try TOMLParser.parse("s = \"\"\"\r\nx\"\"\"")["s"] == .string("x"))
        #expect(try TOMLParser.parse("s = \"\"\"a \\  \r\n\n  b\"\"\"\nt = 1").line(of: "t") == 4)
        // Keys are single-line strings; a backslash followed by spaces must end the line.
        #expect(parseError("\"\"\"k\"\"\" = 1").line == 1)
        #expect(parseError("s = \"\"\"a\\ b\"\"\"").message.contains("invalid escape"))
        #expect(parseError("s = \"\\u+041\"").message.contains("invalid unicode escape"))
        #expect(parseError("s = \"\\uD800\"").message.contains("invalid unicode escape"))
        // Control characters must be escaped (a literal string cannot hold them at all).
        for doc in ["s = \"a\u{0}b\"", "s = 'a\u{7F}b'", "s = '''a\u{1B}b'''", "s = \"a\rb\"", "s = \"\"\"a\rb\"\"\""] {
            #expect(parseError(doc).message.contains("control character"), "\(doc)")
        }
        #expect(try TOMLParser.parse("s = \"a\\u0000\tb\"")["s"] == .string("a\u{0}\tb"))
    }

    @Test func linesAndColumns() throws {
        let t = try TOMLParser.parse("a = 1\r\n# c\r\n\r\nb = [\r\n 1,\r\n]\r\nc = 2")
        #expect(t.line(of: "b") == 4 && t.line(of: "c") == 7)
        let e = parseError("a = 1\n  b = [1,\n    2,, 3]")
        #expect(e.line == 3 && e.column == 7 && e.message == "the value of 'b' is missing (column 7)")
        #expect(parseError("a = ").message == "the value of 'a' is missing (column 5)")
        #expect(parseError("a = [\n1,\n2").line == 1)  // where the unterminated array opens
    }
}
