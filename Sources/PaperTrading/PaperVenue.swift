import BotCore
import PaperMatching
import Runtime

/// The paper venue of one account: the paper matching engine per instrument behind the
/// `Venue` protocol. Calls are answered at once; fills and order updates go to the sink it is
/// connected to, before the answer returns (a bot reads them right after it), and later ones
/// as the market walks through resting orders. It follows the market through the hub.
public actor PaperVenue: LocalVenue {
    public nonisolated let account: String
    private var books: [InstrumentID: PaperExchange] = [:]
    private var instruments: [InstrumentID: Instrument] = [:]
    private let config: PaperConfig
    private var sink: (any VenueEventSink)?
    private let prices: PriceBoard?
    /// End (ms) of the last base bar each book has settled.
    private var barEnds: [InstrumentID: Int64] = [:]
    /// Every fill, per instrument, for `fills(since:)` and reconciliation.
    private var fillLog: [InstrumentID: [Fill]] = [:]
    /// Orders that ended without filling (cancelled, expired), for reconciliation, newest last.
    private var ended: [ClientOrderID: OrderStatus] = [:]
    private var endedOrder: [ClientOrderID] = []

    public init(account: String, config: PaperConfig, prices: PriceBoard? = nil) {
        self.account = account
        self.prices = prices
        self.config = config
    }

    public func connect(_ sink: any VenueEventSink) {
        self.sink = sink
    }

    /// Runs `body` on the instrument's book in place: copying it out and back would copy its
    /// order tables on every change.
    func withBook<R>(_ inst: Instrument, _ body: (inout PaperExchange) -> R) -> R {
        if books[inst.id] == nil {
            books[inst.id] = PaperExchange(instrument: inst, config: config)
            instruments[inst.id] = inst
        }
        return body(&books[inst.id]!)
    }

    /// One wallet for the account: a book may spend what the others have not committed (each
    /// book starts from the account's balance, so the others' share is their gains and losses
    /// minus what they hold in margin and orders).
    func shareWallet(with inst: Instrument) {
        var elsewhere = Money.zero
        for (id, b) in books where id != inst.id { elsewhere += b.balance - config.initialBalance - b.committed }
        withBook(inst) { $0.elsewhere = elsewhere }
    }

    /// The account as one wallet: its cash and its equity (cash plus open positions' PnL).
    public func wallet() -> (balance: Money, equity: Money) {
        var balance = config.initialBalance, equity = config.initialBalance
        for b in books.values {
            balance += b.balance - config.initialBalance
            equity += b.equity() - config.initialBalance
        }
        return (balance, equity)
    }

    /// Brings the book's price up to the last trade before an order meets it.
    func catchUp(_ inst: Instrument) {
        // Only a trade after the last settled bar is news: earlier ones are in that bar.
        guard let t = prices?.lastTrade(inst.id), t.ts >= barEnds[inst.id] ?? .min else { return }
        withBook(inst) { $0.mark(t.price, ts: t.ts) }
    }

    /// Rebuilds the venue side after a restart: positions from every recorded fill of the
    /// account, resting orders from the open orders of the bots' ledgers.
    public func restore(instrument: Instrument, fills: [Fill], openOrders: [OrderRequest]) {
        withBook(instrument) { ex in
            for f in fills { ex.restore(f) }
            var ignored: [OrderEvent] = []
            for r in openOrders where !ex.isOpen(r.id) { ex.submit(r, into: &ignored) }
        }
    }

    public func call(_ call: VenueCall, instrument: Instrument) -> VenueAck {
        if case .cancel = call {} else {
            catchUp(instrument)
            shareWallet(with: instrument)
        }
        var out: [OrderEvent] = []
        let ack = withBook(instrument) { $0.perform(call, into: &out) }
        for e in out { report(e, instrument.id) }
        return ack
    }

    func report(_ e: OrderEvent, _ id: InstrumentID) {
        switch e {
        case .filled(let f), .liquidated(let f):
            fillLog[id, default: []].append(f)
            // Enough for any reconciliation after a timeout; the store has the full record.
            if fillLog[id]!.count > 4_096 { fillLog[id]!.removeFirst(1_024) }
        case .cancelled(let oid), .expired(let oid):
            ended[oid] = e == .cancelled(oid) ? .cancelled : .expired
            endedOrder.append(oid)
            if endedOrder.count > 4_096 {
                for old in endedOrder.prefix(1_024) { ended[old] = nil }
                endedOrder.removeFirst(1_024)
            }
        default: break
        }
        sink?.deliver(e, instrument: id)
    }

    /// Subscribes to the hub's market for `instrument`, as a bot does: every base bar reaches
    /// the venue before any bot, so resting orders fill before strategies see the close.
    public func follow(_ instrument: Instrument, hub: MarketDataHub) async {
        await hub.addListener(instrument.id) { u in await self.onMarket(u, instrument: instrument) }
    }

    /// The venue follows the hub: bars settle resting orders; the last bar of history sets
    /// the price until the first bar or trade.
    public func onMarket(_ u: MarketDataHub.MarketUpdate, instrument: Instrument) {
        switch u {
        case .bar(let c): onBar(c, instrument: instrument)
        case .history(let c):
            barEnds[instrument.id] = c.ts + 60_000
            withBook(instrument) { $0.mark(c.close, ts: c.ts + 60_000) }
        }
    }

    /// Walks a closed base bar through the instrument's book and reports what happens.
    public func onBar(_ c: Candle, instrument: Instrument) {
        barEnds[instrument.id] = c.ts + 60_000
        var out: [OrderEvent] = []
        let funding: FundingCharge? = withBook(instrument) { ex in
            guard !ex.settleQuietBar(c) else { return nil }
            ex.beginBar(c, into: &out)
            while ex.nextEvent(into: &out) {}
            ex.endBar(c)
            return ex.drainFunding().isEmpty ? nil : ex.lastFunding
        }
        for e in out { report(e, instrument.id) }
        // Each bot books its own share: the venue's position is the sum of theirs.
        if let funding { sink?.deliver(funding: funding, instrument: instrument.id, account: account) }
    }

    public func balance(_ id: InstrumentID) -> (balance: Money, equity: Money)? {
        guard let b = books[id] else { return nil }
        return (b.balance, b.equity())
    }

    // MARK: queries

    public func openOrders(instrument: InstrumentID?) -> [VenueOrder] {
        books.filter { instrument == nil || $0.key == instrument }.flatMap { id, book in
            book.openOrders.map { VenueOrder(request: $0.request, instrument: id, status: $0.filled.isZero ? .accepted : .partiallyFilled,
                                             filled: $0.filled) }
        }
    }

    public func order(_ id: ClientOrderID, instrument: InstrumentID) -> VenueOrder? {
        if let o = openOrders(instrument: instrument).first(where: { $0.request.id == id }) { return o }
        if let status = ended[id] {
            // Only the status matters to a reconciliation; the request is not kept.
            let r = OrderRequest(id: id, side: .buy, type: .market, quantity: .zero)
            return VenueOrder(request: r, instrument: instrument, status: status, filled: .zero)
        }
        // Paper fills an order whole: a finished one is known by its fill.
        guard let f = fillLog[instrument]?.last(where: { $0.orderID == id }) else { return nil }
        let r = OrderRequest(id: id, side: f.side, type: .market, quantity: f.quantity, reduceOnly: f.reduceOnly,
                             positionSide: f.positionSide)
        return VenueOrder(request: r, instrument: instrument, status: .filled, filled: f.quantity)
    }

    public func fills(instrument: InstrumentID, since: Int64) -> [Fill] {
        (fillLog[instrument] ?? []).filter { $0.ts >= since }
    }

    public func positions() -> [VenuePosition] {
        books.flatMap { id, book in
            PositionSide.allCases.compactMap { side in
                let q = book.legs[side].quantity
                return q.isZero ? nil : VenuePosition(instrument: id, side: side, quantity: q)
            }
        }
    }

    public func balances() -> [VenueBalance] {
        let w = wallet()
        var committed = Money.zero
        for b in books.values { committed += b.committed }
        return [VenueBalance(asset: "USDT", total: w.balance, available: w.balance - committed)]
    }

    public func rules(_ id: InstrumentID) -> Instrument? { instruments[id] }
}
