/// Parses TOML 1.0 documents: tables, arrays of tables, dotted keys, basic and literal strings
/// (single and multi-line), integers, floats, booleans, arrays and inline tables. Dates and
/// times are rejected with a clear error: no BotRuntime setting is a date.
///
/// Any input returns a table or throws: nesting and sizes are bounded (`TOMLLimits`) and
/// checked before they are reached, and the work is linear in the size of the input.
public enum TOMLParser {
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses a file's bytes, which must be UTF-8 (a byte order mark first is skipped).
    public static func parse(bytes: [UInt8]) throws(TOMLSyntaxError) -> TOMLTable {
        try parse(bytes: bytes, limits: .standard)
    }

    static func parse(bytes: [UInt8], limits: TOMLLimits) throws(TOMLSyntaxError) -> TOMLTable {
        guard bytes.count <= limits.maxInputBytes else {
            throw TOMLSyntaxError(line: 1, column: 1, message: "the file is larger than the limit of \(limits.maxInputBytes) bytes")
        }
        if let bad = firstInvalidUTF8(bytes) {
            let at = Parser.Mark(line: 1 + bytes[..<bad].count { $0 == 0x0A },
                                 lineStart: bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0, index: bad)
            let column = at.column(in: bytes)
            throw TOMLSyntaxError(line: at.line, column: column, message: "invalid UTF-8 at byte \(bad) of the file "
                                  + "(counting from 0; line \(at.line), column \(column))")
        }
        var p = Parser(bytes: bytes, limits: limits)
        return try p.document()
    }
}

/// A cursor over the bytes, with the line and column it is at.
struct Parser {
    let bytes: [UInt8]
    let limits: TOMLLimits
    var i = 0
    var line = 1
    /// Where the current line starts, for columns.
    var lineStart = 0
    /// The key being assigned, in full (table name and dotted parts), for error messages.
    var path: [String] = []
    /// Values and tables made so far, against `TOMLLimits.maxItems`.
    var items = 0

    init(bytes: [UInt8], limits: TOMLLimits) {
        self.bytes = bytes
        self.limits = limits
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
    }

    /// Mutating only so that debug builds (every test) pass the parser by reference rather
    /// than copying it, with its arrays, on each of the many calls.
    var peek: UInt8? { mutating get { i < bytes.count ? bytes[i] : nil } }

    // MARK: errors

    /// A position to report later. Its column is counted only for an error: counting it for
    /// every value made a long line quadratic.
    struct Mark {
        var line: Int, lineStart: Int, index: Int
        func column(in bytes: [UInt8]) -> Int {
            1 + bytes[lineStart..<index].lazy.filter { $0 & 0xC0 != 0x80 }.count  // characters, not bytes
        }
    }

    /// The position of `index` (the cursor by default), which must be on the current line.
    func mark(_ index: Int? = nil) -> Mark { Mark(line: line, lineStart: lineStart, index: index ?? i) }

    func fail(_ message: String, at m: Mark? = nil) -> TOMLSyntaxError {
        let m = m ?? mark()
        let column = m.column(in: bytes)
        return TOMLSyntaxError(line: m.line, column: column, message: "\(message) (column \(column))")
    }

    /// An error about the value being parsed: it names the key, never the value's text.
    func valueError(_ problem: String, at m: Mark? = nil) -> TOMLSyntaxError {
        fail("the value of '\(shown(path.joined(separator: ".")))' \(problem)", at: m)
    }

    /// The character at the cursor, as a message may show it.
    var found: String {
        guard i < bytes.count else { return "the end of the file" }
        let c = bytes[i]
        if c == 0x0A || (c == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) { return "the end of the line" }
        let length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        return "'" + shown(String(decoding: bytes[i..<min(i + length, bytes.count)], as: UTF8.self)) + "'"
    }

    mutating func countItem() throws(TOMLSyntaxError) {
        items += 1
        guard items <= limits.maxItems else {
            throw fail("the file holds more than \(limits.maxItems) values and tables, the limit")
        }
    }

