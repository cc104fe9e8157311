extension Parser {
    /// A value whose enclosing tables and arrays are `depth - 1` deep; a table or an array
    /// here would be at `depth`, which is checked before reading into it.
    mutating func value(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        try countItem()
        switch peek {
        case UInt8(ascii: "\""): return .string(try basicString(.value))
        case UInt8(ascii: "'"): return .string(try literalString(.value))
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): return try inlineTable(depth: depth)
        case nil, 0x0A, 0x0D, UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw valueError("is missing")
        default: return try bareValue()
        }
    }

    var tooDeep: String { "nests tables and arrays more than \(limits.maxDepth) levels deep, the limit" }

    mutating func array(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let start = mark()
        guard depth <= limits.maxDepth else { throw valueError(tooDeep, at: start) }
        i += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
            guard peek != nil else { throw valueError("is an unterminated array", at: start) }
            items.append(try value(depth: depth + 1))
            try skipBlank()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            guard peek != nil else { throw valueError("is an unterminated array", at: start) }
            guard peek == UInt8(ascii: "]") else { throw valueError("is an array missing ',' or ']' here") }
        }
    }

    /// `{ k = v, … }`, on one line as TOML 1.0 requires; once closed, nothing can add to it.
    mutating func inlineTable(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let start = mark()
        guard depth <= limits.maxDepth else { throw valueError(tooDeep, at: start) }
        i += 1
        let table = TableNode(kind: .inline, line: line, depth: depth)
        skipSpaces()
        if peek == UInt8(ascii: "}") { i += 1; return .table(table.table()) }
        while true {
            skipSpaces()
            let keyStart = mark()
            let key = try key()
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw valueError("is an inline table missing '=' after a key") }
            i += 1
            skipSpaces()
            path += key
            let v = try value(depth: depth + key.count)
            try assign(v, key, in: table, at: keyStart)
            path.removeLast(key.count)
            skipSpaces()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; return .table(table.table()) }
            throw valueError(peek == nil ? "is an unterminated inline table"
                                         : "is an inline table missing ',' or '}' here (it must end on its line)")
        }
    }

    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    /// An unquoted value: a boolean or a number; anything else would need quotes. Errors say
    /// what is wrong with the value, never what it is.
    mutating func bareValue() throws(TOMLSyntaxError) -> TOMLValue {
        let start = mark()
        let from = i
        while let c = peek, isBare(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: ":") { i += 1 }
        let word = bytes[from..<i]
        if word.elementsEqual(Self.trueBytes) { return .bool(true) }
        if word.elementsEqual(Self.falseBytes) { return .bool(false) }
        if let n = tomlNumber(word) { return .number(n) }
        let digits = word.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        let problem: String
        let dateLike = word.prefix(4).allSatisfy(isDigit) && word.dropFirst(4).first == UInt8(ascii: "-")  // 1979-05-27
        if word.contains(UInt8(ascii: ":")) || dateLike {
            problem = "is a date or time: dates and times are not supported"
        } else if digits.elementsEqual("inf".utf8) || digits.elementsEqual("nan".utf8) {
            problem = "is not a finite number"
        } else if let first = digits.first, isDigit(first) || first == UInt8(ascii: ".") {
            problem = "is not a valid number"
        } else {
            problem = "is not valid TOML: strings need quotes"
        }
        throw valueError(problem, at: start)
    }
}

/// The TOML 1.0 integer or float in `word`, underscores removed and hexadecimal, octal
/// and binary integers in decimal; nil if it is not one (or not finite).
func tomlNumber(_ word: ArraySlice<UInt8>) -> String? {
    var j = word.startIndex
    let signed = word.first == UInt8(ascii: "+") || word.first == UInt8(ascii: "-")
    if signed { j += 1 }
    let radix: Int? = switch word.dropFirst().first {
    case UInt8(ascii: "x"): 16
    case UInt8(ascii: "o"): 8
    case UInt8(ascii: "b"): 2
    default: nil
    }
    if !signed, word.first == UInt8(ascii: "0"), let radix {
        guard digitRun(word[(j + 2)...], radix: radix) == word.endIndex else { return nil }
        var v: Int64 = 0
        for c in word[(j + 2)...] where c != UInt8(ascii: "_") {
            let (shifted, o1) = v.multipliedReportingOverflow(by: Int64(radix))
            let (sum, o2) = shifted.addingReportingOverflow(Int64(digitValue(c)!))
            guard !o1, !o2 else { return nil }
            v = sum
        }
        return String(v)
    }
    guard let intEnd = digitRun(word[j...], radix: 10) else { return nil }
    if word[j] == UInt8(ascii: "0"), intEnd - j > 1 { return nil }  // no leading zeros
    j = intEnd
    if j < word.endIndex, word[j] == UInt8(ascii: ".") {
        guard let end = digitRun(word[(j + 1)...], radix: 10) else { return nil }
        j = end
    }
    if j < word.endIndex, word[j] == UInt8(ascii: "e") || word[j] == UInt8(ascii: "E") {
        j += 1
        if j < word.endIndex, word[j] == UInt8(ascii: "+") || word[j] == UInt8(ascii: "-") { j += 1 }
        guard let end = digitRun(word[j...], radix: 10) else { return nil }
        j = end
    }
    guard j == word.endIndex else { return nil }
    guard word.contains(UInt8(ascii: "_")) else { return String(decoding: word, as: UTF8.self) }
    return String(decoding: word.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
}

/// Where a run of digits, with single underscores between them, ends at the start of
/// `s`; nil if `s` does not start with a digit.
func digitRun(_ s: ArraySlice<UInt8>, radix: Int) -> Int? {
    var j = s.startIndex
    guard j < s.endIndex, let d = digitValue(s[j]), d < radix else { return nil }
    j += 1
    while j < s.endIndex {
        if let d = digitValue(s[j]), d < radix { j += 1; continue }
        guard s[j] == UInt8(ascii: "_"), j + 1 < s.endIndex, let d = digitValue(s[j + 1]), d < radix else { break }
        j += 2
    }
    return j
}
