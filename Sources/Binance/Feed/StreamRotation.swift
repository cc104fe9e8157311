/// Replacing the combined-stream connection without a gap. Binance closes a connection after
/// 24 hours and announces maintenance with `serverShutdown`; waiting for the close loses what
/// happens until a new connection is subscribed. So the next connection is opened first, both
/// are read while they overlap (what the new one repeats is dropped by `StreamOverlap`), and the
/// old one is closed once the new one is subscribed. A connection that drops with no successor
/// is replaced at once (the feed backs off and backfills, as after any drop).
///
/// A state machine as a struct with actions (swift-nio's style): the feed tells it what
/// happened and does what it returns. Connections are known by generation, newest highest.
public struct StreamRotation: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Open connection `generation` and subscribe it to every stream.
        case open(generation: Int)
        /// Close connection `generation`.
        case close(generation: Int)
    }

    /// The connection messages come from, and when it was subscribed (venue ms).
    public private(set) var current: (generation: Int, since: Int64)?
    /// The connection being opened to replace it.
    public private(set) var successor: Int?
    private var lastGeneration = 0
    /// Age at which a connection is replaced before Binance closes it.
    public let maxAgeMs: Int64

    public init(maxAgeMs: Int64 = 23 * 3_600_000 + 30 * 60_000) {
        self.maxAgeMs = maxAgeMs
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.current?.generation == b.current?.generation && a.current?.since == b.current?.since && a.successor == b.successor
            && a.lastGeneration == b.lastGeneration && a.maxAgeMs == b.maxAgeMs
    }

    /// The first connection.
    public mutating func start() -> [Action] { [.open(generation: newGeneration())] }

    /// Connection `generation` is subscribed: it becomes the current one, and the one it
    /// replaces is closed.
    public mutating func subscribed(_ generation: Int, nowMs: Int64) -> [Action] {
        guard generation == successor || (current == nil && generation == lastGeneration) else { return [] }
        let old = current?.generation
        current = (generation, nowMs)
        if successor == generation { successor = nil }
        return old.map { [.close(generation: $0)] } ?? []
    }

    /// Time passes: a connection near its 24 hours is replaced.
    public mutating func tick(nowMs: Int64) -> [Action] {
        guard let c = current, successor == nil, nowMs - c.since >= maxAgeMs else { return [] }
        return replace()
    }

    /// The server announced it will close connection `generation`.
    public mutating func serverShutdown(_ generation: Int) -> [Action] {
        guard current?.generation == generation, successor == nil else { return [] }
        return replace()
    }

    /// Connection `generation` is gone (dropped, or closed by the server).
    public mutating func dropped(_ generation: Int) -> [Action] {
        if generation == successor {
            // The replacement failed before it was subscribed: try another while the current lives.
            successor = nil
            return current == nil ? [.open(generation: newGeneration())] : replace()
        }
        // The only connection there is (the first, or one opened after a loss) failed before it
        // was subscribed: without another, nothing would ever be opened again.
        if isPending(generation) { return [.open(generation: newGeneration())] }
        guard current?.generation == generation else { return [] }
        current = nil
        // Its successor, being opened, takes over when subscribed; else a new one now.
        if successor != nil { return [] }
        return [.open(generation: newGeneration())]
    }

    /// Whether a message from connection `generation` is delivered (the current one's and, while
    /// they overlap, its successor's; stale connections' never).
    public func delivers(_ generation: Int) -> Bool {
        generation == current?.generation || generation == successor || isPending(generation)
    }

    /// Whether `generation` is the connection being opened with none current and none replaced
    /// (the first, or the one after a loss): it carries the stream alone once subscribed, and
    /// what it brings before its ack is all there is.
    private func isPending(_ generation: Int) -> Bool {
        current == nil && successor == nil && generation == lastGeneration
    }

    private mutating func replace() -> [Action] {
        let g = newGeneration()
        successor = g
        return [.open(generation: g)]
    }

    private mutating func newGeneration() -> Int {
        lastGeneration += 1
        return lastGeneration
    }
}

/// What two overlapping connections both deliver is delivered once: a trade by its id, a
/// closed kline by its open time (per symbol and interval). Forming klines and book tickers are
/// states, not events: a repeat only restates the latest.
public struct StreamOverlap: Sendable {
    /// One symbol's remembered trade ids, and the same in a ring of `keep` to forget the oldest
    /// in O(1): every trade passes here, so no shifting of an array.
    private struct Recent: Sendable {
        var ids: Set<Int64> = []
        var ring: [Int64] = []
        var oldest = 0

        mutating func insert(_ id: Int64, keep: Int) -> Bool {
            guard ids.insert(id).inserted else { return false }
            if ring.count < keep {
                ring.append(id)
            } else {
                ids.remove(ring[oldest])
                ring[oldest] = id
                oldest = (oldest + 1) % keep
            }
            return true
        }
    }

    private var trades: [String: Recent] = [:]
    private var closedKlines: [String: Int64] = [:]
    /// How many trade ids are remembered per symbol: more than two connections' overlap holds.
    public let keep: Int

    public init(keep: Int = 4_096) { self.keep = max(keep, 1) }

    /// True the first time trade `id` of `symbol` is seen.
    public mutating func firstTrade(_ symbol: String, id: Int64) -> Bool {
        trades[symbol, default: Recent()].insert(id, keep: keep)
    }

    /// True the first time the closed kline of `key` (symbol and interval) opening at `openMs`
    /// is seen, and never for one older than the latest delivered.
    public mutating func firstClosedKline(_ key: String, openMs: Int64) -> Bool {
        if let last = closedKlines[key], openMs <= last { return false }
        closedKlines[key] = openMs
        return true
    }

    /// The open time of the latest closed kline of `key` delivered (or marked so), if any.
    public func lastClosedKline(_ key: String) -> Int64? { closedKlines[key] }
}
