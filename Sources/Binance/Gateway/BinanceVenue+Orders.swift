import BinanceWire
import BotCore
import HTTPTransport
import Logging

/// Placing and cancelling, never twice.
///
/// Binance refuses a duplicate client id only while the first order is open (-2010 "Duplicate
/// order sent."): a market order that filled at once would be taken again. So an unanswered
/// place is never simply sent again. It carried a timestamp and `recvWindow`, which Binance
/// checks on receipt and again before the matching engine: once that deadline has passed on
/// the venue's clock Binance can no longer take it, and only then is it asked about by client
/// id. Found: it happened. Not found (-2013): it never will, and it is sent again with the same
/// client id and a fresh timestamp.
extension BinanceVenue {
    public func call(_ call: VenueCall, instrument: Instrument) async -> VenueAck {
        let symbol = instrument.id.symbol
        if configured[symbol] == nil { configured[symbol] = instrument }
        let inst = self.instrument(symbol) ?? instrument
        switch call {
        case .submit(let r):
            if let rules = symbolRules[symbol], !rules.isTrading {
                return .rejected(code: "-2010", message: "\(symbol) is \(rules.status.rawValue) on Binance; orders wait until it trades again")
            }
            return await place(r.fitted(to: inst), inst)
        case .cancel(let id):
            return await cancel(id, symbol: symbol)
        case .amend:
            return .rejected(code: "", message: "Binance spot orders are not amended here: cancel the order and place a new one")
        }
    }

    /// How Binance takes the order: as it is, a stop the symbol's order types allow, or
    /// nil for a stop botd must keep itself.
    func orderParams(_ r: OrderRequest, _ inst: Instrument) throws(BinanceRequestError) -> BinanceOrderParams? {
        var params = try BinanceOrderParams(r, instrument: inst)
        guard let rules = symbolRules[inst.id.symbol] else { return params }
        switch params.kind {
        case .stopLoss(let trigger, let quantity):
            if rules.allows(params.kind) { return params }
            let limit = Self.stopLimitPrice(trigger: trigger, side: r.side, slippage: settings.stopLimitSlippage, tick: inst.tickSize)
            params.kind = .stopLossLimit(stopPrice: trigger, price: limit, quantity: quantity, timeInForce: .gtc)
            return rules.allows(params.kind) ? params : nil
        case .stopLossLimit:
            return rules.allows(params.kind) ? params : nil
        case .marketQuote:
            guard rules.allows(params.kind) else {
                throw BinanceRequestError(field: "quoteOrderQty", reason: "\(inst.id.symbol) takes no MARKET order sized in quote "
                    + "(quoteOrderQtyMarketAllowed is false): size it in \(rules.baseAsset)")
            }
            return params
        default:
            return params
        }
    }

    /// A stop-market's limit when sent as STOP_LOSS_LIMIT: `slippage` beyond the trigger, on
    /// the side that lets it fill (below for a sell, above for a buy), on the tick.
    static func stopLimitPrice(trigger: Price, side: Side, slippage: Ratio, tick: Price) -> Price {
        let off: Price = trigger.scaled(by: slippage, .up)
        let p = side == .sell ? trigger - off : trigger + off
        let fitted = p.rounded(toMultipleOf: tick, side == .sell ? .down : .up)
        return fitted.raw > 0 ? fitted : tick
    }

    func place(_ r: OrderRequest, _ inst: Instrument) async -> VenueAck {
        let symbol = inst.id.symbol
        let params: BinanceOrderParams?
        do { params = try orderParams(r, inst) } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        guard let params else { return keep(r, symbol: symbol) }
        let request: BinanceRequest
        do { request = try BinanceRest.placeOrder(params) } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        placing.insert(r.id)
        defer { placing.remove(r.id) }
        if r.quoteQuantity != nil { quoteSized.insert(r.id) }
        let ack = await send(r, request, inst)
        switch ack {
        case .accepted: accepted.insert(r.id)
        // Refused outright: no stream or reconciliation will end it, so nothing else forgets it.
        case .rejected: quoteSized.remove(r.id)
        default: break
        }
        return ack
    }

