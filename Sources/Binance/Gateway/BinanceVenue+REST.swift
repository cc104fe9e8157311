import BinanceWire
import BotCore
import HTTPTransport
import Logging

/// Sending: every request waits for the IP's weight (the REST client) and, for a new order,
/// the account's order counts (here, cancels first); it is retried here only when Binance
/// certainly did not take it (a limit answer, a refused timestamp, no connection). Anything
/// else is the caller's to judge.
extension BinanceVenue {
    /// Waits until the account's order counts can take `request` (a new order counts one;
    /// other calls none). New orders also wait while a cancel does: cancels go first.
    func admitOrder(_ request: BinanceRequest) async -> BinanceLimitBook.Ticket {
        let isCancel = request.endpoint == .cancelOrder
        let orders = request.countsAsOrder ? 1 : 0
        if isCancel { cancelsWaiting += 1 }
        defer { if isCancel { cancelsWaiting -= 1 } }
        var waited = false
        while true {
            if orders > 0 && cancelsWaiting > 0 {
                waited = true
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            switch orderBook.admit(weight: 0, orders: orders, nowMs: rest.clock.nowMs) {
            case .go(let t):
                if waited { stats.orderLimitWaits += 1 }
                return t
            case .waitUntil(let ms):
                waited = true
                // Re-checked after at most 50 ms: the venue's clock may run at another pace.
                try? await Task.sleep(for: .milliseconds(max(1, min(ms - rest.clock.nowMs, 50))))
            }
        }
    }

    /// Sends `request` within the limits. Returns the answer and the timestamp it was signed
    /// with (the never-twice rule's clock starts there).
    func send(_ request: BinanceRequest) async throws -> (HTTPResponse, signedAtMs: Int64) {
        var attempt = 0
        while true {
            attempt += 1
            let ticket = await admitOrder(request)
            stats.requests += 1
            let answer: HTTPResponse, at: Int64
            do {
                (answer, at) = try await rest.send(request)
            } catch let e as HTTPError where e.neverSent && attempt < 4 {
                orderBook.answered(ticket, headers: nil, backoff: nil, nowMs: rest.clock.nowMs)
                try await Task.sleep(for: .milliseconds(200 * attempt))
                continue
            } catch {
                orderBook.answered(ticket, headers: nil, backoff: nil, nowMs: rest.clock.nowMs)
                throw error
            }
            orderBook.answered(ticket, headers: BinanceLimitHeaders(answer.headers), backoff: nil, nowMs: rest.clock.nowMs)
            // Not taken: sending again is safe (the IP's book holds the next send for a 429's
            // Retry-After or a 418's ban).
            if let kind = Self.refusal(answer), attempt < 8 {
                switch kind {
                case .rateLimited, .orderRateLimited:
                    stats.rateLimitedAnswers += 1
                    logger.warning("Binance answered a rate limit; waiting", metadata: ["path": "\(request.path)", "status": "\(answer.status)"])
                case .ipBanned:
                    stats.bans += 1
                    let until = await rest.limits.backoff?.untilMs ?? 0
                    logger.error("Binance banned this IP for a while; nothing is sent until the ban ends", metadata: [
                        "path": "\(request.path)", "until_ms": "\(until)"])
                case .busy:
                    try await Task.sleep(for: .milliseconds(250 * attempt))
                case .clockSkew:
                    stats.clockResyncs += 1
                    try await rest.syncClock()
                default:
                    break
                }
                continue
            }
            return (answer, at)
        }
    }

    /// The kind of an answer that means the request was not taken.
    static func refusal(_ r: HTTPResponse) -> BinanceErrorKind? {
        guard r.status >= 400, r.status < 500 else { return nil }
        let kind = BinanceResponse.error(status: r.status, body: r.body).kind
        return [.rateLimited, .orderRateLimited, .ipBanned, .busy, .clockSkew].contains(kind) ? kind : nil
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: BinanceRequest) async throws -> T {
        let (r, _) = try await send(request)
        return try BinanceResponse.decode(type, status: r.status, body: r.body)
    }

    /// Open orders of one symbol, or of every symbol a bot trades here (one call each: all
    /// symbols at once weighs 80).
    func venueOpenOrders(symbol: String?) async throws -> [BinanceOrder] {
        var out: [BinanceOrder] = []
        for s in symbol.map({ [$0] }) ?? tradedSymbols() {
            out += try await decode([BinanceOrder].self, BinanceRest.openOrders(symbol: s))
        }
        for o in out { if let id = o.runtimeOrderID { orderIDs[o.orderID] = id } }
        return out
    }

    func tradedSymbols() -> [String] { Set(configured.keys).union(rulesByID.keys).sorted() }

    /// An order by our id; nil when Binance has none (-2013). Stops kept here are not asked.
    func lookUp(_ id: ClientOrderID, symbol: String) async throws -> VenueOrder? {
        guard let o = try await venueOrder(.client(id.description), symbol: symbol) else { return nil }
        return try o.venueOrder(venue: settings.venue)
    }

    func venueOrder(_ ref: BinanceOrderRef, symbol: String) async throws -> BinanceOrder? {
        do {
            let o = try await decode(BinanceOrder.self, BinanceRest.order(symbol: symbol, ref))
            if let id = o.runtimeOrderID { orderIDs[o.orderID] = id }
            return o
        } catch let e as BinanceError where e.kind == .unknownOrder {
            return nil
        }
    }

    /// Our id for Binance's order `orderID`: known from an answer or an event, else asked
    /// (an order placed by an earlier process). Nil for an order that is not ours.
    func runtimeID(orderID: Int64, symbol: String) async throws -> ClientOrderID? {
        if let id = orderIDs[orderID] { return id }
        guard let o = try await venueOrder(.venue(orderID), symbol: symbol) else { return nil }
        guard let id = o.runtimeOrderID else {
            stats.foreignOrders += 1
            return nil
        }
        return id
    }

    /// The account's executions on `symbol` at or after `since` (venue ms), oldest first.
    /// Binance takes a time range of at most 24 hours, then pages by trade id: the first
    /// window holding a trade gives where to page from.
    func trades(symbol: String, since: Int64) async throws -> [BinanceAccountTrade] {
        let now = rest.clock.nowMs
        var start = max(0, since), out: [BinanceAccountTrade] = []
        while out.isEmpty && start <= now {
            let end = min(start + 86_400_000 - 1, now)
            out = try await decode([BinanceAccountTrade].self, BinanceRest.myTrades(symbol: symbol, startTime: start, endTime: end, limit: 1000))
            start = end + 1
        }
        var page = out
        while page.count == 1000, let last = page.last {
            page = try await decode([BinanceAccountTrade].self, BinanceRest.myTrades(symbol: symbol, fromID: last.tradeID + 1, limit: 1000))
            out += page
        }
        return out.filter { $0.timeMs >= since }
    }

    /// The rules of `symbols` from `exchangeInfo`, with the account's fees; a symbol Binance
    /// does not list is absent from the answer.
    @discardableResult
    func loadRules(_ symbols: [String]) async throws -> [String: Instrument] {
        guard !symbols.isEmpty else { return [:] }
        let info = try await decode(BinanceExchangeInfo.self, BinanceRest.exchangeInfo(symbols: symbols))
        await applyLimits(info.rateLimits)
        var out: [String: Instrument] = [:]
        for r in info.symbols {
            let base = configured[r.symbol]
            let inst = try r.instrument(venue: settings.venue, makerFee: fees?.maker ?? base?.makerFee ?? settings.makerFee,
                                        takerFee: fees?.taker ?? base?.takerFee ?? settings.takerFee)
            if let old = rulesByID[r.symbol], Self.rulesDiffer(old, inst) {
                logger.notice("Binance changed a symbol's rules; the next order uses them", metadata: [
                    "instrument": "\(r.symbol)", "tick": "\(old.tickSize) → \(inst.tickSize)", "lot": "\(old.lotSize) → \(inst.lotSize)",
                    "min_size": "\(old.minSize) → \(inst.minSize)", "min_notional": "\(old.minNotional) → \(inst.minNotional)"])
            }
            let was = symbolRules[r.symbol]?.isTrading
            if let was, was != r.isTrading {
                logger.warning(r.isTrading ? "symbol trades again on Binance" : "symbol no longer trades on Binance: its orders are refused",
                               metadata: ["instrument": "\(r.symbol)", "status": "\(r.status.rawValue)"])
            }
            if was != r.isTrading {
                sink?.instrument(InstrumentID(venue: settings.venue, symbol: r.symbol), suspended: !r.isTrading, account: account)
            }
            symbolRules[r.symbol] = r
            rulesByID[r.symbol] = inst
            out[r.symbol] = inst
        }
        return out
    }

    /// The published limits: weight for the IP, order counts for the account. A limit read
    /// again unchanged keeps its window's count.
    func applyLimits(_ limits: [BinanceRateLimit]) async {
        for l in limits {
            switch (l.type, l.windowSeconds) {
            case ("REQUEST_WEIGHT", 60): await rest.limits.setWeightPerMinute(l.limit)
            case ("ORDERS", 10) where l.limit != orderBook.ordersShort.limit:
                orderBook.setLimits(weightPerMinute: nil, ordersPer10s: l.limit, ordersPerDay: nil)
            case ("ORDERS", 86_400) where l.limit != orderBook.ordersDaily.limit:
                orderBook.setLimits(weightPerMinute: nil, ordersPer10s: nil, ordersPerDay: l.limit)
            default: break
            }
        }
    }

    static func rulesDiffer(_ a: Instrument, _ b: Instrument) -> Bool {
        a.tickSize != b.tickSize || a.lotSize != b.lotSize || a.minSize != b.minSize || a.minNotional != b.minNotional
    }
}
