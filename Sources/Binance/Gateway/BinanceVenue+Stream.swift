import BinanceWire
import BotCore
import Logging

/// The user data stream: each executionReport turned into the order event it stands for and
/// handed to the owning bot. A fill may also come from a placement's answer or a
/// reconciliation: the bot's ledger applies it once, by trade id.
extension BinanceVenue {
    func received(_ frame: [UInt8]) async {
        let message: BinanceWSAPIMessage
        do { message = try BinanceWSAPIMessage.decode(frame) } catch {
            stats.malformedFrames += 1
            logger.warning("unreadable frame on Binance's WebSocket API", metadata: ["error": "\(error)"])
            return
        }
        switch message {
        case .response(let r):
            guard r.id == BinanceUserStream.subscribeID else { return }
            if let e = r.error {
                subscribeError = e
                if let b = r.backoff(nowMs: rest.clock.nowMs) { logger.warning("Binance limited the WebSocket API", metadata: ["backoff": "\(b)"]) }
                logger.error("Binance refused the user data subscription", metadata: ["code": "\(e.code.map(String.init) ?? "")",
                                                                                      "cause": "\(e.kind.rawValue)", "message": "\(e.message)"])
                return
            }
            subscribeError = nil
            if case .subscription(let n)? = r.result { subscription = n }
            // Orders may have changed while no stream was there to say: ask.
            await reconcile()
        case .event(let event, _):
            switch event {
            case .executionReport(let report): apply(report)
            case .serverShutdown:
                // The connection ends soon and nothing missed meanwhile is replayed: the
                // reconciliation after the next subscription covers the gap.
                logger.notice("Binance announced the WebSocket API connection's end")
                if streamLostAtMs == nil { streamLostAtMs = rest.clock.nowMs }
            case .streamTerminated:
                logger.warning("Binance ended the user data subscription; subscribing again")
                if streamLostAtMs == nil { streamLostAtMs = rest.clock.nowMs }
                stats.streamDrops += 1
                resubscribe()
            case .accountPosition, .balanceUpdate, .other:
                break
            }
        }
    }

    func streamDropped(reason: String) {
        stats.streamDrops += 1
        subscription = nil
        if streamLostAtMs == nil { streamLostAtMs = rest.clock.nowMs }
    }

    /// A subscription ended while the connection stays: a fresh connection subscribes again.
    func resubscribe() {
        subscription = nil
        startUserStream()
    }

    /// One executionReport: its fill first, then what its state says.
    func apply(_ report: BinanceExecutionReport) {
        guard let id = report.runtimeOrderID else {
            foreign("order \(report.orderID) (\(report.symbol))")
            return
        }
        let symbol = report.symbol
        orderIDs[report.orderID] = id
        guard let inst = instrument(symbol) else {
            logger.warning("an order update for a symbol no bot trades here", metadata: ["client_order_id": "\(id)", "symbol": "\(symbol)"])
            return
        }
        do {
            if let f = try report.fill(instrument: inst) {
                noteTrade(symbol: symbol, ms: f.ts, id: report.tradeID)
                deliver(.filled(f), symbol: symbol)
            }
        } catch {
            logger.error("a fill Binance pushed could not be read; the reconciliation hands it on",
                         metadata: ["client_order_id": "\(id)", "error": "\(error)"])
        }
        switch report.orderStatus {
        case .new, .pendingNew, .partiallyFilled:
            open[id] = symbol
            reportAccepted(id, symbol: symbol)
        case .filled, .canceled, .pendingCancel, .rejected, .expired, .expiredInMatch:
            end(id, symbol: symbol, status: report.orderStatus, reason: report.rejectReason)
        }
    }

    /// An acceptance is reported once: by the answer to the place call when it comes, else by
    /// the stream or a reconciliation (an order adopted after an unanswered call).
    func reportAccepted(_ id: ClientOrderID, symbol: String) {
        guard !placing.contains(id), accepted.insert(id).inserted else { return }
        deliver(.accepted(id), symbol: symbol)
    }

    /// An order over: said once, whichever of the answer, the stream or a reconciliation
    /// says it first. A fill says itself (its trade).
    func end(_ id: ClientOrderID, symbol: String, status: BinanceOrderStatus, reason: String = "") {
        open[id] = nil
        accepted.remove(id)
        let sizedInQuote = quoteSized.remove(id) != nil
        guard ended.insert(id) else { return }
        switch status {
        case .filled where sizedInQuote: deliver(.completed(id), symbol: symbol)
        case .canceled, .pendingCancel: deliver(.cancelled(id), symbol: symbol)
        case .expired, .expiredInMatch: deliver(.expired(id), symbol: symbol)
        case .rejected: deliver(.rejected(id, reason: reason.isEmpty || reason == "NONE" ? "refused by Binance" : reason), symbol: symbol)
        default: break
        }
    }

    func endIfFinished(_ o: BinanceOrder) {
        guard let id = o.runtimeOrderID, !o.status.status.isOpen else { return }
        // Known as sized in quote from the order itself, after a restart too.
        if (o.originalQuoteQuantity?.raw ?? 0) > 0 { quoteSized.insert(id) }
        end(id, symbol: o.symbol, status: o.status)
    }

    func noteTrade(symbol: String, ms: Int64, id: Int64) {
        if let last = lastTrade[symbol], last.id >= id { return }
        lastTrade[symbol] = (ms, id)
    }

    func foreign(_ what: String) {
        stats.foreignOrders += 1
        logger.notice("an order on the account that botd did not place; left alone", metadata: ["order": "\(what)"])
    }
}

/// Ids of orders that are over, so each end is reported once; the oldest are forgotten past
/// `capacity` (an order is not reported on for ever).
struct EndedOrders: Sendable {
    private var set: Set<ClientOrderID> = []
    private var order: [ClientOrderID] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// True the first time `id` ends.
    mutating func insert(_ id: ClientOrderID) -> Bool {
        guard set.insert(id).inserted else { return false }
        order.append(id)
        if order.count - head > capacity {
            set.remove(order[head])
            head += 1
            if head > capacity {
                order.removeFirst(head)
                head = 0
            }
        }
        return true
    }
}
