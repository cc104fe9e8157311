/// One incoming update: its id and at most one payload. Decoding never fails on a payload: a
/// kind this layer does not read is kept by name, and a known kind whose body cannot be read
/// is kept with the reason, so one odd update never blocks the batch behind it (the poller's
/// offset must still move past it). Only a missing `update_id` fails.
public struct TelegramUpdate: Decodable, Hashable, Sendable {
    public var updateID: Int64
    public var payload: Payload

    public init(updateID: Int64, payload: Payload) {
        self.updateID = updateID
        self.payload = payload
    }

    public enum Payload: Hashable, Sendable {
        case message(TelegramMessage)
        case editedMessage(TelegramMessage)
        case callbackQuery(TelegramCallbackQuery)
        case myChatMember(TelegramChatMemberUpdated)
        /// A kind this layer does not read ("channel_post", "message_reaction", a new one).
        case other(String)
        /// A known kind whose body could not be read: the kind and why ("chat: missing").
        case malformed(kind: String, reason: String)
        /// No payload at all.
        case none
    }

    /// The message a message or an edit carries.
    public var message: TelegramMessage? {
        switch payload {
        case .message(let m), .editedMessage(let m): m
        default: nil
        }
    }

    /// The offset the next getUpdates must ask for so that `updates` are confirmed: one past
    /// the highest id seen, or `current` when there were none ("recalculate offset after each
    /// server response"). Never goes backwards.
    public static func nextOffset(after updates: [TelegramUpdate], current: Int64?) -> Int64? {
        guard let top = updates.map(\.updateID).max() else { return current }
        let next = top == .max ? top : top + 1
        return max(next, current ?? next)
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The payloads read, in the order tried if Telegram ever sent two.
    static let known = ["message", "edited_message", "callback_query", "my_chat_member"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        updateID = try c.decode(Int64.self, forKey: Key("update_id"))
        let present = c.allKeys.map(\.stringValue).filter { $0 != "update_id" && !((try? c.decodeNil(forKey: Key($0))) ?? true) }
        if let kind = Self.known.first(where: present.contains) {
            payload = Self.read(kind, c)
        } else if let kind = present.min() {
            payload = .other(kind)  // the smallest name, so two unknown payloads decode the same way every time
        } else {
            payload = .none
        }
    }

    private static func read(_ kind: String, _ c: KeyedDecodingContainer<Key>) -> Payload {
        do {
            let k = Key(kind)
            switch kind {
            case "message": return .message(try c.decode(TelegramMessage.self, forKey: k))
            case "edited_message": return .editedMessage(try c.decode(TelegramMessage.self, forKey: k))
            case "callback_query": return .callbackQuery(try c.decode(TelegramCallbackQuery.self, forKey: k))
            default: return .myChatMember(try c.decode(TelegramChatMemberUpdated.self, forKey: k))
            }
        } catch let e as DecodingError {
            return .malformed(kind: kind, reason: TelegramDecoding.describe(e))
        } catch {
            return .malformed(kind: kind, reason: "\(error)")
        }
    }
}
