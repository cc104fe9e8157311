/// Whether a string is a key (single-line only, `TOMLLimits.maxKeyBytes`) or a value.
enum StringRole { case key, value }

extension Parser {
    /// Errors inside a string start with the problem ("unterminated string…", as callers and
    /// their tests expect) and name the key, never the text.
    func stringError(_ problem: String, _ role: StringRole, at m: Mark? = nil) -> TOMLSyntaxError {
        switch role {
        case .key: fail("\(problem) in a key", at: m)
        case .value: fail("\(problem) in the value of '\(shown(path.joined(separator: ".")))'", at: m)
        }
    }

    func limit(_ role: StringRole) -> Int { role == .key ? limits.maxKeyBytes : limits.maxStringBytes }

    func tooLong(_ role: StringRole, at m: Mark) -> TOMLSyntaxError {
        stringError("a string longer than the limit of \(limit(role)) bytes", role, at: m)
    }

    /// At `"""` or `'''`: consumes the closing delimiter and returns how many quotes just
    /// before it belong to the string (TOML lets one or two end it: `""""` is `"` closed).
    mutating func closingQuotes() -> Int {
        var n = 0
        while i + n < bytes.count, bytes[i + n] == bytes[i], n < 5 { n += 1 }
        i += n
        return n - 3
    }

    mutating func basicString(_ role: StringRole) throws(TOMLSyntaxError) -> String {
        let start = mark()
        let multi = role == .value && starts("\"\"\"")
        i += multi ? 3 : 1
        if multi { _ = newline() }  // a newline right after the quotes is not part of the string
        var out: [UInt8] = []
        while true {
            let run = i  // plain text, copied at once
            while let c = peek, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\"), !isControl(c) { i += 1 }
            out += bytes[run..<i]
            guard let c = peek else { throw stringError("unterminated string", role, at: start) }
            if c == UInt8(ascii: "\"") {
                if !multi { i += 1; break }
                if starts("\"\"\"") { out += repeatElement(c, count: closingQuotes()); break }
                out.append(c)
                i += 1
            } else if c == UInt8(ascii: "\\") {
                try escape(into: &out, multi: multi, role)
            } else if c == 0x0A || c == 0x0D {
                let from = i
                guard multi, newline() else {
                    throw c == 0x0A ? stringError("unterminated string", role, at: start)
                                    : stringError("an unescaped control character", role)
                }
                out += bytes[from..<i]
            } else {
                throw stringError("an unescaped control character", role)
            }
        }
        guard out.count <= limit(role) else { throw tooLong(role, at: start) }
        return String(decoding: out, as: UTF8.self)
    }

    /// After a backslash: appends what the escape stands for.
    mutating func escape(into out: inout [UInt8], multi: Bool, _ role: StringRole) throws(TOMLSyntaxError) {
        let at = mark()
        i += 1
        guard let e = peek else { throw stringError("an invalid escape", role, at: at) }
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "u") ? 4 : 8
            guard i + n <= bytes.count, bytes[i..<i + n].allSatisfy({ digitValue($0) != nil }),
                  let scalar = Unicode.Scalar(bytes[i..<i + n].reduce(UInt32(0)) { $0 << 4 | UInt32(digitValue($1)!) })
            else { throw stringError("an invalid unicode escape", role, at: at) }
            UTF8.encode(scalar) { out.append($0) }
            i += n
        case 0x20, 0x09, 0x0A, 0x0D:
            // A backslash ending a line (spaces may follow it) joins the next non-blank text.
            i -= 1
            skipSpaces()
            guard multi, newline() else { throw stringError("an invalid escape", role, at: at) }
            while true {
                skipSpaces()
                guard newline() else { break }
            }
        default: throw stringError("an invalid escape", role, at: at)
        }
    }

    mutating func literalString(_ role: StringRole) throws(TOMLSyntaxError) -> String {
        let start = mark()
        let multi = role == .value && starts("'''")
        i += multi ? 3 : 1
        if multi { _ = newline() }
        let from = i
        var end = i
        while true {
            guard let c = peek else { throw stringError("unterminated string", role, at: start) }
            if c == UInt8(ascii: "'") {
                end = i
                if !multi { i += 1; break }
                if starts("'''") { end += closingQuotes(); break }
            } else if c == 0x0A || c == 0x0D {
                guard multi, newline() else {
                    throw c == 0x0A ? stringError("unterminated string", role, at: start)
                                    : stringError("an unescaped control character", role)
                }
                continue
            } else if isControl(c) {
                throw stringError("a control character, which literal strings cannot escape,", role)
            }
            i += 1
        }
        guard end - from <= limit(role) else { throw tooLong(role, at: start) }
        return String(decoding: bytes[from..<end], as: UTF8.self)
    }
}
