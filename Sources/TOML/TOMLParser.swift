/// Parses TOML 1.0 documents: tables, arrays of tables, dotted keys, basic and literal strings
/// (single and multi-line), integers, floats, booleans, arrays and inline tables. Dates and
/// times are rejected with a clear error: no BotRuntime setting is a date.
public enum TOMLParser {
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        var p = Parser(bytes: Array(text.utf8))
        return try p.document()
    }
}

private struct Parser {
    let bytes: [UInt8]
    var i = 0
    var line = 1

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { i >= bytes.count }
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    func fail(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, message: message) }

    mutating func skipSpaces() {
        while let c = peek, c == 0x20 || c == 0x09 { i += 1 }
    }

    mutating func skipComment() {
        if peek == UInt8(ascii: "#") { while let c = peek, c != 0x0A { i += 1 } }
    }

    /// Skips spaces, comments and newlines (inside arrays).
    mutating func skipBlank() {
        while let c = peek {
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 }
            else if c == 0x0A { i += 1; line += 1 }
            else if c == UInt8(ascii: "#") { skipComment() }
            else { break }
        }
    }

    mutating func endOfLine() throws(TOMLSyntaxError) {
        skipSpaces()
        skipComment()
        if peek == 0x0D { i += 1 }
        guard let c = peek else { return }
        guard c == 0x0A else { throw fail("expected the end of the line, found '\(Character(UnicodeScalar(c)))'") }
        i += 1
        line += 1
    }

    mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        var root = TOMLTable(line: 1)
        var current: [String] = []
        var currentIsArrayElement = false
        while !atEnd {
            skipBlank()
            guard let c = peek else { break }
            if c == UInt8(ascii: "[") {
                let headerLine = line
                i += 1
                let isArray = peek == UInt8(ascii: "[")
                if isArray { i += 1 }
                skipSpaces()
                let path = try key()
                skipSpaces()
                guard peek == UInt8(ascii: "]") else { throw fail("expected ']' after the table name") }
                i += 1
                if isArray {
                    guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' after the table name") }
                    i += 1
                }
                try endOfLine()
                try openTable(&root, path, array: isArray, line: headerLine)
                current = path
                currentIsArrayElement = isArray
            } else {
                let keyLine = line
                let path = try key()
                skipSpaces()
                guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after key '\(path.joined(separator: "."))'") }
                i += 1
                skipSpaces()
                let v = try value()
                try endOfLine()
                try assign(&root, current, arrayElement: currentIsArrayElement, path, v, line: keyLine)
            }
        }
        return root
    }

    // MARK: keys

    mutating func key() throws(TOMLSyntaxError) -> [String] {
        var parts: [String] = []
        repeat {
            skipSpaces()
            parts.append(try simpleKey())
            skipSpaces()
            if peek == UInt8(ascii: ".") { i += 1 } else { break }
        } while true
        return parts
    }

    mutating func simpleKey() throws(TOMLSyntaxError) -> String {
        guard let c = peek else { throw fail("expected a key") }
        if c == UInt8(ascii: "\"") { return try basicString() }
        if c == UInt8(ascii: "'") { return try literalString() }
        let start = i
        while let c = peek, isBare(c) { i += 1 }
        guard i > start else { throw fail("expected a key, found '\(Character(UnicodeScalar(c)))'") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    func isBare(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    // MARK: values

    mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
        guard let c = peek else { throw fail("expected a value") }
        switch c {
        case UInt8(ascii: "\""): return .string(try basicString())
        case UInt8(ascii: "'"): return .string(try literalString())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if match("true") { return .bool(true) }
            if match("false") { return .bool(false) }
            throw fail("invalid value (strings need quotes)")
        default: return try number()
        }
    }

    mutating func match(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return false }
        if i + w.count < bytes.count, isBare(bytes[i + w.count]) { return false }
        i += w.count
        return true
    }

    mutating func number() throws(TOMLSyntaxError) -> TOMLValue {
        let start = i
        while let c = peek, isBare(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: ":") { i += 1 }
        let raw = String(decoding: bytes[start..<i], as: UTF8.self)
        if raw.isEmpty { throw fail("invalid value (strings need quotes)") }
        if raw.contains(":") || (raw.filter { $0 == "-" }.count >= 2 && !raw.contains("e")) {
            throw fail("dates and times are not supported ('\(raw)')")
        }
        let text = raw.filter { $0 != "_" }
        if ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(text) {
            throw fail("'\(raw)' is not a finite number")
        }
        if text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix("0b") {
            let radix = text.hasPrefix("0x") ? 16 : text.hasPrefix("0o") ? 8 : 2
            guard let v = Int64(text.dropFirst(2), radix: radix) else { throw fail("invalid number '\(raw)'") }
            return .number(String(v))
        }
        guard Double(text) != nil, text.first != ".", text.last != ".", !text.hasPrefix("0") || text == "0"
            || text.hasPrefix("0.") || text.hasPrefix("0e") || text.hasPrefix("0E")
        else { throw fail("invalid value '\(raw)' (strings need quotes)") }
        return .number(text)
    }

    mutating func array() throws(TOMLSyntaxError) -> TOMLValue {
        i += 1
        var items: [TOMLValue] = []
        while true {
            skipBlank()
            guard let c = peek else { throw fail("unterminated array") }
            if c == UInt8(ascii: "]") { i += 1; return .array(items) }
            items.append(try value())
            skipBlank()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            skipBlank()
            guard peek != nil else { throw fail("unterminated array") }
            guard peek == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in array") }
        }
    }

    mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLValue {
        let startLine = line
        i += 1
        var t = TOMLTable(line: startLine)
        skipSpaces()
        if peek == UInt8(ascii: "}") { i += 1; return .table(t) }
        while true {
            skipSpaces()
            let path = try key()
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw fail("expected '=' in inline table") }
            i += 1
            skipSpaces()
            let v = try value()
            try assign(&t, [], arrayElement: false, path, v, line: line)
            skipSpaces()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            guard peek == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in inline table") }
            i += 1
            return .table(t)
        }
    }

    // MARK: strings

    mutating func literalString() throws(TOMLSyntaxError) -> String {
        if starts("'''") {
            i += 3
            if peek == 0x0A { i += 1; line += 1 }
            let start = i
            while !starts("'''") {
                guard let c = peek else { throw fail("unterminated string") }
                if c == 0x0A { line += 1 }
                i += 1
            }
            let s = String(decoding: bytes[start..<i], as: UTF8.self)
            i += 3
            return s
        }
        i += 1
        let start = i
        while let c = peek, c != UInt8(ascii: "'") {
            if c == 0x0A { throw fail("unterminated string") }
            i += 1
        }
        guard peek != nil else { throw fail("unterminated string") }
        let s = String(decoding: bytes[start..<i], as: UTF8.self)
        i += 1
        return s
    }

    func starts(_ s: String) -> Bool {
        let w = Array(s.utf8)
        return i + w.count <= bytes.count && Array(bytes[i..<i + w.count]) == w
    }

    mutating func basicString() throws(TOMLSyntaxError) -> String {
        let multi = starts("\"\"\"")
        i += multi ? 3 : 1
        if multi, peek == 0x0A { i += 1; line += 1 }
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("unterminated string") }
            if multi ? starts("\"\"\"") : c == UInt8(ascii: "\"") {
                i += multi ? 3 : 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == 0x0A {
                guard multi else { throw fail("unterminated string") }
                line += 1
            }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard let e = peek else { throw fail("unterminated string") }
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let n = e == UInt8(ascii: "u") ? 4 : 8
                    guard i + n <= bytes.count,
                          let v = UInt32(String(decoding: bytes[i..<i + n], as: UTF8.self), radix: 16),
                          let scalar = UnicodeScalar(v)
                    else { throw fail("invalid unicode escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += n
                case 0x0A where multi, 0x20 where multi, 0x09 where multi, 0x0D where multi:
                    if e == 0x0A { line += 1 }
                    while let w = peek, w == 0x20 || w == 0x09 || w == 0x0A || w == 0x0D {
                        if w == 0x0A { line += 1 }
                        i += 1
                    }
                default: throw fail("invalid escape '\\\(Character(UnicodeScalar(e)))'")
                }
                continue
            }
            out.append(c)
            i += 1
        }
    }

    // MARK: tables

    func openTable(_ root: inout TOMLTable, _ path: [String], array: Bool, line: Int) throws(TOMLSyntaxError) {
        try Self.walk(&root, path[...], array: array, line: line, headerPath: path)
    }

    private static func walk(_ t: inout TOMLTable, _ path: ArraySlice<String>, array: Bool, line: Int,
                             headerPath: [String]) throws(TOMLSyntaxError) {
        let k = path.first!
        let rest = path.dropFirst()
        let name = headerPath.joined(separator: ".")
        if rest.isEmpty {
            if array {
                if t[k] == nil { t.insert(k, .array([]), line: line) }
                guard case .array = t[k]! else {
                    throw TOMLSyntaxError(line: line, message: "'\(name)' is already defined as a value")
                }
                t.update(k) { e in
                    if case .array(var items) = e.value { items.append(.table(TOMLTable(line: line))); e.value = .array(items) }
                }
            } else {
                if t[k] == nil { t.insert(k, .table(TOMLTable(line: line)), line: line); return }
                throw TOMLSyntaxError(line: line, message: "table '\(name)' is defined twice (first on line \(t.line(of: k)))")
            }
            return
        }
        try descend(&t, k, line: line, full: name) { sub throws(TOMLSyntaxError) in
            try walk(&sub, rest, array: array, line: line, headerPath: headerPath)
        }
    }

    /// Runs `body` on the table under `k` (created if missing; the last element when `k` is
    /// an array of tables), writing it back after.
    private static func descend(_ t: inout TOMLTable, _ k: String, line: Int, full: String,
                                _ body: (inout TOMLTable) throws(TOMLSyntaxError) -> Void) throws(TOMLSyntaxError) {
        if t[k] == nil { t.insert(k, .table(TOMLTable(line: line)), line: line) }
        var failure: TOMLSyntaxError?
        t.update(k) { e in
            switch e.value {
            case .table(var sub):
                do throws(TOMLSyntaxError) { try body(&sub) } catch { failure = error }
                e.value = .table(sub)
            case .array(var items):
                guard case .table(var last)? = items.last else {
                    failure = TOMLSyntaxError(line: line, message: "'\(k)' is not a table")
                    return
                }
                do throws(TOMLSyntaxError) { try body(&last) } catch { failure = error }
                items[items.count - 1] = .table(last)
                e.value = .array(items)
            default:
                failure = TOMLSyntaxError(line: line, message: "'\(k)' is already defined as a value, so '\(full)' cannot be set")
            }
        }
        if let failure { throw failure }
    }

    /// Sets `key` (dotted) inside the table at `tablePath`.
    func assign(_ root: inout TOMLTable, _ tablePath: [String], arrayElement: Bool, _ key: [String],
                _ v: TOMLValue, line: Int) throws(TOMLSyntaxError) {
        try Self.set(&root, tablePath[...] + key[...], v, line: line, full: (tablePath + key).joined(separator: "."))
    }

    private static func set(_ t: inout TOMLTable, _ path: ArraySlice<String>, _ v: TOMLValue, line: Int,
                            full: String) throws(TOMLSyntaxError) {
        let k = path.first!
        let rest = path.dropFirst()
        if rest.isEmpty {
            guard t.insert(k, v, line: line) else {
                throw TOMLSyntaxError(line: line, message: "key '\(full)' is defined twice (first on line \(t.line(of: k)))")
            }
            return
        }
        try descend(&t, k, line: line, full: full) { sub throws(TOMLSyntaxError) in
            try set(&sub, rest, v, line: line, full: full)
        }
    }
}