    func send(_ r: OrderRequest, _ request: BinanceRequest, _ inst: Instrument) async -> VenueAck {
        let symbol = inst.id.symbol
        for attempt in 1...max(1, settings.maxSends) {
            if attempt > 1 {
                stats.resends += 1
                logger.notice("sending again an order Binance never took", metadata: ["client_order_id": "\(r.id)", "attempt": "\(attempt)"])
            }
            let deadline: Int64
            do {
                let (answer, at) = try await send(request)
                deadline = at + Int64(rest.recvWindowMs)
                do {
                    let placed = try BinanceResponse.decode(BinanceNewOrderAnswer.self, status: answer.status, body: answer.body)
                    took(placed, r, inst)
                    return .accepted
                } catch {
                    switch error.kind {
                    case .unknownOutcome: break
                    case .duplicateClientOrderID:
                        // An earlier send of this very order was taken and is still open.
                        open[r.id] = symbol
                        return .accepted
                    default:
                        return error.venueAck
                    }
                }
            } catch let e as HTTPError where !e.neverSent {
                // Signed at the latest now: its deadline is at the latest now plus the window.
                deadline = rest.clock.nowMs + Int64(rest.recvWindowMs)
                logger.warning("an order went unanswered", metadata: ["client_order_id": "\(r.id)", "error": "\(e)"])
            } catch {
                return .rejected(code: "", message: "not sent: \(error)")
            }
            stats.unknownOutcomes += 1
            switch await settle(r.id, symbol: symbol, deadline: deadline) {
            case .found(let o):
                if o.status.status.isOpen { open[r.id] = symbol }
                if o.executedQuantity.raw > 0 { try? await handOnFills(symbol: symbol, since: o.timeMs ?? deadline - 60_000, only: r.id) }
                endIfFinished(o)
                return .accepted
            case .absent:
                continue
            case .undecided:
                return .unknown
            }
        }
        return .unknown
    }

    /// A placement Binance answered: the order's ids noted, the fills it made as it arrived
    /// handed on, and an order already over (filled, or a market order's unfilled rest
    /// expired) reported.
    func took(_ placed: BinanceNewOrderAnswer, _ r: OrderRequest, _ inst: Instrument) {
        let symbol = inst.id.symbol
        orderIDs[placed.orderID] = r.id
        open[r.id] = symbol
        guard case .result(let o) = placed else { return }
        do {
            for f in try o.runtimeFills(instrument: inst) {
                noteTrade(symbol: symbol, ms: f.ts, id: f.tradeID.flatMap { Int64($0) } ?? 0)
                deliver(.filled(f), symbol: symbol)
            }
        } catch {
            logger.error("the fills of a placement could not be read; the reconciliation hands them on",
                         metadata: ["client_order_id": "\(r.id)", "error": "\(error)"])
        }
        endIfFinished(o)
    }

    enum Settled {
        case found(BinanceOrder)
        /// Binance does not have it and can no longer take the send that went unanswered.
        case absent
        /// Binance could not be asked: reconciliation decides later.
        case undecided
    }

    /// Waits until `deadline` plus `settleMs` has passed on the venue's clock, then asks for
    /// the order by client id.
    func settle(_ id: ClientOrderID, symbol: String, deadline: Int64) async -> Settled {
        let until = deadline + settings.settleMs
        while rest.clock.nowMs < until {
            try? await Task.sleep(for: .milliseconds(min(max(1, until - rest.clock.nowMs), 50)))
        }
        for attempt in 1...3 {
            do {
                guard let o = try await venueOrder(.client(id.description), symbol: symbol) else { return .absent }
                return .found(o)
            } catch {
                logger.warning("asking Binance about an unanswered order failed", metadata: [
                    "client_order_id": "\(id)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(300 * attempt))
            }
        }
        return .undecided
    }

    /// A cancel can be sent again safely: Binance answers -2011 "Unknown order sent." for an
    /// order already gone, which the order's own state then explains.
    func cancel(_ id: ClientOrderID, symbol: String) async -> VenueAck {
        if keptStops.removeValue(forKey: id) != nil {
            deliver(.cancelled(id), symbol: symbol)
            return .accepted
        }
        let request: BinanceRequest
        do { request = try BinanceRest.cancelOrder(symbol: symbol, BinanceOrderRef(id)) } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        for attempt in 1...3 {
            do {
                let (answer, _) = try await send(request)
                let o = try BinanceResponse.decode(BinanceOrder.self, status: answer.status, body: answer.body)
                endIfFinished(o)
                return .accepted
            } catch let e as BinanceError where e.kind == .unknownOutcome && attempt < 3 {
                continue
            } catch let e as BinanceError {
                return e.venueAck
            } catch let e as HTTPError where attempt < 3 {
                logger.warning("cancel unanswered; sending it again", metadata: ["client_order_id": "\(id)", "error": "\(e)"])
                continue
            } catch {
                return .unknown
            }
        }
        return .unknown
    }
}
