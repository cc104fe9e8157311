import BotCore
import Logging
import HTTPTransport
import OKXWire

/// Placing, cancelling and amending, never twice.
///
/// OKX refuses a duplicate client id only while the first order is open: a market order that
/// filled at once would be taken again. So an unanswered place is never simply sent again.
/// It carried `expTime`; once that has passed on the venue's clock OKX can no longer take it,
/// and only then is it asked about by client id. Found: it happened. Not found: it never will,
/// and it is sent again with the same client id (a fresh timestamp and expiry). Stops carry no
/// expiry, but OKX refuses a second live stop with the same id (51065), and a stop cannot fill
/// while live, so the same rule holds for them.
extension OKXVenue {
    public func call(_ call: VenueCall, instrument: Instrument) async -> VenueAck {
        let instId = instrument.id.symbol
        if configured[instId] == nil { configured[instId] = instrument }
        if suspended.contains(instId) {
            return .rejected(code: "51022", message: "\(instId) is suspended on OKX; orders wait until it trades again")
        }
        let inst = self.instrument(instId) ?? instrument
        switch call {
        case .submit(let r): return await place(r.fitted(to: inst), inst)
        case .cancel(let id): return await cancel(id, instId: instId)
        case .amend(let id, let price, let quantity):
            guard !stopIDs.contains(id) else {
                return .rejected(code: "", message: "OKX stops cannot be amended here: cancel the stop and place a new one")
            }
            return await amend(id, instId: instId, price: price.map { $0.rounded(toMultipleOf: inst.tickSize, .halfEven) },
                               quantity: quantity.map { $0.rounded(toMultipleOf: inst.lotSize, .towardZero) })
        }
    }

    func place(_ r: OrderRequest, _ inst: Instrument) async -> VenueAck {
        let instId = inst.id.symbol
        let isStop = r.type.triggerPrice != nil
        let request: OKXRequest
        do {
            request = isStop ? try OKXRest.placeStop(OKXStopParams(r, instrument: inst, tdMode: tradeMode(inst)))
                : try OKXRest.placeOrder(OKXOrderParams(r, instrument: inst, tdMode: tradeMode(inst)))
        } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        if isStop { stopIDs.insert(r.id) }
        placing.insert(r.id)
        defer { placing.remove(r.id) }
        let ack = await send(r, request, instId: instId)
        if ack == .accepted { accepted.insert(r.id) }
        return ack
    }

    func send(_ r: OrderRequest, _ request: OKXRequest, instId: String) async -> VenueAck {
        for attempt in 1...max(1, settings.maxSends) {
            if attempt > 1 {
                stats.resends += 1
                logger.notice("sending again an order OKX never took", metadata: ["client_order_id": "\(r.id)", "attempt": "\(attempt)"])
            }
            let expiry: Int64?
            do {
                let (answer, exp) = try await send(request, instId: instId, expiring: true)
                expiry = exp
                do {
                    _ = try OKXResponse.ack(status: answer.status, body: answer.body)
                    open[r.id] = instId
                    return .accepted
                } catch {
                    switch error.kind {
                    case .unknownOutcome: break
                    case .duplicateClientOrderID:
                        // An earlier send of this very order was taken and is still open.
                        open[r.id] = instId
                        return .accepted
                    default:
                        return .rejected(code: error.code, message: error.message)
                    }
                }
            } catch let e as HTTPError where !e.neverSent {
                expiry = request.acceptsExpiry ? rest.clock.nowMs + settings.expiryMs : nil
            } catch {
                return .rejected(code: "", message: "not sent: \(error)")
            }
            // Unanswered: what became of it is known only after its expiry.
            stats.unknownOutcomes += 1
            switch await settle(r.id, instId: instId, expiry: expiry) {
            case .found(let o):
                if o.status.isOpen { open[r.id] = instId }
                return .accepted
            case .absent:
                continue
            case .undecided:
                return .unknown
            }
        }
        return .unknown
    }

    enum Settled {
        case found(VenueOrder)
        /// OKX does not have it and can no longer take the send that went unanswered.
        case absent
        /// OKX could not be asked: reconciliation decides later.
        case undecided
    }

    /// Waits until `expiry` (venue ms; for a stop, `expiryMs` from now) plus `settleMs` has
    /// passed on the venue's clock, then asks for the order by client id.
    func settle(_ id: ClientOrderID, instId: String, expiry: Int64?) async -> Settled {
        let until = (expiry ?? rest.clock.nowMs + settings.expiryMs) + settings.settleMs
        while rest.clock.nowMs < until {
            try? await Task.sleep(for: .milliseconds(min(max(1, until - rest.clock.nowMs), 50)))
        }
        for attempt in 1...3 {
            do {
                guard let o = try await lookUp(id, instId: instId) else { return .absent }
                return .found(o)
            } catch {
                logger.warning("asking OKX about an unanswered order failed", metadata: [
                    "client_order_id": "\(id)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(300 * attempt))
            }
        }
        return .undecided
    }

    /// A cancel can be sent again safely: OKX answers 51400 for an order already gone.
    func cancel(_ id: ClientOrderID, instId: String) async -> VenueAck {
        let isStop = stopIDs.contains(id)
        let request: OKXRequest
        do {
            request = isStop ? try OKXRest.cancelStops([(instId, id.description)]) : try OKXRest.cancelOrder(instId: instId, .client(id.description))
        } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        for attempt in 1...3 {
            do {
                let (answer, _) = try await send(request, instId: instId)
                _ = try OKXResponse.ack(status: answer.status, body: answer.body)
                return .accepted
            } catch let e as OKXError where e.kind == .unknownOutcome && attempt < 3 {
                continue
            } catch let e as OKXError where e.kind == .orderNotFound && !isStop {
                // Maybe a stop after all (placed before this process started).
                return await cancelAsStop(id, instId: instId) ?? .rejected(code: e.code, message: e.message)
            } catch let e as OKXError {
                return .rejected(code: e.code, message: e.message)
            } catch let e as HTTPError where attempt < 3 {
                logger.warning("cancel unanswered; sending it again", metadata: ["client_order_id": "\(id)", "error": "\(e)"])
                continue
            } catch {
                return .unknown
            }
        }
        return .unknown
    }

    func cancelAsStop(_ id: ClientOrderID, instId: String) async -> VenueAck? {
        guard let request = try? OKXRest.cancelStops([(instId, id.description)]),
              let (answer, _) = try? await send(request, instId: instId),
              (try? OKXResponse.ack(status: answer.status, body: answer.body)) != nil else { return nil }
        stopIDs.insert(id)
        return .accepted
    }

    /// An amendment carries an expiry too; unanswered, it is left to reconciliation (sending it
    /// again is harmless, but its outcome is the order's state, which a query tells).
    func amend(_ id: ClientOrderID, instId: String, price: Price?, quantity: Quantity?) async -> VenueAck {
        let request: OKXRequest
        do { request = try OKXRest.amendOrder(instId: instId, .client(id.description), newPrice: price, newSize: quantity) } catch {
            return .rejected(code: "", message: "not sent: \(error)")
        }
        do {
            let (answer, _) = try await send(request, instId: instId, expiring: true)
            _ = try OKXResponse.ack(status: answer.status, body: answer.body)
            return .accepted
        } catch let e as OKXError where e.kind != .unknownOutcome {
            return .rejected(code: e.code, message: e.message)
        } catch {
            stats.unknownOutcomes += 1
            return .unknown
        }
    }

    func tradeMode(_ inst: Instrument) -> OKXTradeMode {
        inst.kind == .spot ? .cash : (settings.marginMode == .isolated ? .isolated : .cross)
    }
}
