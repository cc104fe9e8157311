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

    init(index: Int) { self.index = index }

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
            for i in 0..<n {
                if i + ahead < n { prefetch(i + ahead) }
                if i + near < n { prefetchMoving(i + near) }
                switch routes[i].target.deliverInline(d.event) {
                case .handled: handled += 1
                case .skipped, .queued: break
                case .dropped: dropped += 1
                }
            }
            if dropped > 0 { coalesced.add(dropped, ordering: .relaxed) }
            countEvents(handled)
        }
    }

    func run() async {
        while let batch = await inbox.next() {
            for d in batch { deliver(d) }
        }
    }
}

/// The shards of a runtime: as many as the machine has cores, so they never oversubscribe
/// the cooperative pool. Bots are dealt out in turn.
public final class ShardPool: Sendable {
    public let shards: [BotShard]
    private let next = Atomic<Int>(0)

    public init(count: Int) {
        shards = (0..<max(1, count)).map { BotShard(index: $0) }
        for s in shards { Task { await s.run() } }
    }

    deinit { for s in shards { s.inbox.close() } }

    public func assign() -> BotShard {
        shards[next.wrappingAdd(1, ordering: .relaxed).oldValue % shards.count]
    }

    /// Trades and tickers dropped for bots that were behind, over every shard.
    public var coalesced: Int { shards.reduce(0) { $0 + $1.coalesced.load(ordering: .relaxed) } }
    public var eventsHandled: Int { shards.reduce(0) { $0 + $1.eventsHandled.load(ordering: .relaxed) } }
}
