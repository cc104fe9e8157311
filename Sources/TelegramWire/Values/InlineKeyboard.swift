/// Buttons under a message (`InlineKeyboardMarkup`): rows of buttons.
public struct InlineKeyboardMarkup: Decodable, Hashable, Sendable {
    public var rows: [[InlineKeyboardButton]]

    public init(rows: [[InlineKeyboardButton]]) { self.rows = rows }

    enum CodingKeys: String, CodingKey { case rows = "inline_keyboard" }

    /// `{"inline_keyboard":[[{…},…],…]}`, keys in a fixed order: as `reply_markup` is sent,
    /// and as an outbox keeps it until then.
    public var json: String {
        "{\"inline_keyboard\":" + TelegramJSON.array(rows.map { TelegramJSON.array($0.map(\.json)) }) + "}"
    }
}

/// One inline button: a callback the bot receives when pressed, or a link. Built buttons are
/// checked (Telegram refuses callback data over 64 bytes with a bare "BUTTON_DATA_INVALID");
/// decoded ones are taken as Telegram sent them.
public struct InlineKeyboardButton: Decodable, Hashable, Sendable {
    public var text: String
    public var callbackData: String?
    public var url: String?

    /// A button whose press comes back as a callback query carrying `callbackData`
    /// (1 to 64 bytes of UTF-8).
    public init(text: String, callbackData: String) throws(TelegramRequestError) {
        try TelegramCheck.buttonText(text)
        let n = callbackData.utf8.count
        guard (1...TelegramLimits.callbackDataBytes).contains(n) else {
            throw TelegramRequestError(field: "callback_data", reason: "\(n) bytes; must be 1 to \(TelegramLimits.callbackDataBytes) bytes of UTF-8")
        }
        self.text = text
        self.callbackData = callbackData
    }

    /// A button that opens `url` (http, https or tg).
    public init(text: String, url: String) throws(TelegramRequestError) {
        try TelegramCheck.buttonText(text)
        let lower = url.lowercased()
        guard ["http://", "https://", "tg://"].contains(where: { lower.hasPrefix($0) }) else {
            throw TelegramRequestError(field: "url", reason: "'\(url.prefix(40))' is not an http, https or tg link")
        }
        self.text = text
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case text, url
        case callbackData = "callback_data"
    }

    var json: String {
        var o = TelegramJSON()
        o.add("text", text)
        o.add("callback_data", callbackData)
        o.add("url", url)
        return o.json
    }
}
