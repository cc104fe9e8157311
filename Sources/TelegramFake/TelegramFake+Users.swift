import FakeKit
import Synchronization

/// A test playing Telegram's users: what they write and press, and what they do to the bot.
/// Each returns the update's id.
extension TelegramFake {
    /// A message; a leading `/command` (or `/command@bot`) carries its bot_command entity, its
    /// length in UTF-16 units as Telegram counts it.
    @discardableResult
    public func userSends(_ text: String, from user: FakeUser, in chat: FakeChat) -> Int64 {
        let now = clock.nowMs
        return state.withLock { s in
            s.chats[chat.id] = chat
            var fields: [(String, JSON)] = [("message_id", .int(s.newMessageID(chat.id))), ("from", user.json), ("chat", chat.json),
                                            ("date", .int(now / 1000)), ("text", .string(text))]
            if text.hasPrefix("/") {
                let command = text.prefix { $0 != " " && $0 != "\n" }
                fields.append(("entities", .array([.object([("type", "bot_command"), ("offset", .int(0)), ("length", .int(command.utf16.count))])])))
            }
            return s.enqueue(kind: "message", .object(fields), nowMs: now)
        }
    }

    /// A press on a button of the bot's message `messageId` (the message as last sent or edited).
    @discardableResult
    public func userPresses(_ callbackData: String, onMessage messageId: Int64, in chat: FakeChat, from user: FakeUser) -> Int64 {
        let now = clock.nowMs
        return state.withLock { s in
            let id = "cq\(s.nextQueryID)"
            s.nextQueryID += 1
            s.queries[id] = (now, false)
            var fields: [(String, JSON)] = [("id", .string(id)), ("from", user.json)]
            if let m = s.messages[chat.id]?[messageId] { fields.append(("message", m.json)) }
            fields += [("chat_instance", .string("ci\(chat.id)")), ("data", .string(callbackData))]
            return s.enqueue(kind: "callback_query", .object(fields), nowMs: now)
        }
    }

    /// An update of any kind, as raw JSON (`{"message":{…}}` without its update_id); nil when
    /// it is not a JSON object of one field.
    @discardableResult
    public func enqueue(rawUpdate json: String) -> Int64? {
        guard let v = JSON.parse(json), case .object(let pairs) = v, pairs.count == 1 else { return nil }
        let now = clock.nowMs
        return state.withLock { $0.enqueue(kind: pairs[0].0, pairs[0].1, nowMs: now) }
    }

    /// A chat the bot may write to without anyone having written there first.
    public func addChat(_ chat: FakeChat) { state.withLock { $0.chats[chat.id] = chat } }

    /// A group becomes a supergroup: both service messages are queued, and sends to the old
    /// id answer 400 with `migrate_to_chat_id`.
    public func migrate(group: Int64, to supergroup: Int64) {
        let now = clock.nowMs
        state.withLock { s in
            let old = s.chats[group] ?? FakeChat(id: group, type: "group", title: "group")
            let new = FakeChat(id: supergroup, type: "supergroup", title: old.title)
            s.chats[supergroup] = new
            s.migratedTo[group] = supergroup
            _ = s.enqueue(kind: "message", .object([("message_id", .int(s.newMessageID(group))), ("chat", old.json), ("date", .int(now / 1000)),
                                                    ("migrate_to_chat_id", .int(supergroup))]), nowMs: now)
            _ = s.enqueue(kind: "message", .object([("message_id", .int(s.newMessageID(supergroup))), ("chat", new.json), ("date", .int(now / 1000)),
                                                    ("migrate_from_chat_id", .int(group))]), nowMs: now)
        }
    }

    /// The user blocks the bot: a my_chat_member update (kicked), and 403 on sends to them.
    public func block(byUser id: Int64) { memberChange(id, blocked: true) }

    /// The user unblocks it (a my_chat_member update: member).
    public func unblock(byUser id: Int64) { memberChange(id, blocked: false) }

    private func memberChange(_ id: Int64, blocked: Bool) {
        let now = clock.nowMs
        state.withLock { s in
            let user = FakeUser(id: id, firstName: s.chats[id]?.firstName ?? "user")
            let chat = s.chats[id] ?? FakeChat.privateChat(of: user)
            s.chats[id] = chat
            if blocked { s.blockedBy.insert(id) } else { s.blockedBy.remove(id) }
            func member(_ status: String) -> JSON { .object([("user", s.botJSON), ("status", .string(status))]) }
            _ = s.enqueue(kind: "my_chat_member", .object([("chat", chat.json), ("from", user.json), ("date", .int(now / 1000)),
                                                           ("old_chat_member", member(blocked ? "member" : "kicked")),
                                                           ("new_chat_member", member(blocked ? "kicked" : "member"))]), nowMs: now)
        }
    }

    /// The token is revoked (BotFather's /revoke): every request now answers 401.
    public func revokeToken() { state.withLock { $0.revoked = true } }

    /// A webhook set (or removed, nil) by someone else: getUpdates answers 409 while it is set.
    public func setWebhook(_ url: String?) { state.withLock { $0.webhook = url } }

    /// The next `times` calls of `method` (case-insensitive) get `fault` instead of their answer.
    public func inject(_ fault: TelegramFault, method: String, times: Int = 1) {
        state.withLock { $0.faults[method.lowercased(), default: []] += Array(repeating: fault, count: max(0, times)) }
    }
}
