/// A special part of a message's text (`MessageEntity`): a command, a mention, bold text….
/// `offset` and `length` count UTF-16 code units, not characters: an emoji before it moves it
/// by two.
public struct TelegramMessageEntity: Decodable, Hashable, Sendable {
    /// Telegram's name ("bot_command", "mention", "bold", "text_link", …), kept as written so
    /// a new kind decodes.
    public var type: String
    public var offset: Int
    public var length: Int
    /// A `text_link`'s target.
    public var url: String?

    public init(type: String, offset: Int, length: Int, url: String? = nil) {
        self.type = type
        self.offset = offset
        self.length = length
        self.url = url
    }

    public static let botCommand = "bot_command"

    public var isBotCommand: Bool { type == Self.botCommand }

    /// Where the entity lies in `text`, or nil when its UTF-16 bounds fall outside the text or
    /// inside a surrogate pair (an entity that does not belong to this text).
    public func range(in text: String) -> Range<String.Index>? {
        let u = text.utf16
        guard offset >= 0, length >= 0,
              let lo = u.index(u.startIndex, offsetBy: offset, limitedBy: u.endIndex),
              let hi = u.index(lo, offsetBy: length, limitedBy: u.endIndex),
              lo.samePosition(in: text.unicodeScalars) != nil, hi.samePosition(in: text.unicodeScalars) != nil
        else { return nil }
        return lo..<hi
    }

    /// The entity's text, or nil when it does not fit `text` (see `range(in:)`).
    public func text(in text: String) -> Substring? { range(in: text).map { text[$0] } }

    enum CodingKeys: String, CodingKey { case type, offset, length, url }
}
