/// Telegram's sending limits (Bot FAQ, protocols.md §5.5), on the fake's clock. Telegram
/// publishes them as guidance; these are the numbers the fake holds a client to.
public struct FakeLimits: Sendable, Equatable {
    /// Messages a chat may take at once before its pace applies (the FAQ's "short bursts").
    public var perChatBurst: Int
    /// Messages a second a chat's bucket is refilled with.
    public var perChatPerSecond: Double
    /// Messages to one group or supergroup in any 60 s.
    public var groupPerMinute: Int
    /// Messages to all chats together in any 1 s.
    public var globalPerSecond: Int

    public init(perChatBurst: Int = 3, perChatPerSecond: Double = 1, groupPerMinute: Int = 20, globalPerSecond: Int = 30) {
        self.perChatBurst = perChatBurst
        self.perChatPerSecond = perChatPerSecond
        self.groupPerMinute = groupPerMinute
        self.globalPerSecond = globalPerSecond
    }
}
