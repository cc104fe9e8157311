import BotConfig
import BotCore
import Foundation
import Logging
import Risk
import Store
import Strategies

/// Owns one bot actor per bot id, in the spirit of Erlang/OTP `one_for_one`:
///
/// - restart: `transient`. A bot whose strategy throws is restarted from its last snapshot
///   after an exponential backoff (`backoffInitialMs` doubling to `backoffMaxMs`, plus up to
///   50 % jitter); a user stop is normal and not restarted.
/// - intensity: more than `maxRestarts` restarts within `restartPeriod` seconds (3 in 60 s by
///   default) marks the bot `failed`, applies its `on_stop` policy and records an event.
///   Unlike OTP the supervisor itself never gives up: one bot's failure never stops another.
public actor Supervisor {
    struct Entry {
        var spec: BotSpec
        var handle: (any BotHandle)?
        var state: BotState = .starting
        var restartTimes: [Double] = []
        /// Launches in a row that failed before the bot ran: each may take seconds (a locked
        /// database answers after its busy timeout), so they count apart from the window.
        var failedStarts = 0
        var restarts = 0
        var lastError: String?
        /// Bumped at every launch, so a finished task of an earlier launch is ignored.
        var generation = 0
        /// Its events were too slow for a shared shard: it runs on an isolated one.
        var isolated = false
    }

    public struct Event: Sendable, Codable, Equatable {
        /// Increasing from 1, so a subscriber can ask for what came after the last it saw.
        public var seq: Int
        public var ts: Int64
        public var bot: String
        public var kind: String
        public var detail: String
    }

    /// A running bot with more messages than this waiting is reported `lagging`.
    public static let lagDepth = 1000

    let config: RuntimeConfig
    let store: Store
    let hub: MarketDataHub
    /// The indicator series bots share (`[supervisor] share_indicators`), for the process's life.
    public nonisolated let series = SeriesBook()
    let metrics: RuntimeMetrics
    let logger: Logger
    let catalog: [any Strategy.Type]
    /// Each account's venue behind its rate gate, created when a bot first trades on it.
    var accounts: [String: Account] = [:]
    var openingAccounts: [String: Task<Account, any Error>] = [:]
    /// Each account's position differences at the last check (`checkPositions`).
    var lastMismatches: [String: [PositionMismatch]] = [:]
    let makeVenue: VenueFactory
    public nonisolated let venueRouter: VenueRouter
    public nonisolated let users = UserBook()
    public nonisolated let shards: ShardPool
    var listening: Set<String> = []
    /// Bots with a record to rebuild their share of a local venue from, during a cold start.
    var toRestore: Set<String> = []
    var entries = BotTable()
    public private(set) var events: [Event] = []
    var eventSeq = 0
    /// Launches so far: each launch's generation.
    var launches = 0

    /// Events after `seq` (at most the last 1,000 are kept).
    public func events(after seq: Int) -> [Event] { events.filter { $0.seq > seq } }

    /// Builds the venue of an account (its `venue` key chooses): the seam where the paper
    /// venue, the live ones and the tests' scripted one come in. Throwing refuses the account
    /// (`AccountRefused`: no credentials, a key that can withdraw, a venue this build lacks):
    /// its bots fail with the reason, every other account's start.
    public typealias VenueFactory = @Sendable (AccountConfig) throws -> any Venue

    struct Account {
        var gate: RateGate
        /// The venue when it lives in this process: it follows the hub's market and is
        /// rebuilt from the store after a restart.
        var local: (any LocalVenue)?
    }

    public init(config: RuntimeConfig, store: Store, hub: MarketDataHub, metrics: RuntimeMetrics, logger: Logger,
                extraStrategies: [any Strategy.Type] = [], makeVenue: @escaping VenueFactory) {
        self.makeVenue = makeVenue
        venueRouter = VenueRouter(logger: logger)
        self.config = config
        self.store = store
        self.hub = hub
        self.metrics = metrics
        self.logger = logger
        catalog = StrategyRegistry.all + extraStrategies
        let n = config.daemon.shards
        shards = ShardPool(count: n > 0 ? n : ProcessInfo.processInfo.activeProcessorCount,
                           slowEventMicros: config.daemon.slowEventMicros)
        let pool = shards
        metrics.countEvents { pool.eventsHandled }
        venueRouter.onSuspension { [weak self] account, id, suspended in
            Task { await self?.venueSuspended(account: account, instrument: id, suspended) }
        }
        venueRouter.onLiquidation { [weak self] account, id, liquidation in
            Task { await self?.venueLiquidated(account: account, instrument: id, liquidation) }
        }
        let reports = shards.slowReports
        // Ends when the pool goes (it closes the mailbox) with the supervisor.
        Task { [weak self] in
            while let batch = await reports.next() {
                for r in batch { await self?.isolate(r) }
            }
        }
    }

    var daemon: DaemonConfig { config.daemon }

    /// Records an event about a bot for subscribers (components other than the supervisor
    /// report through this too).
    public func note(bot: String, kind: String, detail: String = "") { emit(bot, kind, detail) }

    func emit(_ bot: String, _ kind: String, _ detail: String = "") {
        eventSeq += 1
        let ts = wallClockMilliseconds()
        events.append(Event(seq: eventSeq, ts: ts, bot: bot, kind: kind, detail: detail))
        if events.count > 1000 { events.removeFirst(events.count - 1000) }
        logger.info("bot \(kind)", metadata: ["bot.id": "\(bot)", "detail": "\(detail)"])
        // The persisted log, which subscribers read: posted, so a lifecycle step never waits
        // on the database.
        let what: RuntimeEvent.What
        switch kind {
        case "running": what = .botStarted
        case "paused": what = .botPaused
        case "resumed": what = .botResumed
        case "stopped": what = .botStopped
        case "removed": what = .botRemoved
        case "failed": what = .botFailed(reason: detail)
        case "isolated": what = .botIsolated(reason: detail)
        case "restarting": what = .botRestarted(attempt: entries[bot]?.restarts ?? 0, reason: detail)
        default: what = .unknown(kind: kind)
        }
        store.postEvents([RuntimeEvent(ts: ts, bot: bot, user: entries[bot]?.spec.user, what)])
    }

    func account(_ name: String) async throws -> Account {
        if let a = accounts[name] { return a }
        // Opening a real account takes calls to the venue: the bots that arrive meanwhile wait
        // for the same opening, never a second venue.
        if let opening = openingAccounts[name] { return try await opening.value }
        let cfg = config.accounts[name] ?? AccountConfig(name: name, venue: "paper", positionMode: .net)
        let venue: any Venue
        do { venue = try makeVenue(cfg) } catch let e as AccountRefused { throw e } catch {
            throw AccountRefused(account: name, reason: "\(error)")
        }
        let router = venueRouter, limits = daemon.rateLimits
        let opening = Task<Account, any Error> {
            await venue.connect(router)
            do { try await venue.open() } catch {
                await venue.close()
                throw AccountRefused(account: name, reason: "\(error)")
            }
            return Account(gate: RateGate(venue: venue, limits: limits), local: venue as? any LocalVenue)
        }
        // A refused account stays refused (its bots fail with the reason) until botd restarts.
        openingAccounts[name] = opening
        let a = try await opening.value
        accounts[name] = a
        return a
    }

    /// Starts every bot; `coldStart` rebuilds the paper venues from the store first.
    public func start(_ specs: [BotSpec], coldStart: Bool) async {
        if coldStart {
            // Asked once for all: a store call per bot would cost a cold start of 10,000 bots
            // seconds of hops to the store's thread, for bots that mostly have no record.
            do { toRestore = try await store.botsWithOrders() } catch {
                logger.error("reading which bots to rebuild the paper venue for failed", metadata: ["error": "\(error)"])
            }
        }
        for spec in specs { await add(spec, coldStart: coldStart) }
        toRestore = []
    }

    /// Adds and starts a bot; a bot id already running is replaced.
    public func add(_ spec: BotSpec, coldStart: Bool = false) async {
        if entries[spec.id] != nil { await remove(spec.id, policy: .leave) }
        entries[spec.id] = Entry(spec: spec)
        await launch(spec.id, coldStart: coldStart)
    }

    func makeHandle(_ spec: BotSpec, venue: any Venue, isolated: Bool) throws -> any BotHandle {
        guard let type = catalog.first(where: { $0.key == spec.strategy }) else {
            throw RuntimeError.unknownStrategy(spec.strategy)
        }
        func open<S: Strategy>(_: S.Type) throws -> any BotHandle {
            let d = Diagnostics()
            guard let params = S.parameters(ConfigReader(file: spec.file, table: spec.params, prefix: "params", diagnostics: d)) else {
                throw RuntimeError.badParameters(d.issues.map(\.description).joined(separator: "; "))
            }
            let scope = SeriesScope(book: config.daemon.shareIndicators ? series : nil, instrument: spec.instrument.id,
                                    timeframe: spec.timeframe)
            return try BotActor<S>(spec: spec, params: params, guardrails: RiskGuard(limits: spec.risk, userLimits: config.userLimits),
                               series: scope,
                               store: store, venue: venue, router: venueRouter, hub: hub, metrics: metrics, users: users,
                               shard: isolated ? shards.assignIsolated() : shards.assign(), logger: logger)
        }
        return try open(type)
    }

    func launch(_ id: String, coldStart: Bool) async {
        guard var e = entries[id] else { return }
        var spec = e.spec
        let account: Account
        do {
            account = try await self.account(spec.account)
            // The venue's rules for the instrument win over the configured ones, and the
            // bot's leverage is set before its first order.
            let cfg = config.accounts[spec.account]
            let sides: [PositionSide] = cfg?.positionMode == .hedge ? [.long, .short] : [.net]
            spec.instrument = try await account.gate.prepare(spec.instrument, leverage: spec.leverage(account: cfg), sides: sides)
        } catch {
            guard entries[id]?.generation == e.generation else { return }
            e.state = .failed
            e.lastError = "\(error)"
            entries[id] = e
            logger.error("account refused", metadata: ["bot.id": "\(id)", "error": "\(error)"])
            emit(id, "failed", "\(error)")
            return
        }
        // Removed or relaunched while the venue answered.
        guard let current = entries[id], current.generation == e.generation else { return }
        e = current
        await hub.add(spec.instrument, now: wallClockMilliseconds())
        let key = "\(spec.account)|\(spec.instrument.id)"
        if let local = account.local, !listening.contains(key) {
            listening.insert(key)
            await local.follow(spec.instrument, hub: hub)
        }
        if coldStart, let local = account.local, toRestore.remove(id) != nil {
            // The paper venue lived in the previous process: rebuild this bot's share of it.
            do {
                let open = try await store.orders(bot: id, openOnly: true).compactMap { $0.request() }
                let fills = try await store.fills(bot: id).compactMap { $0.fill() }
                if !open.isEmpty || !fills.isEmpty {
                    await local.restore(instrument: spec.instrument, fills: fills, openOrders: open)
                }
            } catch {
                logger.error("rebuilding the paper venue failed", metadata: ["bot.id": "\(id)", "error": "\(error)"])
            }
        }
        let handle: any BotHandle
        do { handle = try makeHandle(spec, venue: account.gate, isolated: e.isolated) } catch {
            e.state = .failed
            e.lastError = "\(error)"
            entries[id] = e
            emit(id, "failed", "\(error)")
            return
        }
        // Unique across entries: a bot removed and added again under its id is a new entry,
        // and its first launch must not share a generation with the old one's still-running
        // task (whose end would then stop the new bot).
        launches += 1
        e.generation = launches
        e.handle = handle
        e.state = .starting
        entries[id] = e
        store.postBot(row(spec, .starting), ts: wallClockMilliseconds())
        let generation = e.generation
        let warmUp = spec.warmUpBars()
        let hub = self.hub
        Task {
            do {
                // All the history its strategy needs before it may trade; a feed that cannot
                // give it now fails the start, which is tried again after the backoff.
                if warmUp > 0 { try await hub.warmUp(spec.instrument.id, timeframe: spec.timeframe, bars: warmUp) }
                try await handle.prepare(coldStart: coldStart)
                await self.running(id, generation)
                try await handle.run()
                await self.finished(id, generation, error: nil)
            } catch {
                await self.finished(id, generation, error: error)
            }
        }
    }

    func row(_ spec: BotSpec, _ state: BotState) -> BotRow {
        BotRow(id: spec.id, user: spec.user, strategy: spec.strategy, account: spec.account,
               instrument: spec.instrument.id.description, timeframe: spec.timeframe.description, state: state.rawValue)
    }

    /// The state is the supervisor's; the store is told without waiting for it.
    func setState(_ id: String, _ state: BotState) {
        guard var e = entries[id] else { return }
        e.state = state
        entries[id] = e
        store.postBotState(id, state.rawValue, ts: wallClockMilliseconds())
        metrics.botsByState(entries.countsByState)
    }

    func running(_ id: String, _ generation: Int) async {
        guard entries[id]?.generation == generation, entries[id]?.state == .starting else { return }
        entries[id]?.failedStarts = 0
        setState(id, .running)
        emit(id, "running")
    }

    func finished(_ id: String, _ generation: Int, error: (any Error)?) async {
        guard var e = entries[id], e.generation == generation else { return }
        guard let error else {
            if e.state != .failed { setState(id, .stopped) }
            return
        }
        e.lastError = "\(error)"
        let now = monotonicSeconds()
        e.restartTimes = e.restartTimes.filter { now - $0 <= daemon.restartPeriod } + [now]
        if e.state == .starting { e.failedStarts += 1 }
        entries[id] = e
        let why: String? = if e.restartTimes.count > daemon.maxRestarts {
            "more than \(daemon.maxRestarts) restarts in \(daemon.restartPeriod) s"
        } else if e.failedStarts > daemon.maxRestarts {
            "could not start \(e.failedStarts) times in a row"
        } else { nil }
        if let why {
            setState(id, .failed)
            emit(id, "failed", "\(why); last error: \(error)")
            await e.handle?.shutdown(policy: e.spec.onStop)
            return
        }
        e.restarts += 1
        entries[id] = e
        metrics.restart()
        setState(id, .starting)
        emit(id, "restarting", "\(error)")
        e.handle?.mailbox.close()
        let attempt = e.restartTimes.count
        let base = min(Double(daemon.backoffMaxMs), Double(daemon.backoffInitialMs) * Double(1 << min(attempt - 1, 20)))
        let delay = base * (1 + Double.random(in: 0..<0.5)) / 1000
        Task {
            try? await Task.sleep(for: .seconds(delay))
            await self.relaunch(id, generation)
        }
    }

    /// Moves a bot reported slow to an isolated shard: its instance stops with its orders and
    /// position left as they are, and a new one resumes from the snapshot on a thread of its
    /// own, where its events no longer hold up the other bots' trades.
    func isolate(_ r: SlowReport) async {
        guard var e = entries[r.bot], !e.isolated, let old = e.handle, e.state == .running || e.state == .lagging else { return }
        e.isolated = true
        // The old instance's end is a move, not a stop.
        e.generation += 1
        entries[r.bot] = e
        let budget = Double(daemon.slowEventMicros) / 1000
        emit(r.bot, "isolated", "an event took \(Double(r.nanos / 1000) / 1000) ms, over the shared shards' budget of \(budget) ms")
        setState(r.bot, .starting)
        await old.shutdown(policy: .leave)
        await launch(r.bot, coldStart: false)
    }

    /// Whether a bot runs on an isolated shard.
    public func isIsolated(_ id: String) -> Bool { entries[id]?.isolated ?? false }

    func relaunch(_ id: String, _ generation: Int) async {
        guard entries[id]?.generation == generation, entries[id]?.state == .starting else { return }
        await launch(id, coldStart: false)
    }

    // MARK: commands

    public func pause(_ id: String) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard let h = e.handle, e.state == .running else { throw RuntimeError.notRunning(id) }
        await h.setPaused(true)
        setState(id, .paused)
        emit(id, "paused")
    }

    /// Bots paused because their venue suspended their instrument, resumed when it trades again
    /// (a bot its user paused stays paused).
    var pausedBySuspension: Set<String> = []

    func venueSuspended(account: String, instrument: InstrumentID, _ suspended: Bool) async {
        let ids = entries.keys.filter { entries[$0]?.spec.account == account && entries[$0]?.spec.instrument.id == instrument }.sorted()
        for id in ids {
            guard let h = entries[id]?.handle else { continue }
            if suspended, entries[id]?.state == .running {
                await h.setPaused(true)
                setState(id, .paused)
                pausedBySuspension.insert(id)
                emit(id, "paused", "\(instrument) suspended by the venue")
            } else if !suspended, pausedBySuspension.remove(id) != nil, entries[id]?.state == .paused {
                await h.setPaused(false)
                setState(id, .running)
                emit(id, "resumed", "\(instrument) trades again")
            }
        }
    }

    public func resume(_ id: String) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard let h = e.handle, e.state == .paused else { throw RuntimeError.notPaused(id) }
        await h.setPaused(false)
        setState(id, .running)
        emit(id, "resumed")
    }

    /// Stops a bot, applying `policy` (default: its `on_stop`) to its orders and position.
    public func stop(_ id: String, policy: OnStop? = nil) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard [.running, .paused, .starting, .lagging].contains(e.state) else { throw RuntimeError.notRunning(id) }
        setState(id, .stopping)
        await e.handle?.shutdown(policy: policy ?? e.spec.onStop)
        setState(id, .stopped)
        emit(id, "stopped")
    }

    /// Hands a change by hand to a running bot (see `BotActor.adjust`); its event number.
    public func adjust(_ id: String, _ change: ManualChange) async throws -> Int64 {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard let h = e.handle, e.state == .running || e.state == .lagging else { throw RuntimeError.notRunning(id) }
        return try await h.adjust(change)
    }

    /// Closes a bot's position at market by hand (see `BotActor.closePosition`).
    public func closePosition(_ id: String, by who: String) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard let h = e.handle, [.running, .paused, .lagging].contains(e.state) else { throw RuntimeError.notRunning(id) }
        try await h.closePosition(by: who)
    }

    public func startBot(_ id: String) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        guard e.state == .stopped || e.state == .failed else { throw RuntimeError.alreadyRunning(id) }
        entries[id]?.restartTimes = []
        entries[id]?.failedStarts = 0
        await launch(id, coldStart: false)
    }

    public func restart(_ id: String) async throws {
        guard let e = entries[id] else { throw RuntimeError.unknownBot(id) }
        if [.running, .paused, .lagging].contains(e.state) { try await stop(id, policy: .leave) }
        entries[id]?.restartTimes = []
        entries[id]?.failedStarts = 0
        await launch(id, coldStart: false)
    }

    public func remove(_ id: String, policy: OnStop? = nil) async {
        guard let e = entries[id] else { return }
        if [.running, .paused, .starting, .lagging].contains(e.state) {
            await e.handle?.shutdown(policy: policy ?? e.spec.onStop)
        }
        entries[id] = nil
        emit(id, "removed")
    }

    /// Re-reads the bots folder: new files start, changed files restart only their bot, removed
    /// files stop theirs, broken files are reported and leave their bot as it was.
    /// A configuration that could not be read whole (runtime.toml broken, the bots folder not
    /// listable) changes nothing: its errors are reported and every bot runs on.
    public func reload(_ set: ConfigSet) async -> ReloadReport {
        var report = ReloadReport(errors: set.errors.map(\.description))
        guard set.isComplete else { return report }
        let brokenFiles = Set(set.errors.map(\.file))
        let byID = Dictionary(set.bots.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, e) in entries.entries where byID[id] == nil && !brokenFiles.contains(e.spec.file) {
            await remove(id)
            report.removed.append(id)
        }
        for spec in set.bots {
            if let e = entries[spec.id] {
                guard !sameSpec(e.spec, spec) else { continue }
                await add(spec)
                report.restarted.append(spec.id)
            } else {
                await add(spec)
                report.added.append(spec.id)
            }
        }
        report.added.sort(); report.removed.sort(); report.restarted.sort()
        return report
    }

    func sameSpec(_ a: BotSpec, _ b: BotSpec) -> Bool {
        a.user == b.user && a.strategy == b.strategy && a.account == b.account && a.instrument == b.instrument
            && a.timeframe == b.timeframe && a.params == b.params && a.risk == b.risk && a.onStop == b.onStop
    }

    public func statuses() async -> [BotStatus] {
        var out: [BotStatus] = []
        for id in entries.keys.sorted() {
            guard let e = entries[id] else { continue }
            if let h = e.handle {
                var s = await h.status(state: e.state, restarts: e.restarts, lastError: e.lastError)
                // Far behind its mailbox: flagged until it catches up (it still gets every bar).
                if s.state == .running && s.queueDepth > Self.lagDepth { s.state = .lagging }
                out.append(s)
            } else {
                out.append(BotStatus(id: id, user: e.spec.user, strategy: e.spec.strategy, instrument: e.spec.instrument.id.description,
                                     timeframe: e.spec.timeframe.description, state: e.state, position: .zero, averageEntry: nil,
                                     realizedPnL: .zero, unrealizedPnL: .zero, fees: .zero, funding: .zero, netPnL: .zero, openOrders: 0,
                                     orders: 0, fills: 0, events: 0, queueDepth: 0, restarts: e.restarts, lastError: e.lastError))
            }
        }
        var waits = 0
        for a in accounts.values { waits += await a.gate.waits }
        metrics.rateLimitWaits(waits)
        return out
    }

    /// Cash and equity of every paper book, per account and instrument.
    /// Per account: the wallet (`instrument` "all"), then each instrument book's share.
        public func balances() async -> [(account: String, instrument: String, balance: Money, equity: Money)] {
        var out: [(String, String, Money, Money)] = []
        // The account as one wallet first, then each instrument's book.
        for name in accounts.keys.sorted() {
            guard let local = accounts[name]!.local else {
                for b in (try? await accounts[name]!.gate.balances()) ?? [] { out.append((name, b.asset, b.total, b.total)) }
                continue
            }
            let a = await local.wallet()
            out.append((name, "all", a.balance, a.equity))
        }
        var seen = Set<String>()
        for e in entries.values.sorted(by: { $0.spec.id < $1.spec.id }) {
            let key = "\(e.spec.account)|\(e.spec.instrument.id)"
            guard seen.insert(key).inserted, let g = accounts[e.spec.account]?.local,
                  let b = await g.balance(e.spec.instrument.id) else { continue }
            out.append((e.spec.account, e.spec.instrument.id.description, b.balance, b.equity))
        }
        return out
    }

    public func spec(_ id: String) -> BotSpec? { entries[id]?.spec }
    /// How many bots are in `state` (kept up to date, not counted per call).
    public func count(_ state: BotState) -> Int { entries.counts[state] ?? 0 }
    public func state(_ id: String) -> BotState? { entries[id]?.state }

    /// Stops every bot, in reverse id order, keeping positions and orders where they are
    /// unless a bot's policy says otherwise (a daemon restart resumes them).
    public func shutdown() async {
        for id in entries.keys.sorted().reversed() {
            guard let e = entries[id], [.running, .paused, .starting, .lagging].contains(e.state) else { continue }
            setState(id, .stopping)
            await e.handle?.shutdown(policy: .leave)
            setState(id, .stopped)
        }
        for name in accounts.keys.sorted() { await accounts[name]?.gate.close() }
    }
}

