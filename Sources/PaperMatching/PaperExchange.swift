import BotCore

/// A simulated venue for one account on one instrument: the matching engine behind backtests
/// and paper trading.
///
/// Time advances bar by bar. `beginBar` starts walking the bar's path; `nextEvent` returns the
/// next thing that happens on it (a fill, a stop trigger, a liquidation) and moves the path
/// pointer there, so the caller can hand the event to the strategy and `submit` its reaction at
/// that very point: an order placed on a fill can only fill on the rest of the path. `endBar`
/// settles the bar at its close (and funding); orders submitted after that are decided on the
/// close and filled per the `FillModel`.
public struct PaperExchange: Sendable {
    public let instrument: Instrument
    public let config: PaperConfig
    public internal(set) var balance: Money
    /// What the account's other books add to the cash this one may use (their gains minus
    /// their losses and what they have committed), set by whoever holds the account's books.
    public var elsewhere = Money.zero
    public internal(set) var legs = Legs()
    public internal(set) var lastPrice: Price?
    public internal(set) var lastTs: Int64 = 0

    struct Working: Sendable {
        var request: OrderRequest
        var filled: Quantity = .zero
        var order: Int
        /// A stop-limit whose trigger was crossed works as a limit.
        var triggered = false
        var remaining: Quantity { request.quantity - filled }
    }

    var working: [ClientOrderID: Working] = [:]
    /// Market orders waiting for the next open (next-open and intrabar models).
    var queued: [ClientOrderID] = []
    var nextOrder = 0
    // Path of the current bar and the pointer into it.
    var points: (Price, Price, Price, Price) = (0, 0, 0, 0)
    var segment = 3
    var cursor: Price = 0
    var inBar = false
    /// Whether orders the open has gapped through are still to be filled.
    var gapPending = false
    var lastFundingSlot: Int64?
    var liquidationSeq: UInt64 = 0
    var lastOwner: UInt64 = 0
    /// Funding charged since the last `drainFunding`, per leg (paid > 0).
    var fundingPayments: [(PositionSide, Money)] = []
    /// The latest funding settlement, for the bots sharing this book (each books its own share).
    public internal(set) var lastFunding: FundingCharge?

    public var hasFunding: Bool { !fundingPayments.isEmpty }

    /// Funding charged since the last call, for the owners' ledgers.
    public mutating func drainFunding() -> [(PositionSide, Money)] {
        defer { fundingPayments.removeAll() }
        return fundingPayments
    }

    let isPerpetual: Bool
    let contractValue: Double

    public init(instrument: Instrument, config: PaperConfig = PaperConfig()) {
        self.instrument = instrument
        isPerpetual = instrument.kind == .perpetual
        contractValue = instrument.contractValue.doubleValue
        self.config = config
        balance = config.initialBalance
    }

    public func position(_ side: PositionSide) -> Position { legs[side] }
    public var net: Position { legs.net }
    public var long: Position { legs.long }
    public var short: Position { legs.short }

    public var openOrderCount: Int { working.count }
    public var isFlat: Bool { legs.isFlat }

    /// Nothing can happen on a bar's path: no resting order and nothing to liquidate.
    var idle: Bool { working.isEmpty && (isFlat || !isPerpetual) }
    public func isOpen(_ id: ClientOrderID) -> Bool { working[id] != nil }

    /// The working orders, oldest first, with what each has filled.
    public var openOrders: [(request: OrderRequest, filled: Quantity)] {
        working.values.sorted { $0.order < $1.order }.map { ($0.request, $0.filled) }
    }

    /// Cash plus the unrealized PnL of every leg at `mark` (or the last price).
    public func equity(mark: Price? = nil) -> Money {
        guard !isFlat, let m = mark ?? lastPrice else { return balance }
        return balance + net.unrealizedPnL(at: m, instrument) + long.unrealizedPnL(at: m, instrument)
            + short.unrealizedPnL(at: m, instrument)
    }

    /// Equity at `mark` as a `Double`, for equity curves and reports: cheaper than `equity`
    /// (no 128-bit division) and never used for a decision.
    public func equityEstimate(mark: Price) -> Double {
        var total = Double(balance.raw) * 1e-9
        if isFlat { return total }
        let unit = Double(mark.raw) * 1e-9 * contractValue
        for side in 0..<3 {
            let p = side == 0 ? legs.net : side == 1 ? legs.long : legs.short
            if p.isFlat { continue }
            let value = unit * Double(p.quantity.magnitude.raw) * 1e-9
            let cost = Double(p.costBasis.raw) * 1e-9
            total += p.quantity.raw > 0 ? value - cost : cost - value
        }
        return total
    }

    /// Sets the reference price before any bar (history warm-up, a ticker).
    public mutating func mark(_ price: Price, ts: Int64) {
        lastPrice = price
        lastTs = ts
        if !inBar { cursor = price }
    }

    // MARK: orders

