import BotCore
import CPrefetch
import Synchronization

/// A bot that can take a market event inline, on its shard's executor, without a wake-up of
/// its own.
public protocol InlineEventTarget: AnyObject, Sendable {
    nonisolated var shard: BotShard { get }
    /// Runs on the shard's executor. Trades and tickers come this way: they never carry what
    /// must not be lost, so a bot far behind may drop them.
    nonisolated func deliverInline(_ event: BotEvent) -> InlineOutcome
    /// Objects besides itself that `deliverInline` reads (its mailbox), for prefetching.
    nonisolated var companion: AnyObject { get }
    /// Memory of its own that `deliverInline` reads, at a fixed address.
    nonisolated var hotAddress: UnsafeRawPointer { get }
    /// Memory `deliverInline` reads that moves over time (its strategy context), read from
    /// the object a few bots ahead, once its lines have arrived.
    nonisolated var movingAddress: UnsafeRawPointer? { get }
    /// Its events took longer than the shard's budget several times: it asks to be moved to
    /// an isolated shard (once). Runs on the shard's executor.
    nonisolated func reportSlow(nanos: UInt64)
}

/// A bot whose events take too long for a shared shard, for the supervisor to isolate.
public struct SlowReport: Sendable {
    public var bot: String
    /// How long the event that tipped it took.
    public var nanos: UInt64
}

public enum InlineOutcome: Sendable {
    /// The strategy handled it (counted as an event handled).
    case handled
    /// Seen by a paused bot: it keeps the price, its strategy does not run.
    case skipped
    /// Queued behind what the bot has waiting (counted when the bot handles it).
    case queued
    /// The bot was too far behind; the event was coalesced away.
    case dropped
}

/// A target with the addresses of its memory, taken once at subscription: the walk over a
/// shard's bots prefetches them ahead without touching (retaining) the objects.
public struct InlineRoute: @unchecked Sendable {
    let target: any InlineEventTarget
    let object: UnsafeRawPointer
    let companion: UnsafeRawPointer
    let hot: UnsafeRawPointer

    public init(_ target: any InlineEventTarget) {
        self.target = target
        object = UnsafeRawPointer(Unmanaged.passUnretained(target as AnyObject).toOpaque())
        companion = UnsafeRawPointer(Unmanaged.passUnretained(target.companion).toOpaque())
        hot = target.hotAddress
    }
}

/// One serial executor shared by many bots.
///
/// Waking an idle actor costs 1.3–2 µs here, so one wake-up per bot per trade cannot reach
/// thousands of bots within a millisecond. Bots live on a few shards instead (their actors
/// use the shard's executor); the hub sends a trade once per shard, and the shard runs each
/// bot's strategy in turn, inline. Each bot keeps its own isolated state: sharing an executor
/// only means its jobs queue behind the shard's.
///
/// That is also the risk: one strategy that takes a millisecond per event makes every trade of
/// its shard wait a millisecond. So a shared shard times its bots, in chunks of 32 (two clock
/// reads per chunk, not per bot); a chunk over the budget has its bots timed one by one on the
/// next trades, and a bot over the budget three times more than under it is reported (the bot
/// run loop times the events it handles the same way). The supervisor then moves it to an
/// isolated shard: a thread of its own at a lower priority (`ThreadExecutor`).
public actor BotShard {
    struct Delivery: Sendable {
        var event: BotEvent
        var targets: [InlineRoute]
    }

    nonisolated let inbox = Mailbox<Delivery>()
    nonisolated let coalesced = Atomic<Int>(0)
    /// Events handled by this shard's bots. Counted per shard: one counter shared by every
    /// core would bounce its cache line between them on every event.
    nonisolated let eventsHandled = Atomic<Int>(0)
    public nonisolated let index: Int
    /// The default actor whose executor a shared shard and its bots run on (the cooperative
    /// pool), or the thread of an isolated shard.
    private nonisolated let lane: ShardLane?
    private nonisolated let thread: ThreadExecutor?
    /// An event of one bot that takes longer than this (ns) counts against it; 0: never.
    nonisolated let slowBudget: UInt64
    /// Where bots over the budget are reported.
    nonisolated let reports: Mailbox<SlowReport>
    /// Bots being timed one by one (their chunk was over the budget), with their strikes.
    private var watched: [UnsafeRawPointer: Int] = [:]

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        if let thread { return thread.asUnownedSerialExecutor() }
        return lane!.unownedExecutor
    }

    /// A shard of the cooperative pool that times its bots against `slowBudget`, or (with
    /// `isolated`) one on a thread of its own, which times nothing.
    init(index: Int, isolated: Bool = false, slowBudget: UInt64 = 0, reports: Mailbox<SlowReport> = Mailbox()) {
        self.index = index
        lane = isolated ? nil : ShardLane()
        thread = isolated ? ThreadExecutor(name: "isolated-shard-\(index)", nice: 10) : nil
        self.slowBudget = isolated ? 0 : slowBudget
        self.reports = reports
    }

    deinit { thread?.shutdown() }

    /// Runs bots moved off the shared shards.
    public nonisolated var isIsolated: Bool { thread != nil }

    nonisolated func countEvent() { eventsHandled.add(1, ordering: .relaxed) }
    nonisolated func countEvents(_ n: Int) { eventsHandled.add(n, ordering: .relaxed) }

    /// Shard 0 takes its deliveries from the hub directly (`deliverNow`), the others through
    /// their inbox; never both, so a shard's trades can never overtake one another.
    public nonisolated var isDirect: Bool { index == 0 }

    nonisolated func deliver(_ event: BotEvent, to targets: [InlineRoute]) {
        precondition(!isDirect)
        inbox.send(Delivery(event: event, targets: targets))
    }

    func deliverNow(_ event: BotEvent, to targets: [InlineRoute]) {
        deliver(Delivery(event: event, targets: targets))
    }

    /// Walks the targets prefetching a few ahead, so their cache misses overlap instead of
    /// queueing one after the other (with thousands of bots, misses are most of the cost).
    func deliver(_ d: Delivery) {
        d.targets.withUnsafeBufferPointer { routes in
            let n = routes.count, ahead = 8
            // Only the address fields are read ahead: copying a route would retain its target,
            // which is the very miss being avoided.
            func prefetch(_ i: Int) {
                botruntime_prefetch(routes[i].object, 2)
                botruntime_prefetch(routes[i].companion, 2)
                botruntime_prefetch(routes[i].hot, 4)
            }
            func prefetchMoving(_ i: Int) {
                if let p = routes[i].target.movingAddress { botruntime_prefetch(p, 1) }
            }
            let near = ahead / 2
            for i in 0..<min(ahead, n) { prefetch(i) }
            for i in 0..<min(near, n) { prefetchMoving(i) }
            var dropped = 0, handled = 0
            let budget = slowBudget
            var mark = budget > 0 ? monotonicNanos() : 0
            var chunkStart = 0
            for i in 0..<n {
                if i + ahead < n { prefetch(i + ahead) }
                if i + near < n { prefetchMoving(i + near) }
                let timedAlone = !watched.isEmpty && watched[routes[i].object] != nil
                if timedAlone { mark = monotonicNanos() }
                switch routes[i].target.deliverInline(d.event) {
                case .handled: handled += 1
                case .skipped, .queued: break
                case .dropped: dropped += 1
                }
                guard budget > 0 else { continue }
                if timedAlone {
                    let t = monotonicNanos()
                    judge(routes[i], nanos: t &- mark, budget: budget)
                    mark = t
                } else if i & 31 == 31 || i == n - 1 {
                    let t = monotonicNanos()
                    if t &- mark > budget {
                        for j in chunkStart...i where watched[routes[j].object] == nil { watched[routes[j].object] = 0 }
                    }
                    mark = t
                    chunkStart = i + 1
                }
            }
            if dropped > 0 { coalesced.add(dropped, ordering: .relaxed) }
            countEvents(handled)
        }
    }

    /// One timed event of a watched bot: over the budget, a strike (the third is reported);
    /// under it, one strike less, and a bot with none is no longer watched.
    private func judge(_ route: InlineRoute, nanos: UInt64, budget: UInt64) {
        let strikes = watched[route.object] ?? 0
        if nanos > budget {
            if strikes >= 2 {
                watched[route.object] = nil
                route.target.reportSlow(nanos: nanos)
            } else {
                watched[route.object] = strikes + 1
            }
        } else {
            watched[route.object] = strikes > 0 ? strikes - 1 : nil
        }
    }

    func run() async {
        while let batch = await inbox.next() {
            for d in batch { deliver(d) }
        }
    }
}

