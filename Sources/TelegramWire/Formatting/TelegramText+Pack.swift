extension TelegramText {
    /// Several short messages (a burst of notifications) in as few chunks as fit: in order,
    /// each part exactly once, parts joined by a blank line while the chunk's visible length
    /// stays within `limit`. A part longer than `limit` alone is split (`split`); its last
    /// piece may take the parts after it. Parts with nothing visible are left out: Telegram
    /// refuses an empty message. Each part should be balanced HTML, as `TelegramHTML` makes.
    public static func pack(_ parts: [String], limit: Int = TelegramLimits.messageLength) -> [String] {
        let limit = max(limit, 2)
        var chunks: [String] = []
        var current = "", width = 0  // the chunk being filled and its visible length; width 0: none
        for part in parts {
            let w = visibleLength(part)
            guard w > 0 else { continue }
            if width > 0, width + 2 + w <= limit {
                current += "\n\n" + part
                width += 2 + w
                continue
            }
            if width > 0 { chunks.append(current) }
            if w <= limit {
                current = part
                width = w
            } else {
                var pieces = split(part, limit: limit)
                current = pieces.removeLast()
                width = visibleLength(current)
                chunks += pieces
            }
        }
        if width > 0 { chunks.append(current) }
        return chunks
    }
}
