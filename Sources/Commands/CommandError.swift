/// A command that failed, with a stable code the client can switch on (`bad_request`,
/// `unknown_command`, `bot_not_found`, `forbidden`, `store_busy`, `timeout`, `internal`, …)
/// and a message for people.
public struct CommandError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}
