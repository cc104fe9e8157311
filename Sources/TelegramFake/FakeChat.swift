import FakeKit

/// A chat: a user's private chat (its id is the user's), a group or a supergroup (negative ids).
public struct FakeChat: Sendable, Hashable {
    public var id: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    public var type: String
    public var title: String?
    public var firstName: String?
    /// A public username, without `@`: `chat_id` may then be `"@username"` (Telegram resolves
    /// those for public supergroups and channels).
    public var username: String?

    public init(id: Int64, type: String, title: String? = nil, firstName: String? = nil, username: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.firstName = firstName
        self.username = username
    }

    public static func privateChat(of user: FakeUser) -> FakeChat {
        FakeChat(id: user.id, type: "private", firstName: user.firstName)
    }

    /// Groups have their own limit (20 messages a minute).
    var isGroup: Bool { type == "group" || type == "supergroup" }

    var json: JSON {
        var p: [(String, JSON)] = [("id", .int(id)), ("type", .string(type))]
        if let title { p.append(("title", .string(title))) }
        if let username { p.append(("username", .string(username))) }
        if let firstName { p.append(("first_name", .string(firstName))) }
        return .object(p)
    }
}
