import BotCore
import Foundation
import TOML

/// `[telegram]`: one bot token serves every user of the daemon. Only the name of the
/// variable that holds the token is written here, never the token.
public struct TelegramConfig: Sendable, Equatable {
    public var tokenVariable: String
    /// The Bot API's base URL: Telegram's unless configured (the tests' fake).
    public var apiURL: String
    /// A PEM file of certificate authorities to trust instead of the system's (a test's fake).
    public var caFile: String?
    /// Whether commands sent in a group count (from a listed user); by default groups only
    /// receive notifications.
    public var groupCommands: Bool
    /// Long-poll seconds of each getUpdates.
    public var pollTimeoutSeconds: Int
    /// Hour of the day (in each user's time zone) of the daily summary; nil for none.
    public var dailySummaryHour: Int?

    public init(tokenVariable: String, apiURL: String = "https://api.telegram.org", caFile: String? = nil, groupCommands: Bool = false,
                pollTimeoutSeconds: Int = 50, dailySummaryHour: Int? = nil) {
        self.tokenVariable = tokenVariable
        self.apiURL = apiURL
        self.caFile = caFile
        self.groupCommands = groupCommands
        self.pollTimeoutSeconds = pollTimeoutSeconds
        self.dailySummaryHour = dailySummaryHour
    }
}

/// What a user may do: their own bots, or every bot and the daemon-wide commands.
public enum UserRole: String, Sendable, Equatable, CaseIterable, Codable {
    case user, admin
}

/// The kinds of notification a user can choose to receive (and which arrive silently).
public enum NotificationKind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case entry, exit
    case takeProfit = "take_profit"
    case stop
    case orderRejected = "order_rejected"
    case riskRejected = "risk_rejected"
    case botRestarted = "bot_restarted"
    case botFailed = "bot_failed"
    case killSwitch = "kill_switch"
    case feed, daemon
    case dailySummary = "daily_summary"
}

/// `[users.NAME]`: a person who owns bots (the bot files' `user`) and reaches them on Telegram.
public struct UserConfig: Sendable, Equatable {
    public var name: String
    /// Telegram user ids (`from.id`) that act as this user: authorisation is by these alone.
    public var telegramIDs: [Int64]
    /// Chats the user's notifications go to; their private chats (their user ids) when absent.
    public var chats: [Int64]
    public var role: UserRole
    /// `en` or `ko`: the language of the user's messages.
    public var language: String
    /// An IANA time zone (`Asia/Seoul`): days and the daily summary are the user's.
    public var timeZone: String
    public var notify: Set<NotificationKind>
    /// Kinds delivered without a sound.
    public var silent: Set<NotificationKind>

    public init(name: String, telegramIDs: [Int64], chats: [Int64]? = nil, role: UserRole = .user, language: String = "en",
                timeZone: String = "UTC", notify: Set<NotificationKind> = Set(NotificationKind.allCases), silent: Set<NotificationKind> = []) {
        self.name = name
        self.telegramIDs = telegramIDs
        self.chats = chats ?? telegramIDs
        self.role = role
        self.language = language
        self.timeZone = timeZone
        self.notify = notify
        self.silent = silent
    }
}

extension RuntimeConfig {
    static let languages = ["en", "ko"]

    /// `[telegram]`; nil when absent or wrong (each problem recorded on its key).
    static func readTelegram(_ r: ConfigReader, folder: String) -> TelegramConfig? {
        guard let t = r.table("telegram") else { return nil }
        if t.has("token") {
            // A token written into the file: refuse it, and never echo it.
            t.error("token", "the bot token is never written in runtime.toml: name the environment variable that holds it with token_env")
            t.touch("token")
        }
        let variable = t.string("token_env", required: !t.has("token"))
        if let v = variable, !isVariableName(v) {
            // Not echoed: what is written here is often the token itself.
            t.error("token_env", "must be the name of an environment variable (A-Z, 0-9 and _, not starting with a digit), not the token itself")
        }
        var c = TelegramConfig(tokenVariable: variable ?? "")
        if let url = t.string("api_url") {
            if url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") { c.apiURL = url } else {
                t.error("api_url", "must be an https:// URL (got '\(url.printable)')")
            }
        }
        c.caFile = t.string("ca_file").map { resolve($0, against: folder) }
        c.groupCommands = t.bool("group_commands") ?? false
        c.pollTimeoutSeconds = t.int("poll_timeout_seconds", in: 1...600) ?? c.pollTimeoutSeconds
        c.dailySummaryHour = t.int("daily_summary_hour", in: 0...23)
        t.rejectUnknownKeys("[telegram] takes token_env, api_url, ca_file, group_commands, poll_timeout_seconds, daily_summary_hour")
        guard let v = variable, isVariableName(v) else { return nil }
        return c
    }

    /// `[users.NAME]`, by name.
    static func readUsers(_ r: ConfigReader) -> [String: UserConfig] {
        guard let users = r.table("users") else { return [:] }
        var out: [String: UserConfig] = [:]
        var owner: [Int64: String] = [:]
        for name in users.table.keys.sorted() {
            guard let t = users.table(name) else { continue }
            let ids = int64s(t, "telegram_ids") ?? []
            if ids.isEmpty { t.error("telegram_ids", "is required: the user's Telegram user ids (numbers, as @userinfobot shows them)") }
            for id in ids {
                if let other = owner[id] { t.error("telegram_ids", "\(id) is also \(other)'s: a Telegram user acts as one user only") }
                owner[id] = name
            }
            var u = UserConfig(name: name, telegramIDs: ids, chats: int64s(t, "chats"))
            u.role = t.oneOf("role", UserRole.allCases.map(\.rawValue)).flatMap(UserRole.init) ?? .user
            u.language = t.oneOf("language", languages) ?? "en"
            if let zone = t.string("time_zone") {
                if TimeZone(identifier: zone) == nil {
                    t.error("time_zone", "names no time zone '\(zone.printable)' (an IANA name such as Asia/Seoul or UTC)")
                } else {
                    u.timeZone = zone
                }
            }
            u.notify = kinds(t, "notify") ?? u.notify
            u.silent = kinds(t, "silent") ?? []
            t.rejectUnknownKeys("a user takes telegram_ids, chats, role, language, time_zone, notify, silent")
            out[name] = u
        }
        return out
    }

    static func int64s(_ t: ConfigReader, _ key: String) -> [Int64]? {
        guard t.has(key) else { return nil }
        t.touch(key)
        guard case .array(let items)? = t.table[key] else {
            t.error(key, "must be a list of numeric ids")
            return nil
        }
        var out: [Int64] = []
        for item in items {
            guard case .number(let n) = item, let id = Int64(n), id != 0 else {
                t.error(key, "must be a list of numeric ids")
                return nil
            }
            out.append(id)
        }
        return out
    }

    static func kinds(_ t: ConfigReader, _ key: String) -> Set<NotificationKind>? {
        guard let names = t.strings(key) else { return nil }
        var out = Set<NotificationKind>()
        for n in names {
            if n == "all" { out.formUnion(NotificationKind.allCases); continue }
            guard let k = NotificationKind(rawValue: n) else {
                t.error(key, "names no notification '\(n.printable)' (known: all, \(NotificationKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            out.insert(k)
        }
        return out
    }
}
