/// A chat (`Chat`): its id and kind, and its name where Telegram gives one.
public struct TelegramChat: Decodable, Hashable, Sendable {
    /// Up to 52 bits; negative for groups, -100… for supergroups and channels.
    public var id: Int64
    public var type: Kind
    /// Groups, supergroups and channels.
    public var title: String?
    public var username: String?

    public init(id: Int64, type: Kind, title: String? = nil, username: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.username = username
    }

    /// The chat's kind. A kind Telegram adds later is kept as written rather than failing
    /// the message that carries it.
    public enum Kind: Hashable, Sendable {
        case `private`, group, supergroup, channel
        case other(String)

        public init(_ raw: String) {
            switch raw {
            case "private": self = .private
            case "group": self = .group
            case "supergroup": self = .supergroup
            case "channel": self = .channel
            default: self = .other(raw)
            }
        }

        public var rawValue: String {
            switch self {
            case .private: "private"
            case .group: "group"
            case .supergroup: "supergroup"
            case .channel: "channel"
            case .other(let s): s
            }
        }

        /// Where several people read what the bot says: groups and supergroups.
        public var isGroup: Bool { self == .group || self == .supergroup }
    }

    enum CodingKeys: String, CodingKey { case id, type, title, username }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        type = Kind(try c.decode(String.self, forKey: .type))
        title = try c.decodeIfPresent(String.self, forKey: .title)
        username = try c.decodeIfPresent(String.self, forKey: .username)
    }
}
