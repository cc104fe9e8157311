import Testing
@testable import TOML

/// What errors say: where, and nothing a terminal or a log should not receive.
struct TOMLMessageTests {
    /// Every kind of ill-formed sequence, placed on line 3 at byte 11 of the file.
    @Test(arguments: [[0xFF], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80],
                      [0xE2, 0x82], [0xE2, 0x82, 0x41]] as [[UInt8]])
    func invalidUTF8NamesTheLineAndByte(bad: [UInt8]) {
        let bytes = Array("a = 1\nb = 2\nc = '".utf8) + bad + Array("'\n".utf8)
        do {
            _ = try TOMLParser.parse(bytes: bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3 && error.column == 6, "\(error)")
            #expect(error.message == "invalid UTF-8 at byte 17 of the file (counting from 0; line 3, column 6)")
        }
    }

    @Test func validUTF8ParsesFromBytesAndText() throws {
        let doc = "# ünïcödé comment 😀\n\"ключ\" = \"値 😀\"\nx = 'é'"
        let fromBytes = try TOMLParser.parse(bytes: Array(doc.utf8))
        #expect(fromBytes["ключ"] == .string("値 😀"))
        #expect(try TOMLParser.parse(doc) == fromBytes)
        // A byte order mark is skipped; columns count characters, not bytes.
        #expect(try TOMLParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("x = 1".utf8))["x"] == .number("1"))
        #expect(parseError("\"é\" = ü").column == 7)
    }

    /// Keys and characters quoted in messages come escaped; the raw bytes never do.
    @Test(arguments: [
        ("\"a\\u0007b\" = 1\n\"a\\u0007b\" = 2", "key 'a\\u{07}b' is defined twice"),
        ("[\"\\u001B[31m\"]\n[\"\\u001B[31m\"]", "table '\\u{1B}[31m' is defined twice"),
        ("\u{1B}[2J = 1", "expected a key, found '\\u{1B}'"),
        ("[a] \u{07}", "found '\\u{07}'"),
        ("[a\u{0}]", "found '\\u{00}'"),
        ("\"\\u202E\" = 1\n\"\\u202E\".x = 2", "'\\u{202E}' is already defined"),
        ("\"a\\\\b\" = 1\n\"a\\\\b\" = 1", "key 'a\\\\b' is defined twice"),
        ("x = 1 # bell \u{07}", "control character"),
    ])
    func messagesEscapeControlCharacters(doc: String, fragment: String) {
        let e = parseError(doc)
        #expect(e.message.contains(fragment), "\(e)")
        #expect(!e.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}" }, "\(e)")
    }

    @Test func longKeysAreCutInMessages() {
        let key = String(repeating: "k", count: 1000)
        let e = parseError("\(key) = 1\n\(key) = 2")
        #expect(e.message.count < 300 && e.message.contains("…"), "\(e)")
    }

    /// Whatever the syntax around a secret, errors name the key and the column, never the text.
    @Test(arguments: [
        ("api_key = ZZLEAK04secret", "the value of 'accounts.okx.api_key' is not valid TOML: strings need quotes (column 11)"),
        ("api_key = ZZLEAK04 secret", "strings need quotes"),
        ("api_key = 0xZZLEAK04secret", "the value of 'accounts.okx.api_key' is not a valid number (column 11)"),
        ("api_key = 0x7a7a-ZZLEAK04secret", "is not a valid number"),
        ("api_key = 12ZZLEAK04secret", "is not a valid number"),
        ("api_key = +ZZLEAK04secret", "strings need quotes"),
        ("api_key = 2024-01-01ZZLEAK04secret", "dates and times are not supported"),
        ("api_key = 12:34:ZZLEAK04secret", "dates and times are not supported"),
        ("api_key = infZZLEAK04secret", "strings need quotes"),
        ("api_key = \"ZZLEAK04secret", "unterminated string in the value of 'accounts.okx.api_key' (column 11)"),
        ("api_key = 'ZZLEAK04secret", "unterminated string"),
        ("api_key = \"\"\"ZZLEAK04secret\nmore", "unterminated string"),
        ("api_key = \"ZZLEAK04\\qsecret\"", "invalid escape in the value of 'accounts.okx.api_key' (column 20)"),
        ("api_key = \"ZZLEAK04\\u12secret\"", "invalid unicode escape"),
        ("api_key = \"ZZLEAK04\u{7}secret\"", "control character"),
        ("api_key = \"ZZLEAK04\" secret", "must be followed by the end of the line"),
        ("api_key = [\"x\", ZZLEAK04secret]", "the value of 'accounts.okx.api_key' is not valid TOML"),
        ("api_key = [\"ZZLEAK04secret\" \"x\"]", "missing ','"),
        ("api_key = [\"ZZLEAK04secret\"", "unterminated array"),
        ("api_key = { k = ZZLEAK04secret }", "the value of 'accounts.okx.api_key.k' is not valid TOML"),
        ("api_key = { k = \"ZZLEAK04secret }", "unterminated string in the value of 'accounts.okx.api_key.k'"),
        ("api_key = { k = \"ZZLEAK04secret\"", "unterminated inline table"),
        ("api_key = { ZZLEAK04secret }", "missing '='"),
    ])
    func errorsNeverRepeatValues(line: String, fragment: String) {
        let e = parseError("[accounts.okx]\n" + line)
        #expect(e.line == 2)
        #expect(e.message.contains(fragment), "\(e)")
        #expect(!e.description.contains("ZZLEAK") && !e.description.contains("secret"), "\(e)")
    }

    /// A secret pasted alone on a line reads as a key without '=': not echoed either.
    @Test func strayLinesAreNotEchoed() {
        for doc in ["ZZLEAK04secret", "\"ZZLEAK04secret\"", "ZZLEAK04secret # note"] {
            #expect(!parseError(doc).description.contains("ZZLEAK"))
        }
    }
}
