/// Checks shared by the request builders, each naming the field it refuses.
enum TelegramCheck {
    /// A message text: not blank and at most 4096 UTF-16 units as Telegram counts it. HTML is
    /// measured after entity parsing (tags removed, `&amp;` one character); other modes as
    /// written, an upper bound since MarkdownV2's escapes do not show.
    static func messageText(_ text: String, parseMode: TelegramParseMode?) throws(TelegramRequestError) {
        let visible = parseMode == .html ? TelegramText.visibleText(text) : text
        guard !visible.allSatisfy(\.isWhitespace) else {
            throw TelegramRequestError(field: "text", reason: "empty; Telegram refuses a message without visible text")
        }
        let n = visible.utf16.count
        guard n <= TelegramLimits.messageLength else {
            throw TelegramRequestError(field: "text", reason: "\(n) UTF-16 units; at most \(TelegramLimits.messageLength) (TelegramText.split it)")
        }
    }

    static func buttonText(_ text: String) throws(TelegramRequestError) {
        guard !text.isEmpty else { throw TelegramRequestError(field: "text", reason: "a button needs a label") }
    }

    static func positive(_ v: Int64, field: String) throws(TelegramRequestError) {
        guard v > 0 else { throw TelegramRequestError(field: field, reason: "\(v) must be positive") }
    }

    /// A chat id is never 0; groups are negative.
    static func chatID(_ v: Int64) throws(TelegramRequestError) {
        guard v != 0 else { throw TelegramRequestError(field: "chat_id", reason: "0 is not a chat") }
    }

    /// Lower-case ASCII letters, digits and `_`, `count` of them in `lengths`.
    static func word(_ s: String, lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(s.utf8.count) && s.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
