import BotConfig
import Commands
import Telegram
import Testing

/// Authorisation by the sender's Telegram id: listed users act as themselves (admins as
/// admins), strangers are refused once per chat and hour, groups only notify unless allowed.
struct ChatUsersTests {
    let users = ["alice": UserConfig(name: "alice", telegramIDs: [111], role: .admin),
                 "bob": UserConfig(name: "bob", telegramIDs: [222, 223])]

    @Test func theSendersIDDecidesNeverTheChat() {
        var u = ChatUsers(users: users, groupCommands: false)
        #expect(u.decide(fromID: 111, chatID: 111, isGroup: false, nowMs: 0) == .user(users["alice"]!, .user(name: "alice", role: .admin)))
        #expect(u.decide(fromID: 223, chatID: 223, isGroup: false, nowMs: 0) == .user(users["bob"]!, .user(name: "bob", role: .user)))
        // A stranger writing in bob's private chat id is still a stranger.
        #expect(u.decide(fromID: 999, chatID: 222, isGroup: false, nowMs: 0) == .stranger(reply: true))
        #expect(u.decide(fromID: nil, chatID: -5, isGroup: true, nowMs: 0) == .ignore)
    }

    @Test func aStrangerIsToldOncePerChatAndHour() {
        var u = ChatUsers(users: users, groupCommands: true)
        #expect(u.decide(fromID: 999, chatID: 999, isGroup: false, nowMs: 0) == .stranger(reply: true))
        #expect(u.decide(fromID: 999, chatID: 999, isGroup: false, nowMs: 1_000) == .stranger(reply: false))
        #expect(u.decide(fromID: 998, chatID: -7, isGroup: true, nowMs: 1_000) == .stranger(reply: true))
        #expect(u.decide(fromID: 999, chatID: 999, isGroup: false, nowMs: 3_600_000) == .stranger(reply: true))
        // In a group where a listed user is present, the stranger is refused all the same.
        #expect(u.decide(fromID: 111, chatID: -7, isGroup: true, nowMs: 2_000) == .user(users["alice"]!, .user(name: "alice", role: .admin)))
        #expect(u.decide(fromID: 997, chatID: -7, isGroup: true, nowMs: 2_000) == .stranger(reply: false))
    }

    @Test func groupsOnlyNotifyUnlessAllowed() {
        var u = ChatUsers(users: users, groupCommands: false)
        #expect(u.decide(fromID: 111, chatID: -7, isGroup: true, nowMs: 0) == .groupNotifiesOnly(reply: true))
        #expect(u.decide(fromID: 222, chatID: -7, isGroup: true, nowMs: 10) == .groupNotifiesOnly(reply: false))
        #expect(u.decide(fromID: 111, chatID: 111, isGroup: false, nowMs: 20) == .user(users["alice"]!, .user(name: "alice", role: .admin)))
    }
}
