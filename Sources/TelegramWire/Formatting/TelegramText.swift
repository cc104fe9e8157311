/// Telegram HTML measured as Telegram measures it: the visible text, after entity parsing.
public enum TelegramText {
    /// UTF-16 units of the visible text: tags removed, an entity one character (`&amp;` is 1,
    /// `&#128512;` is 2). The 4096 limit applies to this number.
    public static func visibleLength(_ html: String) -> Int {
        HTMLScanner.pieces(html).reduce(0) { $0 + $1.width }
    }

    /// The text a reader sees: tags removed, entities decoded. Also what to send as plain text
    /// when Telegram could not parse the markup.
    public static func visibleText(_ html: String) -> String {
        var out = ""
        for p in HTMLScanner.pieces(html) { out += p.visible }
        return out
    }
}