public struct ReloadReport: Sendable, Codable, Equatable {
    public var added: [String] = []
    public var removed: [String] = []
    public var restarted: [String] = []
    public var errors: [String] = []
}

public enum RuntimeError: Error, CustomStringConvertible, Sendable {
    case unknownStrategy(String), badParameters(String), unknownBot(String), notRunning(String), notPaused(String)
    case alreadyRunning(String), badManualChange(String)

    public var code: String {
        switch self {
        case .unknownStrategy: "unknown_strategy"
        case .badParameters: "bad_parameters"
        case .unknownBot: "bot_not_found"
        case .notRunning: "bot_not_running"
        case .notPaused: "bot_not_paused"
        case .alreadyRunning: "bot_already_running"
        case .badManualChange: "bad_manual_change"
        }
    }

    public var description: String {
        switch self {
        case .unknownStrategy(let s): "unknown strategy '\(s)'"
        case .badParameters(let s): "bad parameters: \(s)"
        case .unknownBot(let b): "no bot '\(b)'"
        case .notRunning(let b): "bot '\(b)' is not running"
        case .notPaused(let b): "bot '\(b)' is not paused"
        case .alreadyRunning(let b): "bot '\(b)' is already running"
        case .badManualChange(let why): why
        }
    }
}

/// The supervisor's bots by id, with a running count per state: with 10,000 bots a count
/// over every entry at each state change made a cold start quadratic.
struct BotTable {
    private(set) var entries: [String: Supervisor.Entry] = [:]
    private(set) var counts: [BotState: Int] = [:]

    subscript(id: String) -> Supervisor.Entry? {
        get { entries[id] }
        set {
            if let old = entries[id] { counts[old.state, default: 0] -= 1 }
            if let new = newValue { counts[new.state, default: 0] += 1 }
            entries[id] = newValue
        }
    }

    var keys: Dictionary<String, Supervisor.Entry>.Keys { entries.keys }
    var values: Dictionary<String, Supervisor.Entry>.Values { entries.values }
    var countsByState: [String: Int] {
        var out: [String: Int] = [:]
        for (state, n) in counts where n > 0 { out[state.rawValue] = n }
        return out
    }
}

/// Why an account cannot trade: its bots fail with this, naming the account; the others run.
public struct AccountRefused: Error, CustomStringConvertible, Sendable {
    public var account: String
    public var reason: String

    public init(account: String, reason: String) {
        self.account = account
        self.reason = reason
    }

    public var description: String { "account '\(account)' refused: \(reason)" }
}
