import BotConfig
import BotCore
import Commands
import Logging
import Store
import TelegramWire

/// Telegram for the whole daemon, on one bot token: polls commands into the inbox and
/// handles them as their users, turns the event log into notifications, and sends the
/// outbox at Telegram's pace. A bad token (401) stops this service with an error naming the
/// cause; the daemon and its bots go on. `run` returns when cancelled or stopped.
public final class TelegramService: Sendable {
    let config: TelegramConfig
    let users: [String: UserConfig]
    let client: TelegramClient
    let router: CommandRouter
    let store: Store
    let logger: Logger
    let limits: SendPacer.Limits

    public init(config: TelegramConfig, users: [String: UserConfig], token: TelegramToken, router: CommandRouter, store: Store,
                logger: Logger, limits: SendPacer.Limits = .telegram) {
        self.config = config
        self.users = users
        client = TelegramClient(endpoint: TelegramEndpoint(base: config.apiURL, token: token), caFile: config.caFile)
        self.router = router
        self.store = store
        self.logger = logger
        self.limits = limits
    }

    /// Fixes where notifications start on the first run (the log's end); call it before the
    /// daemon logs its start, so that start is told.
    public func prepare() async { _ = await Notifier.start(store, logger) }

    public func run() async {
        defer { client.close() }
        guard let me = await introduce() else { return }
        logger.info("telegram connected", metadata: ["bot": "@\(me.username ?? "?")", "users": "\(users.count)"])
        let inbox = Wakeup(), outbox = Wakeup()
        let poller = Poller(client: client, store: store, inbox: inbox, logger: logger, timeoutSeconds: config.pollTimeoutSeconds)
        let handler = InboxHandler(chat: ChatHandler(users: ChatUsers(users: users, groupCommands: config.groupCommands), router: router,
                                                     store: store, client: client, botUsername: me.username, logger: logger),
                                   store: store, inbox: inbox, outbox: outbox)
        let sender = OutboxSender(client: client, store: store, wake: outbox, logger: logger, limits: limits)
        let notifier = Notifier(store: store, users: users, wake: outbox, logger: logger)
        let daily = config.dailySummaryHour.map { DailySummaries(hour: $0, users: users, router: router, store: store, wake: outbox, logger: logger) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { g in
                g.addTask { var p = poller; try await p.run() }
                g.addTask { var h = handler; await h.run() }
                g.addTask { var s = sender; try await s.run() }
                g.addTask { var n = notifier; await n.run() }
                if let daily { g.addTask { await daily.run() } }
                // The first to end (a 401, or cancellation) ends them all.
                try await g.next()
                g.cancelAll()
            }
        } catch {
            logger.error("telegram stopped: the bot token was refused (401); botd goes on without Telegram")
        }
    }

    /// Waits, up to `limit`, until every event logged so far is queued and the outbox is
    /// empty: how a stopping daemon's last notifications (its stop) still leave.
    public func drain(upTo limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let last = (try? await store.lastEventSeq()) ?? 0
            let cursor = (try? await store.telegramState(Notifier.cursorKey)) ?? 0
            let pending = (try? await store.pendingTelegram(limit: 1))?.count ?? 0
            if cursor >= last && pending == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// getMe (the token works, and the username commands in groups are addressed to), then
    /// no webhook (polling and a webhook exclude each other), then the command menus. Retried
    /// while Telegram cannot be reached; nil when the token is refused or the task cancelled.
    func introduce() async -> TelegramUser? {
        var state = PollState()
        while !Task.isCancelled {
            do {
                let me = try await client.call(TelegramAPI.getMe())
                _ = try await client.call(TelegramAPI.deleteWebhook())
                try await setMenus()
                return me
            } catch {
                switch state.failed(error.telegram) {
                case .poll: continue
                case .wait(let ms, let report):
                    if let report { logger.warning("telegram not reachable yet", metadata: ["reason": "\(report)", "error": "\(error)"]) }
                    try? await Task.sleep(for: .milliseconds(ms))
                case .stop(let why):
                    logger.error("\(why)")
                    return nil
                }
            }
        }
        return nil
    }

    /// The menu in English for everyone, in Korean for Korean clients.
    func setMenus() async throws(TelegramCallError) {
        for (language, code) in [(Language.en, nil), (.ko, "ko")] as [(Language, String?)] {
            let items = Replies(language: language).menu.map { TelegramBotCommand($0.command, $0.description) }
            do {
                _ = try await client.call(try TelegramAPI.setMyCommands(commands: items, languageCode: code))
            } catch let e as TelegramCallError {
                throw e
            } catch {
                // Our own menu failing its checks is a bug, not a reason to stop Telegram.
                logger.error("telegram command menu not set", metadata: ["error": "\(error)"])
            }
        }
    }
}
