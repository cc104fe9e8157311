import FakeKit
import Synchronization

/// What happens to the bot from outside: chats appearing, groups moving, users blocking it,
/// its token revoked, a webhook set elsewhere, and faults on the way to Telegram.
extension TelegramFake {
    /// A chat the bot may write to without anyone having written there first.
    public func addChat(_ chat: FakeChat) { state.withLock { $0.chats[chat.id] = chat } }

    /// A group becomes a supergroup: a message with `migrate_to_chat_id` is queued in the old
    /// group and one with `migrate_from_chat_id` in the new; sends to the old id answer 400
    /// with `parameters.migrate_to_chat_id`.
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

    /// The user blocks the bot: a my_chat_member update (member → kicked), and 403 on sends
    /// to their private chat.
    public func block(byUser id: Int64) { memberChange(id, blocked: true) }

    /// The user unblocks it (a my_chat_member update: kicked → member); sends go again.
    public func unblock(byUser id: Int64) { memberChange(id, blocked: false) }

    private func memberChange(_ id: Int64, blocked: Bool) {
        let now = clock.nowMs
        state.withLock { s in
            let user = FakeUser(id: id, firstName: s.chats[id]?.firstName ?? "user")
            let chat = s.chats[id] ?? FakeChat.privateChat(of: user)
            s.chats[id] = chat
            if blocked { s.blockedBy.insert(id) } else { s.blockedBy.remove(id) }
            let bot = s.botJSON
            func member(_ status: String) -> JSON {
                .object([("user", bot), ("status", .string(status))] + (status == "kicked" ? [("until_date", .int(0))] : []))
            }
            _ = s.enqueue(kind: "my_chat_member", .object([("chat", chat.json), ("from", user.json), ("date", .int(now / 1000)),
                                                           ("old_chat_member", member(blocked ? "member" : "kicked")),
                                                           ("new_chat_member", member(blocked ? "kicked" : "member"))]), nowMs: now)
        }
    }

    /// The token is revoked (BotFather's /revoke): every request now answers 401, and a poll
    /// being held is ended with it.
    public func revokeToken() {
        state.withLock { s in
            s.revoked = true
            s.endPoll(.revoked)
        }
    }

    /// A webhook set (or removed, nil) by someone else: getUpdates answers 409 while it is
    /// set, and a poll being held is ended with "terminated by setWebhook request".
    public func setWebhook(_ url: String?) { state.withLock { $0.placeWebhook(url) } }

    /// The next `times` calls of `method` (case-insensitive) get `fault` instead of their
    /// answer, in the order injected.
    public func inject(_ fault: TelegramFault, method: String, times: Int = 1) {
        state.withLock { $0.faults[method.lowercased(), default: []] += Array(repeating: fault, count: max(0, times)) }
    }
}
