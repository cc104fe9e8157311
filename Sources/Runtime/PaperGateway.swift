import BotCore
import Logging
import PaperMatching
import Store

/// The only path to a venue for the bots of one account, here in front of the paper matching
/// engine: token-bucket rate limits per endpoint class shared by every bot on the account,
/// cancels ahead of new orders, and fills and order updates routed to the bot that owns the
/// client order id.
public actor PaperGateway {
    public let account: String
    private var books: [InstrumentID: PaperExchange] = [:]
    private let config: PaperConfig
    private var owners: [UInt64: Mailbox<BotEvent>] = [:]
    /// The bots trading each instrument, told of funding settlements.
    private var traders: [InstrumentID: [String: Mailbox<BotEvent>]] = [:]
    private var orderBucket: TokenBucket
    private var cancelBucket: TokenBucket
    /// Cancels waiting for a token: new orders wait until these have gone.
    private var cancelsWaiting = 0
    public private(set) var rateLimitWaits = 0
    private let logger: Logger
    private let prices: PriceBoard?
    /// End (ms) of the last base bar each book has settled.
    private var barEnds: [InstrumentID: Int64] = [:]

    public init(account: String, config: PaperConfig, orderRate: (Double, Int), cancelRate: (Double, Int),
                prices: PriceBoard? = nil, logger: Logger) {
        self.account = account
        self.prices = prices
        self.config = config
        orderBucket = TokenBucket(perSecond: orderRate.0, burst: orderRate.1)
        cancelBucket = TokenBucket(perSecond: cancelRate.0, burst: cancelRate.1)
        self.logger = logger
    }

    /// Routes this bot's fills, order updates and funding on `instrument` to `mailbox`.
    public func register(bot: String, instrument: InstrumentID, mailbox: Mailbox<BotEvent>) {
        owners[ClientOrderID.hash(bot)] = mailbox
        traders[instrument, default: [:]][bot] = mailbox
    }

    public func unregister(bot: String) {
        owners[ClientOrderID.hash(bot)] = nil
        for id in traders.keys { traders[id]?[bot] = nil }
    }

    /// Runs `body` on the instrument's book in place: copying it out and back would copy its
    /// order tables on every change.
    func withBook<R>(_ inst: Instrument, _ body: (inout PaperExchange) -> R) -> R {
        if books[inst.id] == nil { books[inst.id] = PaperExchange(instrument: inst, config: config) }
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
    public func restore(instrument: Instrument, fills: [FillRow], openOrders: [OrderRequest]) {
        withBook(instrument) { ex in
            for f in fills.compactMap({ $0.fill() }) { ex.restore(f) }
            var ignored: [OrderEvent] = []
            for r in openOrders where !ex.isOpen(r.id) { ex.submit(r, into: &ignored) }
        }
    }

    private func waitForToken(cancel: Bool) async {
        let now = monotonicSeconds()
        let wait = cancel ? cancelBucket.take(now: now) : orderBucket.take(now: now)
        if wait > 0 {
            rateLimitWaits += 1
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// Submits an order already checked by RiskGuard and recorded by its bot; returns what the
    /// venue answered at once (accepted or rejected, and any immediate fill).
    public func submit(_ r: OrderRequest, instrument: Instrument) async -> [OrderEvent] {
        // Cancels go first: a new order waits while any cancel is queued for a token.
        while cancelsWaiting > 0 { try? await Task.sleep(for: .milliseconds(1)) }
        await waitForToken(cancel: false)
        catchUp(instrument)
        shareWallet(with: instrument)
        var out: [OrderEvent] = []
        withBook(instrument) { $0.submit(r, into: &out) }
        return out
    }

    public func cancel(_ id: ClientOrderID, instrument: Instrument) async -> [OrderEvent] {
        cancelsWaiting += 1
        await waitForToken(cancel: true)
        cancelsWaiting -= 1
        var out: [OrderEvent] = []
        withBook(instrument) { $0.cancel(id, into: &out) }
        return out
    }

    /// Amends an open order's price and/or size (already rounded to tick and lot).
    public func amend(_ id: ClientOrderID, price: Price?, quantity: Quantity?, instrument: Instrument) async -> [OrderEvent] {
        while cancelsWaiting > 0 { try? await Task.sleep(for: .milliseconds(1)) }
        await waitForToken(cancel: false)
        catchUp(instrument)
        shareWallet(with: instrument)
        var out: [OrderEvent] = []
        withBook(instrument) { $0.amend(id, price: price, quantity: quantity, into: &out) }
        return out
    }

    /// The venue follows the hub: bars settle resting orders; the last bar of history sets
    /// the price until the first bar or trade.
    public func onMarket(_ u: MarketDataHub.MarketUpdate, instrument: Instrument) {
        switch u {
        case .bar(let c): onBar(c, instrument: instrument)
        case .history(let c):
            barEnds[instrument.id] = c.ts + 60_000
            mark(c.close, ts: c.ts + 60_000, instrument: instrument)
        }
    }

    func mark(_ price: Price, ts: Int64, instrument: Instrument) {
        withBook(instrument) { $0.mark(price, ts: ts) }
    }

    /// Walks a closed base bar through the instrument's book and routes what happens.
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
        for e in out { route(e) }
        // Each bot books its own share: the venue's position is the sum of theirs.
        if let funding {
            for m in (traders[instrument.id] ?? [:]).values { m.send(.funding(funding)) }
        }
    }

    func route(_ e: OrderEvent) {
        guard let mailbox = owners[e.orderID.botHash] else {
            logger.warning("order event for no running bot", metadata: ["client_order_id": "\(e.orderID)"])
            return
        }
        mailbox.send(.order(e))
    }

    public func balance(_ id: InstrumentID) -> (balance: Money, equity: Money)? {
        guard let b = books[id] else { return nil }
        return (b.balance, b.equity())
    }
}
