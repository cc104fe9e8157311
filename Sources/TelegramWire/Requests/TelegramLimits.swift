/// Telegram's documented limits (protocols.md §5.3–5.5), in one place for the checks here and
/// the senders' pacing. Message lengths count UTF-16 code units after entity parsing.
public enum TelegramLimits {
    public static let messageLength = 4_096
    public static let callbackDataBytes = 64
    public static let callbackAnswerLength = 200
    public static let commands = 100
    public static let commandLength = 32
    public static let commandDescriptionLength = 256
    public static let getUpdatesLimit = 100
    /// Guidance, not a contract (the Bot FAQ): one message a second in one chat, 20 a minute
    /// in one group, about 30 a second over all chats. A 429's `retry_after` always wins.
    public static let messagesPerSecondPerChat = 1
    public static let messagesPerMinutePerGroup = 20
    public static let messagesPerSecondOverall = 30
}