/// The default actor whose executor a shared shard lends its bots: a shard that may instead
/// run on a thread of its own cannot be a plain default actor itself.
actor ShardLane {}

/// The shards of a runtime: as many as the machine has cores, so they never oversubscribe
/// the cooperative pool. Bots are dealt out in turn. Isolated shards (as many again, at most)
/// are made when a first slow bot needs one.
public final class ShardPool: Sendable {
    public let shards: [BotShard]
    private let next = Atomic<Int>(0)
    private let isolated = Mutex<[BotShard]>([])
    private let nextIsolated = Atomic<Int>(0)
    /// Bots reported slow on the shared shards, for the supervisor.
    public let slowReports = Mailbox<SlowReport>()

    /// `slowEventMicros`: an event of one bot that takes longer counts against it; 0: no bot
    /// is ever isolated.
    public init(count: Int, slowEventMicros: Int = 0) {
        let n = max(1, count)
        let reports = slowReports
        shards = (0..<n).map { BotShard(index: $0, slowBudget: UInt64(max(0, slowEventMicros)) * 1000, reports: reports) }
        for s in shards { Task { await s.run() } }
    }

    deinit {
        for s in shards { s.inbox.close() }
        for s in isolated.withLock({ $0 }) { s.inbox.close() }
        slowReports.close()
    }

    public func assign() -> BotShard {
        shards[next.wrappingAdd(1, ordering: .relaxed).oldValue % shards.count]
    }

    /// An isolated shard for a slow bot: slow bots are dealt over up to as many threads as
    /// there are shared shards (they may slow one another, never the shared shards).
    public func assignIsolated() -> BotShard {
        let k = nextIsolated.wrappingAdd(1, ordering: .relaxed).oldValue % shards.count
        let (shard, made) = isolated.withLock { list -> (BotShard, Bool) in
            if k < list.count { return (list[k], false) }
            let s = BotShard(index: shards.count + list.count, isolated: true)
            list.append(s)
            return (s, true)
        }
        if made { Task { await shard.run() } }
        return shard
    }

    /// Trades and tickers dropped for bots that were behind, over every shard.
    public var coalesced: Int { shards.reduce(0) { $0 + $1.coalesced.load(ordering: .relaxed) } }
    public var eventsHandled: Int { shards.reduce(0) { $0 + $1.eventsHandled.load(ordering: .relaxed) } }
}
