import BotConfig
import BotCore
import Store

/// The event log, read in order, made into outbox messages: each event composed once per
/// language its recipients speak, then one message per chat that chose its kind. The caller
/// queues what this returns together with the last event's sequence number
/// (`Store.enqueueTelegram(_:cursor:ts:)`), so a restart resumes after it: nothing is queued
/// twice, nothing skipped.
public struct NotificationPlanner: Sendable {
    let users: [String: UserConfig]
    let recipients: Recipients
    /// Remembers the bots' latest fills for their exits; composing an event in a second
    /// language records the same fill again, so one composer serves every language.
    var composer = NotificationComposer()

    public init(users: [String: UserConfig]) {
        self.users = users
        recipients = Recipients(users: users)
    }

    /// The messages `events` make, in log order.
    public mutating func plan(_ events: [RuntimeEvent]) -> [TelegramOutgoing] {
        var out: [TelegramOutgoing] = []
        for e in events {
            var texts: [Language: (NotificationKind, String)] = [:]
            for lang in Language.allCases {
                if let n = composer.compose(e, language: lang) { texts[lang] = n }
            }
            guard let kind = texts.values.first?.0 else { continue }
            for d in recipients.deliveries(of: kind, for: e) {
                let lang = Language(code: users[d.user]?.language ?? "en")
                guard let text = texts[lang]?.1 else { continue }
                out.append(TelegramOutgoing(chatID: d.chatID, kind: kind.rawValue, text: text, silent: d.silent, packable: true))
            }
        }
        return out
    }
}