    // MARK: blanks

    mutating func skipSpaces() {
        while let c = peek, c == 0x20 || c == 0x09 { i += 1 }
    }

    /// Consumes a newline (LF or CRLF) if there is one.
    mutating func newline() -> Bool {
        if peek == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        guard peek == 0x0A else { return false }
        i += 1
        line += 1
        lineStart = i
        return true
    }

    mutating func skipComment() throws(TOMLSyntaxError) {
        guard peek == UInt8(ascii: "#") else { return }
        while let c = peek, c != 0x0A {
            if isControl(c), !(c == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) {
                throw fail("a comment holds a control character, which TOML forbids")
            }
            i += 1
        }
    }

    /// Skips spaces, comments and newlines (between lines, and inside arrays).
    mutating func skipBlank() throws(TOMLSyntaxError) {
        while true {
            skipSpaces()
            try skipComment()
            guard newline() else { return }
        }
    }

    /// After a header or a value: nothing else but a comment before the end of the line.
    mutating func endOfLine(afterValue: Bool) throws(TOMLSyntaxError) {
        skipSpaces()
        try skipComment()
        guard peek != nil, !newline() else { return }
        // What follows a value may be the rest of it (an unquoted secret with a space).
        if afterValue { throw valueError("must be followed by the end of the line or a comment") }
        throw fail("expected the end of the line after the table header, found \(found)")
    }

    // MARK: document

    mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        let root = TableNode(kind: .header, line: 1, depth: 0)
        var current = root
        while true {
            try skipBlank()
            guard let c = peek else { break }
            let start = mark()
            if c == UInt8(ascii: "[") {
                i += 1
                let isArray = peek == UInt8(ascii: "[")
                if isArray { i += 1 }
                skipSpaces()
                let name = try key()
                skipSpaces()
                let close = isArray ? "]]" : "]"
                guard starts(close) else { throw fail("expected '\(close)' after the table name, found \(found)") }
                i += close.utf8.count
                path = name
                try endOfLine(afterValue: false)
                current = try openTable(root, name, array: isArray, at: start)
            } else {
                let key = try key()
                skipSpaces()
                // Not "after key 'x'": a line without '=' may be a stray value, not a key.
                guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after a key, found \(found)") }
                i += 1
                skipSpaces()
                path += key
                let v = try value(depth: current.depth + key.count)
                try endOfLine(afterValue: true)
                try assign(v, key, in: current, at: start)
                path.removeLast(key.count)
            }
        }
        return root.table()
    }

    // MARK: keys

    mutating func key() throws(TOMLSyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard parts.count < limits.maxKeyParts else {
                throw fail("a dotted key or table name has more than \(limits.maxKeyParts) parts, the limit")
            }
            parts.append(try simpleKey())
            skipSpaces()
            guard peek == UInt8(ascii: ".") else { return parts }
            i += 1
        }
    }

    mutating func simpleKey() throws(TOMLSyntaxError) -> String {
        switch peek {
        case UInt8(ascii: "\""): return try basicString(.key)
        case UInt8(ascii: "'"): return try literalString(.key)
        default:
            let start = i
            while let c = peek, isBare(c) { i += 1 }
            guard i > start else { throw fail("expected a key, found \(found)") }
            guard i - start <= limits.maxKeyBytes else {
                throw fail("a key longer than the limit of \(limits.maxKeyBytes) bytes", at: mark(start))
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
    }

    func starts(_ s: String) -> Bool { bytes[i...].starts(with: s.utf8) }
}

// Byte classes, free functions rather than methods for the same reason as `peek`.

func isBare(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
}

/// Control characters TOML allows in no string or comment (tab aside).
func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }

func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

func digitValue(_ c: UInt8) -> Int? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c - UInt8(ascii: "A")) + 10
    default: nil
    }
}
