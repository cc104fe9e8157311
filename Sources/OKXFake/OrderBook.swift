import BotCore

/// A synthetic order book around the last price, with OKX's sequence numbers.
///
/// The fake has no resting liquidity of its own beyond the last price; this book is what the
/// `books` channels and market/books show: 25 levels a side one tick apart, so a client's book
/// handling (snapshot, updates, deletions by size 0, the seqId chain with its heartbeats and
/// resets, `checksum` always 0) can be tested against the documented wire format.
struct OrderBook {
    typealias Level = (px: Price, sz: Quantity)
    static let depth = 25

    var bids: [Level] = []
    var asks: [Level] = []
    var seqId: Int64 = 1000
    var lastUpdateMs: Int64 = 0
    /// The next update starts a new, lower sequence (as after OKX maintenance).
    var resetPending = false

    static func levels(around last: Price, tick: Price, lot: Quantity) -> (bids: [Level], asks: [Level]) {
        var bids: [Level] = [], asks: [Level] = []
        for k in 1...depth {
            let step = Price(raw: tick.raw * Int64(k))
            let size = Quantity(raw: lot.raw * Int64(100 * k))
            if last.raw - step.raw > 0 { bids.append((last - step, size)) }
            asks.append((last + step, size))
        }
        return (bids, asks)
    }

    /// Moves the book to the levels around `last`; returns the changed levels (size 0 for
    /// removed ones), bids descending and asks ascending.
    mutating func move(to last: Price, tick: Price, lot: Quantity) -> (bids: [Level], asks: [Level]) {
        let new = Self.levels(around: last, tick: tick, lot: lot)
        func diff(_ old: [Level], _ new: [Level], descending: Bool) -> [Level] {
            var out: [Level] = []
            let newBy = Dictionary(new.map { ($0.px, $0.sz) }, uniquingKeysWith: { a, _ in a })
            let oldBy = Dictionary(old.map { ($0.px, $0.sz) }, uniquingKeysWith: { a, _ in a })
            for l in old where newBy[l.px] == nil { out.append((l.px, .zero)) }
            for l in new where oldBy[l.px] != l.sz { out.append(l) }
            return out.sorted { descending ? $0.px > $1.px : $0.px < $1.px }
        }
        let changes = (diff(bids, new.bids, descending: true), diff(asks, new.asks, descending: false))
        bids = new.bids
        asks = new.asks
        return changes
    }

    /// The next (prevSeqId, seqId) pair: +1, or down to a small number after a reset.
    mutating func advance() -> (Int64, Int64) {
        let prev = seqId
        if resetPending {
            resetPending = false
            seqId = 3
        } else {
            seqId += 1
        }
        return (prev, seqId)
    }

    static func json(_ levels: [Level]) -> JSON {
        .array(levels.map { [JSON($0.px), JSON($0.sz), "0", "1"] })
    }
}
