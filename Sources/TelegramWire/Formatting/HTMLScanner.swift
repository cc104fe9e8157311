/// Reads Telegram HTML as Telegram's parser does, into pieces: tags (zero width) and visible
/// atoms (a character, or an entity that stands for one) with their width in UTF-16 units.
/// The splitter cuts only between pieces, so never inside a tag, an entity, a character or a
/// surrogate pair. A `<` or `&` that starts no tag or entity is text, as written.
struct HTMLPiece {
    enum Kind: Equatable {
        case text
        case newline
        case space
        case open(String)
        case close(String)
    }

    var kind: Kind
    /// Where it is in the source.
    var range: Range<String.Index>
    /// Visible UTF-16 units: 0 for a tag.
    var width: Int
    /// The visible text (an entity decoded); empty for a tag.
    var visible: Substring
}

enum HTMLScanner {
    /// The pieces of `html`. A character wider than `maxWidth` units (a long combining
    /// sequence) is given as its scalars, so that every piece fits a chunk.
    static func pieces(_ html: String, maxWidth: Int = .max) -> [HTMLPiece] {
        var out: [HTMLPiece] = []
        let s = html.unicodeScalars
        var i = s.startIndex, textStart = i
        func flushText(_ end: String.Index) {
            guard textStart < end else { return }
            let run = html[textStart..<end]
            var j = run.startIndex
            while j < run.endIndex {
                let k = run.index(after: j)
                let ch = run[j..<k]
                if ch.utf16.count > maxWidth {
                    for u in ch.unicodeScalars.indices {
                        let r = u..<ch.unicodeScalars.index(after: u)
                        out.append(HTMLPiece(kind: .text, range: r, width: html[r].utf16.count, visible: html[r]))
                    }
                } else {
                    let c = ch.first!
                    let kind: HTMLPiece.Kind = c.isNewline ? .newline : (c.isWhitespace ? .space : .text)
                    out.append(HTMLPiece(kind: kind, range: j..<k, width: ch.utf16.count, visible: ch))
                }
                j = k
            }
        }
        while i < s.endIndex {
            if s[i] == "<", let (end, kind) = tag(s, at: i) {
                flushText(i)
                out.append(HTMLPiece(kind: kind, range: i..<end, width: 0, visible: ""))
                i = end
                textStart = i
            } else if s[i] == "&", let (end, decoded) = entity(s, at: i) {
                flushText(i)
                out.append(HTMLPiece(kind: .text, range: i..<end, width: decoded.utf16.count, visible: Substring(decoded)))
                i = end
                textStart = i
            } else {
                i = s.index(after: i)
            }
        }
        flushText(s.endIndex)
        return out
    }

    /// `<name …>` or `</name>`: a letter starts the name; attribute values in quotes may hold
    /// `>`. Nil when it is no tag (then the `<` is text).
    static func tag(_ s: String.UnicodeScalarView, at start: String.Index) -> (String.Index, HTMLPiece.Kind)? {
        var i = s.index(after: start)
        var closing = false
        if i < s.endIndex, s[i] == "/" { closing = true; i = s.index(after: i) }
        var name = ""
        while i < s.endIndex, s[i].isASCII, s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) || s[i] == "-" {
            name.unicodeScalars.append(s[i])
            i = s.index(after: i)
        }
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return nil }
        var quote: Unicode.Scalar?
        while i < s.endIndex {
            let c = s[i]
            i = s.index(after: i)
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                let n = name.lowercased()
                return (i, closing ? .close(n) : .open(n))
            } else if c == "<" {
                return nil
            }
        }
        return nil
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` (the only named ones Telegram knows) and `&#NNN;`
    /// `&#xHH;`, with what they stand for. Nil when it is none (then the `&` is text).
    static func entity(_ s: String.UnicodeScalarView, at start: String.Index) -> (String.Index, String)? {
        var i = s.index(after: start), body = ""
        while i < s.endIndex, s[i] != ";", body.unicodeScalars.count < 10 {
            body.unicodeScalars.append(s[i])
            i = s.index(after: i)
        }
        guard i < s.endIndex, s[i] == ";" else { return nil }
        let end = s.index(after: i)
        switch body {
        case "lt": return (end, "<")
        case "gt": return (end, ">")
        case "amp": return (end, "&")
        case "quot": return (end, "\"")
        default:
            guard body.hasPrefix("#") else { return nil }
            let digits = body.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value > 0, let u = Unicode.Scalar(value) else { return nil }
            return (end, String(Character(u)))
        }
    }
}
