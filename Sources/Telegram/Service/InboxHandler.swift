import BotConfig
import BotCore
import Logging
import Store
import TelegramWire

/// Works through the inbox in update order: each update is marked started before it is
/// handled and done with its replies queued, in one transaction. One found started (botd
/// stopped while handling it) is not handled again: its sender is told so.
struct InboxHandler {
    var chat: ChatHandler
    let store: Store
    let inbox: Wakeup
    let outbox: Wakeup

    mutating func run() async {
        while !Task.isCancelled {
            let rows = (try? await store.telegramInbox()) ?? []
            var stuck = false
            for row in rows where !Task.isCancelled {
                let nowMs = wallClockMilliseconds()
                var replies: [TelegramOutgoing] = []
                if row.state == .started {
                    if let (from, chatID) = ChatHandler.sender(of: row.payload), let user = chat.users.user(telegramID: from) {
                        replies = ChatHandler.reply(chatID, Replies(language: Language(code: user.language)).interrupted)
                    }
                } else {
                    do { try await store.startTelegramUpdate(row.updateID) } catch { stuck = true; break }
                    replies = await chat.handle(row.payload, nowMs: nowMs)
                }
                do { try await store.finishTelegramUpdate(row.updateID, replies: replies, ts: nowMs) } catch {
                    chat.logger.warning("telegram update's replies not queued", metadata: ["update": "\(row.updateID)", "error": "\(error)"])
                    stuck = true
                    break
                }
                if !replies.isEmpty { outbox.signal() }
            }
            if stuck { try? await Task.sleep(for: .seconds(1)) }
            if rows.isEmpty { await inbox.wait(upTo: .seconds(5)) }
        }
    }
}
