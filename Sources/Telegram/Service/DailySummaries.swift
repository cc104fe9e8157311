import BotConfig
import BotCore
import Commands
import Foundation
import Logging
import Store

/// Each user's daily summary, once a day at `[telegram] daily_summary_hour` in their time
/// zone: yesterday's and today's realised PnL per bot's day, as `/daily 2` shows it, queued
/// with the day it covers (`daily:USER`) in one transaction, so a restart neither repeats
/// nor skips one.
struct DailySummaries {
    let hour: Int
    let users: [UserConfig]
    let router: CommandRouter
    let store: Store
    let wake: Wakeup
    let logger: Logger

    init(hour: Int, users: [String: UserConfig], router: CommandRouter, store: Store, wake: Wakeup, logger: Logger) {
        self.hour = hour
        self.users = users.values.filter { $0.notify.contains(.dailySummary) && !$0.chats.isEmpty }.sorted { $0.name < $1.name }
        self.router = router
        self.store = store
        self.wake = wake
        self.logger = logger
    }

    func run() async {
        while !Task.isCancelled {
            for u in users { await summarise(u, nowMs: wallClockMilliseconds()) }
            try? await Task.sleep(for: .seconds(30))
        }
    }

    func summarise(_ user: UserConfig, nowMs: Int64) async {
        let key = "daily:" + user.name
        let last: Int64?
        do { last = try await store.telegramState(key) } catch { return }
        guard let zone = TimeZone(identifier: user.timeZone),
              let day = DailySummarySchedule.due(hour: hour, zone: zone, lastSent: last, nowMs: nowMs) else { return }
        let caller = Caller.user(name: user.name, role: user.role == .admin ? .admin : .user)
        let command = Command.daily(days: 2, timeZone: user.timeZone)
        guard let result = try? await router.execute(command, caller: caller) else { return }
        let replies = Replies(language: Language(code: user.language))
        let text = "📅 " + replies.dailyTitle + "\n" + replies.result(result, of: command)
        let silent = user.silent.contains(.dailySummary)
        let messages = user.chats.map { TelegramOutgoing(chatID: $0, kind: NotificationKind.dailySummary.rawValue, text: text, silent: silent, packable: true) }
        do {
            try await store.enqueueTelegram(messages, cursor: (key, day), ts: nowMs)
            wake.signal()
        } catch {
            logger.warning("telegram daily summary not queued; retrying", metadata: ["user": "\(user.name)", "error": "\(error)"])
        }
    }
}
