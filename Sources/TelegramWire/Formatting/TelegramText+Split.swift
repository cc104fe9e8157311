extension TelegramText {
    /// `html` in chunks of at most `limit` visible UTF-16 units each (`visibleLength`), to be
    /// sent as consecutive messages. A chunk ends at the last line break that leaves it at
    /// least half full, else at the last space that does, else just before the character that
    /// does not fit; never inside a tag, an entity, a character or a surrogate pair. Tags open
    /// at a cut are closed at the end of the chunk and opened again (attributes and all) at
    /// the start of the next, so a `<pre>` or `<b>` spanning the cut stays valid in both.
    /// The line break at a cut stays at the end of its chunk: the chunks' visible texts, put
    /// together, are the original's. Text with nothing visible gives no chunk. `limit` is at
    /// least 2, the width of one surrogate pair.
    public static func split(_ html: String, limit: Int = TelegramLimits.messageLength) -> [String] {
        let limit = max(limit, 2)
        let pieces = HTMLScanner.pieces(html, maxWidth: limit)
        // Visible width from each piece to the end: a tail of bare tags joins the chunk before.
        var remaining = [Int](repeating: 0, count: pieces.count + 1)
        for i in pieces.indices.reversed() { remaining[i] = remaining[i + 1] + pieces[i].width }
        guard remaining[0] > 0 else { return [] }

        var chunks: [String] = []
        var open: [OpenTag] = []  // open where the next chunk starts
        var start = 0
        while start < pieces.count {
            var cut = cutPoint(pieces, from: start, limit: limit)
            if remaining[cut] == 0 { cut = pieces.count }
            var chunk = open.map(\.raw).joined()
            for p in pieces[start..<cut] {
                chunk += html[p.range]
                switch p.kind {
                case .open(let name): open.append(OpenTag(name: name, raw: String(html[p.range])))
                case .close(let name): if let k = open.lastIndex(where: { $0.name == name }) { open.remove(at: k) }
                default: break
                }
            }
            if cut < pieces.count { chunk += open.reversed().map { "</\($0.name)>" }.joined() }
            chunks.append(chunk)
            start = cut
        }
        return chunks
    }

    struct OpenTag {
        var name: String
        var raw: String
    }

    /// Where the chunk starting at `start` ends (a piece index past its last piece).
    static func cutPoint(_ pieces: [HTMLPiece], from start: Int, limit: Int) -> Int {
        var width = 0, i = start
        var newline: Int?, space: Int?
        while i < pieces.count {
            let w = pieces[i].width
            if w > 0, width + w > limit { break }
            width += w
            i += 1
            if width * 2 >= limit {
                if pieces[i - 1].kind == .newline { newline = i } else if pieces[i - 1].kind == .space { space = i }
            }
        }
        guard i < pieces.count else { return i }
        var cut = newline ?? space ?? i
        // Tags that open just before a hard cut belong to the next chunk (no empty `<b></b>`).
        while cut > start + 1, case .open = pieces[cut - 1].kind { cut -= 1 }
        // Tags that close right after the cut belong to this one.
        while cut < pieces.count, case .close = pieces[cut].kind { cut += 1 }
        return cut
    }
}
