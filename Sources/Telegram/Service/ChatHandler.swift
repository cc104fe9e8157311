import BotConfig
import Commands
import Foundation
import Logging
import Runtime
import Store
import TelegramWire

/// Handles one stored update: a listed user's command runs through the command router as
/// that user (audited there), a stranger is refused, a confirmation's press runs what it
/// confirms, a moved or blocked chat is recorded. Returns the replies to queue; the caller
/// queues them with the update marked done, in one transaction.
struct ChatHandler {
    var users: ChatUsers
    let router: CommandRouter
    let store: Store
    let client: TelegramClient
    let botUsername: String?
    let logger: Logger
    /// A confirmation pressed later than this does nothing.
    static let confirmationMaxAgeMs: Int64 = 300_000

    /// The replies `payload` (an update's JSON) calls for.
    mutating func handle(_ payload: String, nowMs: Int64) async -> [TelegramOutgoing] {
        switch Self.incoming(payload, botUsername: botUsername) {
        case .command(let from, let chat, let isGroup, let name, let args):
            return await command(from: from, chat: chat, isGroup: isGroup, name: name, args: args, nowMs: nowMs)
        case .press(let from, let chat, let messageID, let callbackID, let data):
            return await press(from: from, chat: chat, messageID: messageID, callbackID: callbackID, data: data, nowMs: nowMs)
        case .migrated(let old, let new):
            logger.info("telegram group became a supergroup; following it", metadata: ["from": "\(old)", "to": "\(new)"])
            try? await store.migrateTelegramChat(from: old, to: new)
        case .reachable(let chat, let welcome):
            logger.info(welcome ? "telegram chat takes the bot's messages again" : "telegram chat blocked or removed the bot",
                        metadata: ["chat": "\(chat)"])
            if welcome { try? await store.unblockTelegramChat(chat) } else { try? await store.blockTelegramChat(chat, ts: nowMs) }
        case .ignore:
            break
        }
        return []
    }

    static func incoming(_ payload: String, botUsername: String?) -> Incoming {
        guard let u = try? JSONDecoder().decode(TelegramUpdate.self, from: Data(payload.utf8)) else { return .ignore }
        return Incoming(u, botUsername: botUsername)
    }

    /// Who sent an update and in which chat, for a reply that is not the command's (an
    /// interruption).
    static func sender(of payload: String) -> (from: Int64, chat: Int64)? {
        switch incoming(payload, botUsername: nil) {
        case .command(let from, let chat, _, _, _), .press(let from, let chat, _, _, _): (from, chat)
        default: nil
        }
    }

    private mutating func command(from: Int64, chat: Int64, isGroup: Bool, name: String, args: [String], nowMs: Int64) async -> [TelegramOutgoing] {
        switch users.decide(fromID: from, chatID: chat, isGroup: isGroup, nowMs: nowMs) {
        case .ignore:
            return []
        case .stranger(let reply):
            // Logged with ids only: what a stranger typed is theirs and may be anything.
            logger.notice("telegram command from an unknown user refused", metadata: ["from": "\(from)", "chat": "\(chat)", "command": "\(name.prefix(32))"])
            return reply ? Self.reply(chat, Replies(language: .en).stranger) : []
        case .groupNotifiesOnly(let reply):
            return reply ? Self.reply(chat, Replies(language: .en).groupHint) : []
        case .user(let user, let caller):
            let replies = Replies(language: Language(code: user.language))
            let bots = await visible(caller)
            switch ChatCommands.parse(name, args, visible: bots.map(\.id), timeZone: user.timeZone) {
            case .greet:
                return Self.reply(chat, replies.greet(name: user.name, bots: bots))
            case .help:
                return Self.reply(chat, replies.help())
            case .refuse(let why):
                router.auditRejected(command: name, arguments: args.joined(separator: " "), caller: caller,
                                     error: CommandError("bad_request", "\(why)"))
                return Self.reply(chat, replies.refusal(why))
            case .run(let commands):
                return Self.reply(chat, await run(commands, caller, replies).joined(separator: "\n"))
            case .confirm(let commands):
                return await ask(commands, user: user.name, chat: chat, replies: replies, nowMs: nowMs)
            }
        }
    }

