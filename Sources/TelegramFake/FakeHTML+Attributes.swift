/// A start tag's attributes, read as tdlib reads them: `name=value` with the value quoted
/// (entities decoded, a lone `&` kept: URLs carry them) or a bare name token (lower-cased);
/// `expandable` on a blockquote needs no value.
extension HTMLReader {
    mutating func attributes(of tag: String, begin: Int) throws(HTMLError) -> [String: String] {
        var found: [String: String] = [:]
        while at(i) != Self.gt {
            while Self.isSpace(at(i)) { i += 1 }
            if at(i) == Self.gt { break }
            guard at(i) != 0 else { throw "Unclosed start tag at byte offset \(begin)" }
            let nameStart = i
            while !Self.isSpace(at(i)), at(i) != UInt8(ascii: "="), at(i) != Self.gt, at(i) != 0 { i += 1 }
            let name = word(nameStart, i)
            guard !name.isEmpty else { throw "Empty attribute name in the tag \"\(tag)\" at byte offset \(begin)" }
            while Self.isSpace(at(i)) { i += 1 }
            guard at(i) == UInt8(ascii: "=") else {
                if tag == "blockquote", name == "expandable" {
                    found[name] = ""
                    continue
                }
                throw "Expected equal sign in declaration of an attribute of the tag \"\(tag)\" at byte offset \(begin)"
            }
            i += 1
            while Self.isSpace(at(i)) { i += 1 }
            guard at(i) != 0 else { throw "Unclosed start tag at byte offset \(begin)" }
            found[name] = try value(begin: begin)
        }
        return found
    }

    mutating func value(begin: Int) throws(HTMLError) -> String {
        let quote = at(i)
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            let start = i
            while Self.isNameToken(at(i)) { i += 1 }
            guard Self.isSpace(at(i)) || at(i) == Self.gt else {
                if at(i) == 0 { throw "Unclosed start tag at byte offset \(begin)" }
                throw "Unexpected end of name token at byte offset \(start)"
            }
            return word(start, i).lowercased()
        }
        i += 1
        var value: [UInt8] = []
        while at(i) != quote, at(i) != 0 {
            if at(i) == Self.amp, let e = HTMLEntity.decode(bytes, at: i), at(e.end) == UInt8(ascii: ";") {
                value += Array(String(Character(e.scalar)).utf8)
                i = e.end + 1
            } else {
                value.append(at(i))
                i += 1
            }
        }
        guard at(i) == quote else { throw "Unclosed start tag at byte offset \(begin)" }
        i += 1
        return String(decoding: value, as: UTF8.self)
    }

    /// A name token: letters, digits, periods, hyphens.
    static func isNameToken(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
    }
}