    /// Accepts or rejects an order (already checked by RiskGuard) and fills what is marketable
    /// now. Events are appended to `out`.
    public mutating func submit(_ r: OrderRequest, into out: inout [OrderEvent]) {
        guard working[r.id] == nil else {
            out.append(.rejected(r.id, reason: "51016 duplicate clOrdId"))
            return
        }
        if let reason = affordability(r) {
            out.append(.rejected(r.id, reason: reason))
            return
        }
        lastOwner = r.id.botHash
        working[r.id] = Working(request: r, order: nextOrder)
        nextOrder += 1
        out.append(.accepted(r.id))
        switch r.type {
        case .market:
            if !inBar && config.fillModel != .close {
                queued.append(r.id)
            } else if let p = inBar ? cursor : lastPrice {
                fill(r.id, at: p, liquidity: .taker, into: &out)
            } else {
                working[r.id] = nil
                out.append(.rejected(r.id, reason: "no market price yet"))
            }
        case .limit(let p):
            // Marketable now: takes liquidity at the current price (never worse than the limit).
            if !(inBar == false && config.fillModel != .close), let cur = inBar ? cursor : lastPrice,
               (r.side == .buy && p >= cur) || (r.side == .sell && p <= cur) {
                fill(r.id, at: cur, liquidity: .taker, into: &out)
            }
        case .stopMarket, .stopLimit:
            break
        }
    }

    /// Fills `r` at `price` as a taker, now, whatever the fill model: how a backtest closes
    /// what is still open after its last bar.
    public mutating func settle(_ r: OrderRequest, at price: Price, into out: inout [OrderEvent]) {
        working[r.id] = Working(request: r, order: nextOrder)
        nextOrder += 1
        out.append(.accepted(r.id))
        fill(r.id, at: price, liquidity: .taker, into: &out)
    }

    /// Books a fill recorded before a restart (positions and cash; no order involved).
    public mutating func restore(_ f: Fill) {
        let notional = instrument.notional(price: f.price, quantity: f.quantity)
        apply(f, margin: isPerpetual ? notional.divided(by: config.leverage, .up) : .zero)
        lastOwner = f.orderID.botHash
    }

    public mutating func cancel(_ id: ClientOrderID, into out: inout [OrderEvent]) {
        guard working.removeValue(forKey: id) != nil else {
            out.append(.rejected(id, reason: "51400 order does not exist or is already finished"))
            return
        }
        queued.removeAll { $0 == id }
        out.append(.cancelled(id))
    }

    /// Changes an open order's limit price and/or size; a size at or below what has filled
    /// finishes the order.
    public mutating func amend(_ id: ClientOrderID, price: Price?, quantity: Quantity?, into out: inout [OrderEvent]) {
        guard var w = working[id] else {
            out.append(.rejected(id, reason: "51503 order does not exist or is already finished"))
            return
        }
        if let q = quantity {
            if q <= w.filled {
                working[id] = nil
                out.append(.cancelled(id))
                return
            }
            w.request.quantity = q
        }
        if let p = price { w.request.type = w.request.type.amended(price: p) }
        working[id] = w
        out.append(.accepted(id))
    }

    /// Why the account cannot carry this order, or nil.
    func affordability(_ r: OrderRequest) -> String? {
        let pos = position(r.positionSide)
        let reducing = !pos.quantity.isZero && ((pos.quantity.raw > 0) == (r.side == .sell))
            && r.quantity <= pos.quantity.magnitude
        if r.reduceOnly && !reducing { return "51169 reduce-only order has no position to reduce" }
        if reducing { return nil }
        if instrument.kind == .spot && r.side == .sell {
            return "51008 insufficient balance: spot cannot sell more than it holds"
        }
        guard let price = r.type.limitPrice ?? r.type.triggerPrice ?? (inBar ? cursor : lastPrice) else { return nil }
        let notional = instrument.notional(price: price, quantity: r.quantity)
        let need = instrument.kind == .spot ? notional : notional.divided(by: config.leverage, .up)
        let available = balance - used() - reserved() + elsewhere
        if need + instrument.fee(notional: notional, maker: false) > available {
            return "51008 insufficient balance: needs \(need), available \(available)"
        }
        return nil
    }

    /// Cash this book has tied up: positions' cost or margin, and open orders' reservations.
    public var committed: Money { used() + reserved() }

    /// Cash tied up in positions: spot holdings at cost, swap isolated margin.
    func used() -> Money {
        if instrument.kind == .spot { return net.costBasis + long.costBasis }
        return net.isolatedMargin + long.isolatedMargin + short.isolatedMargin
    }

    /// Cash reserved for open orders that would open or grow a position.
    func reserved() -> Money {
        var m = Money.zero
        for w in working.values where !w.request.reduceOnly {
            guard let p = w.request.type.limitPrice ?? w.request.type.triggerPrice ?? lastPrice else { continue }
            let n = instrument.notional(price: p, quantity: w.remaining)
            m += instrument.kind == .spot ? (w.request.side == .buy ? n : .zero) : n.divided(by: config.leverage, .up)
        }
        return m
    }
}