    /// A confirmation: saved under a random token the buttons carry, asked with Confirm and Cancel.
    private func ask(_ commands: [Command], user: String, chat: Int64, replies: Replies, nowMs: Int64) async -> [TelegramOutgoing] {
        guard !commands.isEmpty else { return Self.reply(chat, replies.confirmPrompt(commands)) }
        let token = Self.token()
        guard let encoded = Confirmation.encode(commands), let keyboard = try? Confirmation.keyboard(token: token, replies: replies) else { return [] }
        do {
            try await store.saveTelegramConfirmation(token: token, user: user, chatID: chat, command: encoded, ts: nowMs)
        } catch {
            logger.error("telegram confirmation not saved", metadata: ["error": "\(error)"])
            return Self.reply(chat, replies.error(CommandError("store_busy", "try again")))
        }
        return [TelegramOutgoing(chatID: chat, kind: "confirm", text: replies.confirmPrompt(commands), replyMarkup: keyboard.json)]
    }

    private mutating func press(from: Int64, chat: Int64, messageID: Int64?, callbackID: String, data: String?, nowMs: Int64) async -> [TelegramOutgoing] {
        // Authorised by who pressed, never by the chat the buttons are in.
        guard case .user(let user, let caller) = users.decide(fromID: from, chatID: chat, isGroup: false, nowMs: nowMs),
              let (token, confirmed) = Confirmation.press(data) else {
            await answer(callbackID, nil)
            return []
        }
        let replies = Replies(language: Language(code: user.language))
        let take: TelegramConfirmationTake
        do { take = try await store.takeTelegramConfirmation(token: token, user: user.name, ts: nowMs, maxAgeMs: Self.confirmationMaxAgeMs) } catch {
            await answer(callbackID, replies.error(CommandError("store_busy", "try again")))
            return []
        }
        switch take {
        case .notYours:
            await answer(callbackID, replies.notYours)
            return []
        case .stale:
            await answer(callbackID, nil)
            return Self.edit(chat, messageID, replies.stale)
        case .taken(_, let encoded):
            await answer(callbackID, nil)
            guard confirmed, let commands = Confirmation.decode(encoded) else { return Self.edit(chat, messageID, replies.cancelled) }
            let results = await run(commands, caller, replies)
            return Self.edit(chat, messageID, replies.confirmPrompt(commands) + "\n" + results.joined(separator: "\n"))
        }
    }

    private func run(_ commands: [Command], _ caller: Caller, _ replies: Replies) async -> [String] {
        var out: [String] = []
        for c in commands {
            do { out.append(replies.result(try await router.execute(c, caller: caller), of: c)) } catch { out.append(replies.error(error)) }
        }
        return out
    }

    private func visible(_ caller: Caller) async -> [BotStatus] { await router.visibleStatuses(caller) }

    /// Ends the button's spinner; best effort: a lost answer only lets the spinner time out.
    private func answer(_ id: String, _ text: String?) async {
        guard let r = try? TelegramAPI.answerCallbackQuery(id: id, text: text.map { TelegramText.visibleText($0) }) else { return }
        do { _ = try await client.call(r) } catch {
            logger.debug("telegram callback answer failed", metadata: ["error": "\(error)"])
        }
    }

    /// A reply, split where it is longer than a message may be.
    static func reply(_ chat: Int64, _ text: String) -> [TelegramOutgoing] {
        TelegramText.split(text).map { TelegramOutgoing(chatID: chat, kind: "reply", text: $0) }
    }

    /// The confirmation's message rewritten (its buttons gone), or a new one if it is unknown.
    static func edit(_ chat: Int64, _ messageID: Int64?, _ text: String) -> [TelegramOutgoing] {
        let parts = TelegramText.split(text)
        guard let messageID, let first = parts.first else { return reply(chat, text) }
        return [TelegramOutgoing(chatID: chat, kind: "edit", text: first, editMessageID: messageID)]
            + parts.dropFirst().map { TelegramOutgoing(chatID: chat, kind: "reply", text: $0) }
    }

    /// 128 random bits as hex: `ok:` + 32 characters fits callback data's 64 bytes.
    static func token() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(g.next() as UInt64, radix: 16).leftPadded(16) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
