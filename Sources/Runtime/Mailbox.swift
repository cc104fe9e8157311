import Synchronization

/// A multi-producer, single-consumer mailbox that hands the consumer everything queued since
/// its last look, in one batch.
///
/// A message costs an append under a lock; a wake-up costs one continuation resume per batch,
/// not per message (an `AsyncStream` suspends on every element). `send` never blocks and never
/// drops: what must not be lost (closed candles, fills, order updates) is never coalesced here;
/// producers that may coalesce (trades, tickers) do so before sending.
public final class Mailbox<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        /// What the owner must see before anything else queued: a venue's order events.
        var urgent: [Element] = []
        var waiter: CheckedContinuation<[Element]?, Never>?
        var closed = false
    }

    private let state = Mutex(State())
    /// `waiter != nil`, written under the lock and read without it: the idle check runs per
    /// bot per trade, where a lock round trip (two atomic read-modify-writes) is most of the
    /// cost of a bot that does little.
    private let parked = Atomic<Bool>(false)

    public init() {}

    /// Queues `element`; false if the mailbox is closed (the element is then dropped: its
    /// consumer is gone).
    @discardableResult
    public func send(_ element: Element) -> Bool {
        let (accepted, wake): (Bool, (CheckedContinuation<[Element]?, Never>, [Element])?) = state.withLock { s in
            guard !s.closed else { return (false, nil) }
            s.items.append(element)
            guard let w = s.waiter else { return (true, nil) }
            s.waiter = nil
            parked.store(false, ordering: .releasing)
            let batch = s.items
            s.items.removeAll(keepingCapacity: true)
            return (true, (w, batch))
        }
        // Resume outside the lock: the consumer may run right away.
        if let (w, batch) = wake { w.resume(returning: batch) }
        return accepted
    }

    /// Queues `element` ahead of everything not urgent (in order among urgent ones); false if
    /// the mailbox is closed.
    @discardableResult
    public func sendUrgent(_ element: Element) -> Bool {
        let (accepted, wake): (Bool, (CheckedContinuation<[Element]?, Never>, [Element])?) = state.withLock { s in
            guard !s.closed else { return (false, nil) }
            s.urgent.append(element)
            guard let w = s.waiter else { return (true, nil) }
            s.waiter = nil
            parked.store(false, ordering: .releasing)
            return (true, (w, Self.takeAll(&s)))
        }
        if let (w, batch) = wake { w.resume(returning: batch) }
        return accepted
    }

    /// The urgent messages only, without waiting: what a venue reported while its owner was
    /// calling it.
    public func drainUrgent() -> [Element] {
        state.withLock { s in
            guard !s.urgent.isEmpty else { return [] }
            let batch = s.urgent
            s.urgent.removeAll(keepingCapacity: true)
            return batch
        }
    }

    private static func takeAll(_ s: inout State) -> [Element] {
        var batch = s.urgent
        if batch.isEmpty {
            batch = s.items
        } else {
            s.urgent.removeAll(keepingCapacity: true)
            batch.append(contentsOf: s.items)
        }
        s.items.removeAll(keepingCapacity: true)
        return batch
    }

    /// Everything queued (urgent first), waiting if there is nothing; nil once closed and drained.
    public func next() async -> [Element]? {
        let ready: [Element]?? = state.withLock { s in
            if !s.items.isEmpty || !s.urgent.isEmpty { return .some(Self.takeAll(&s)) }
            if s.closed { return .some(nil) }
            return nil
        }
        if let ready { return ready }
        return await withCheckedContinuation { c in
            let immediate: [Element]?? = state.withLock { s in
                if !s.items.isEmpty || !s.urgent.isEmpty { return .some(Self.takeAll(&s)) }
                if s.closed { return .some(nil) }
                s.waiter = c
                parked.store(true, ordering: .releasing)
                return nil
            }
            if let immediate { c.resume(returning: immediate) }
        }
    }

    /// True when the consumer is waiting in `next()` with nothing queued: nothing it has been
    /// sent is in flight, so a message handled right now, on the consumer's executor, keeps
    /// its place in the order.
    /// (A parked consumer always has an empty queue: `next()` parks only when nothing is
    /// queued, and `send` hands everything over when it finds it parked. Not reading `items`
    /// spares a cache miss per bot per trade.)
    public var isIdle: Bool { parked.load(ordering: .acquiring) }

    /// Everything queued, without waiting (for a consumer that polls).
    public func drain() -> [Element] {
        state.withLock { Self.takeAll(&$0) }
    }

    /// Wakes a waiting consumer with an empty batch (work was left for it outside the queue).
    public func wake() {
        let waiter: CheckedContinuation<[Element]?, Never>? = state.withLock { s in
            let w = s.waiter
            s.waiter = nil
            parked.store(false, ordering: .releasing)
            return w
        }
        waiter?.resume(returning: [])
    }

    /// Number of queued messages (the lag a bot carries).
    public var depth: Int { state.withLock { $0.items.count + $0.urgent.count } }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Closes the mailbox; a waiting consumer gets what is left, then nil.
    public func close() {
        let waiter: CheckedContinuation<[Element]?, Never>? = state.withLock { s in
            s.closed = true
            let w = s.waiter
            s.waiter = nil
            parked.store(false, ordering: .releasing)
            return w
        }
        waiter?.resume(returning: nil)
    }
}
