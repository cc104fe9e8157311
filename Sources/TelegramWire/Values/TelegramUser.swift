/// A Telegram user or bot (`User`). Only what the runtime reads; Telegram's other fields are
/// ignored so a new one never fails decoding.
public struct TelegramUser: Decodable, Hashable, Sendable {
    /// Up to 52 bits: Int64, never Int32.
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var username: String?
    /// IETF tag of the user's app language ("ko", "en-US"); absent for bots and some clients.
    public var languageCode: String?

    public init(id: Int64, isBot: Bool = false, firstName: String, username: String? = nil, languageCode: String? = nil) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.username = username
        self.languageCode = languageCode
    }

    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
        case languageCode = "language_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        // The docs require both, yet the webhooks guide's own example update has no `is_bot`:
        // a sender is read without them rather than losing its message.
        isBot = try c.decodeIfPresent(Bool.self, forKey: .isBot) ?? false
        firstName = try c.decodeIfPresent(String.self, forKey: .firstName) ?? ""
        username = try c.decodeIfPresent(String.self, forKey: .username)
        languageCode = try c.decodeIfPresent(String.self, forKey: .languageCode)
    }
}
