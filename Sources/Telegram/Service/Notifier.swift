import BotConfig
import BotCore
import Logging
import Store

/// Follows the persisted event log and queues each user's notifications in the outbox,
/// with the log position they reach in the same transaction (`notify_after`): a restart
/// resumes after the last event queued, so nothing is told twice or missed. The first start
/// begins at the log's end: a history older than Telegram's set-up is not replayed to users.
struct Notifier {
    let store: Store
    let wake: Wakeup
    let logger: Logger
    var planner: NotificationPlanner
    static let cursorKey = "notify_after"
    /// Events read at once: a burst becomes a few transactions, not one per event.
    static let page = 500

    init(store: Store, users: [String: UserConfig], wake: Wakeup, logger: Logger) {
        self.store = store
        self.wake = wake
        self.logger = logger
        planner = NotificationPlanner(users: users)
    }

    mutating func run() async {
        guard var cursor = await Self.start(store, logger) else { return }
        while !Task.isCancelled {
            let events: [(seq: Int64, event: RuntimeEvent)]
            do { events = try await store.events(after: cursor, limit: Self.page) } catch {
                logger.warning("telegram notifications: reading the event log failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard let last = events.last?.seq else {
                if !(await store.eventSignal.wait(after: cursor)) { return }
                continue
            }
            let messages = planner.plan(events.map(\.event))
            do {
                try await store.enqueueTelegram(messages, cursor: (Self.cursorKey, last), ts: wallClockMilliseconds())
                cursor = last
                if !messages.isEmpty { wake.signal() }
            } catch {
                // Planned again from the same cursor: the composers' memory of fills is only
                // for wording, so planning twice changes nothing that is sent.
                planner = NotificationPlanner(users: planner.users)
                logger.warning("telegram notifications not queued; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Where to read from: the stored cursor, or (first start) the log's end, stored. Called
    /// before botd logs its start, so that start is told too.
    static func start(_ store: Store, _ logger: Logger) async -> Int64? {
        while !Task.isCancelled {
            do {
                if let c = try await store.telegramState(Self.cursorKey) { return c }
                let end = try await store.lastEventSeq()
                try await store.enqueueTelegram([], cursor: (Self.cursorKey, end), ts: wallClockMilliseconds())
                return end
            } catch {
                logger.warning("telegram notifications: the store is not answering", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return nil
    }
}
