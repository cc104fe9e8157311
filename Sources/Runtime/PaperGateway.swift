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
    private var orderBucket: TokenBucket
    private var cancelBucket: TokenBucket
    /// Cancels waiting for a token: new orders wait until these have gone.
    private var cancelsWaiting = 0
    public private(set) var rateLimitWaits = 0
    private let logger: Logger

    public init(account: String, config: PaperConfig, orderRate: (Double, Int), cancelRate: (Double, Int), logger: Logger) {
        self.account = account
        self.config = config
        orderBucket = TokenBucket(perSecond: orderRate.0, burst: orderRate.1)
        cancelBucket = TokenBucket(perSecond: cancelRate.0, burst: cancelRate.1)
        self.logger = logger
    }

    /// Routes this bot's fills and order updates to `mailbox`.
    public func register(bot: String, mailbox: Mailbox<BotEvent>) {
        owners[ClientOrderID.hash(bot)] = mailbox
    }

    public func unregister(bot: String) { owners[ClientOrderID.hash(bot)] = nil }

    func book(_ inst: Instrument) -> PaperExchange {
        books[inst.id] ?? PaperExchange(instrument: inst, config: config)
    }

    /// Rebuilds the venue side after a restart: positions from every recorded fill of the
    /// account, resting orders from the open orders of the bots' ledgers.
    public func restore(instrument: Instrument, fills: [FillRow], openOrders: [OrderRequest]) {
        var ex = book(instrument)
        for f in fills.compactMap({ $0.fill() }) { ex.restore(f) }
        var ignored: [OrderEvent] = []
        for r in openOrders where !ex.isOpen(r.id) { ex.submit(r, into: &ignored) }
        books[instrument.id] = ex
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
        var ex = book(instrument)
        var out: [OrderEvent] = []
        ex.submit(r, into: &out)
        books[instrument.id] = ex
        return out
    }

    public func cancel(_ id: ClientOrderID, instrument: Instrument) async -> [OrderEvent] {
        cancelsWaiting += 1
        await waitForToken(cancel: true)
        cancelsWaiting -= 1
        var ex = book(instrument)
        var out: [OrderEvent] = []
        ex.cancel(id, into: &out)
        books[instrument.id] = ex
        return out
    }

    /// Amends an open order's price and/or size (already rounded to tick and lot).
    public func amend(_ id: ClientOrderID, price: Price?, quantity: Quantity?, instrument: Instrument) async -> [OrderEvent] {
        while cancelsWaiting > 0 { try? await Task.sleep(for: .milliseconds(1)) }
        await waitForToken(cancel: false)
        var ex = book(instrument)
        var out: [OrderEvent] = []
        ex.amend(id, price: price, quantity: quantity, into: &out)
        books[instrument.id] = ex
        return out
    }

    /// Walks a closed base bar through the instrument's book and routes what happens.
    public func onBar(_ c: Candle, instrument: Instrument) {
        var ex = book(instrument)
        var out: [OrderEvent] = []
        if !ex.settleQuietBar(c) {
            ex.beginBar(c, into: &out)
            while ex.nextEvent(into: &out) {}
            ex.endBar(c)
            _ = ex.drainFunding()
        }
        books[instrument.id] = ex
        for e in out { route(e) }
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
