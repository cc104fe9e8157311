import FakeKit

/// A Telegram user as the fake's updates carry them (`from` of a message or a button press).
public struct FakeUser: Sendable, Hashable {
    public var id: Int64
    public var firstName: String
    public var isBot: Bool
    /// The IETF tag of the user's app language; clients pick a reply language from it.
    public var languageCode: String?

    public init(id: Int64, firstName: String, isBot: Bool = false, languageCode: String? = nil) {
        self.id = id
        self.firstName = firstName
        self.isBot = isBot
        self.languageCode = languageCode
    }

    var json: JSON {
        var p: [(String, JSON)] = [("id", .int(id)), ("is_bot", .bool(isBot)), ("first_name", .string(firstName))]
        if let languageCode { p.append(("language_code", .string(languageCode))) }
        return .object(p)
    }
}
