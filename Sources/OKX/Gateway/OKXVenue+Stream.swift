import BotCore
import Logging
import OKXWire
import VenueSocket

/// The private stream: order updates, fills, stops and positions as OKX pushes them, each
/// turned into the order event it stands for and handed to the owning bot. A fill may also
/// come from a reconciliation or a REST answer: the bot's ledger applies it once, by trade id.
extension OKXVenue {
    func received(_ frame: [UInt8], from stream: OKXPrivateStream, on socket: SocketWriter) async {
        let message: OKXWSMessage
        do { message = try OKXWSMessage.decode(frame) } catch {
            stats.malformedFrames += 1
            logger.warning("unreadable frame on OKX's private stream", metadata: ["endpoint": "\(stream.endpoint.rawValue)",
                                                                                  "error": "\(error)"])
            return
        }
        switch message {
        case .loggedIn:
            loginError = nil
            do { try await socket.send(OKXWSRequest.subscribe(stream.channels)) } catch {
                logger.warning("subscribing to OKX's private channels failed", metadata: ["error": "\(error)"])
            }
        case .subscribed(let arg, _):
            // Orders may have changed while no stream was there to say: ask. Either stream may
            // have been the one away: a stop's trigger or cancel comes only on /business, which
            // can reconnect alone.
            if arg.channel == "orders" { await reconcile() }
            if arg.channel == "orders-algo" {
                await reconcile(counted: false)
                stats.algoSubscriptions += 1
            }
        case .error(let e, _):
            if [.badAPIKey, .badPassphrase, .badSignature, .loginFailed, .clockSkew, .environmentMismatch].contains(e.kind) {
                loginError = e
                logger.error("OKX refused the private stream's login", metadata: ["code": "\(e.code)", "cause": "\(e.kind)"])
            } else {
                logger.warning("OKX private stream error", metadata: ["code": "\(e.code)", "message": "\(e.message)"])
            }
        case .notice(let code, let text):
            logger.notice("OKX notice on the private stream", metadata: ["code": "\(code)", "message": "\(text)"])
        case .orders(let orders):
            for o in orders { apply(o) }
        case .algoOrders(let stops):
            for a in stops { apply(a) }
        case .positions(let list):
            for p in list { positionsSeen["\(p.instId)|\(p.positionSide.rawValue)"] = p.venuePosition(venue: settings.venue) }
        case .pong, .unsubscribed, .connectionCount, .market, .other:
            break
        }
    }

    func streamDropped(_ endpoint: OKXWebSocketEndpoint, reason: String) {
        stats.streamDrops += 1
        if streamLostAtMs == nil { streamLostAtMs = rest.clock.nowMs }
    }

    /// One `orders` push: its fill first, then what its state says.
    func apply(_ o: OKXOrder) {
        if o.liquidationKind != nil { return liquidated(o) }
        guard let id = o.runtimeOrderID else {
            foreign("order \(o.orderID) (\(o.instId))")
            return
        }
        let instId = o.instId
        if o.clientOrderID.isEmpty && !o.algoClientOrderID.isEmpty { stopChildren[o.orderID] = id }
        if let inst = instrument(instId) {
            do {
                if let f = try o.fill(instrument: inst) {
                    lastFillMs = max(lastFillMs, f.ts)
                    deliver(.filled(f), instId: instId)
                }
            } catch {
                logger.error("a fill OKX pushed could not be read", metadata: ["client_order_id": "\(id)", "error": "\(error)"])
            }
        }
        switch o.state {
        case .live:
            open[id] = instId
            reportAccepted(id, instId: instId)
        case .partiallyFilled:
            open[id] = instId
            reportAccepted(id, instId: instId)
            cancelDust(o, id: id)
        case .filled:
            finished(id)
        case .canceled, .mmpCanceled:
            finished(id)
            deliver(.cancelled(id), instId: instId)
        }
    }

    /// One `orders-algo` push: a stop waiting, triggered (its order then reports on `orders`),
    /// cancelled, or failed when it fired.
    func apply(_ a: OKXAlgoOrder) {
        guard let id = a.runtimeOrderID else {
            foreign("stop \(a.algoID) (\(a.instId))")
            return
        }
        stopIDs.insert(id)
        switch a.state {
        case .live, .pause:
            open[id] = a.instId
            reportAccepted(id, instId: a.instId)
        case .effective, .partiallyEffective:
            if !a.orderID.isEmpty { stopChildren[a.orderID] = id }
            if triggered.insert(id).inserted { deliver(.triggered(id), instId: a.instId) }
        case .canceled:
            finished(id)
            deliver(.cancelled(id), instId: a.instId)
        case .orderFailed, .partiallyFailed:
            finished(id)
            deliver(.rejected(id, reason: "the stop triggered but OKX refused its order (\(a.failCode))"), instId: a.instId)
        }
    }

    /// An acceptance is reported once: by the answer to the place call when it comes, else by
    /// the stream or a reconciliation (an order adopted after an unanswered call).
    func reportAccepted(_ id: ClientOrderID, instId: String) {
        guard !placing.contains(id), accepted.insert(id).inserted else { return }
        deliver(.accepted(id), instId: instId)
    }

    func finished(_ id: ClientOrderID) {
        open[id] = nil
        accepted.remove(id)
        triggered.remove(id)
    }

    /// A partial fill that leaves less than the minimum size working can never complete:
    /// the remainder is cancelled, and the cancellation tells the bot.
    func cancelDust(_ o: OKXOrder, id: ClientOrderID) {
        guard let inst = instrument(o.instId), o.filledSize.raw > 0 else { return }
        let rest = o.size - o.filledSize
        guard rest.raw > 0, rest < inst.minSize, dustCancelled.insert(id).inserted else { return }
        stats.dustCancels += 1
        logger.notice("cancelling a remainder below the minimum size", metadata: [
            "client_order_id": "\(id)", "remainder": "\(rest)", "min_size": "\(inst.minSize)"])
        let instId = o.instId
        Task { _ = await self.cancel(id, instId: instId) }
    }

    func foreign(_ what: String) {
        stats.foreignOrders += 1
        logger.notice("an order on the account that botd did not place; left alone", metadata: ["order": "\(what)"])
    }
}
