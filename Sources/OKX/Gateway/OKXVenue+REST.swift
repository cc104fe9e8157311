import BotCore
import Logging
import Foundation
import HTTPTransport
import OKXWire

/// Sending: every request waits for its window, is signed when it leaves, and is retried
/// here only when OKX certainly did not take it (a limit answer, a clock refusal, no
/// connection); anything else is the caller's to judge.
extension OKXVenue {
    /// Waits until `request` fits OKX's limits: its endpoint's (per instrument for trade
    /// calls) and, for new and amended orders, the account's. A place or amend also waits
    /// while a cancel does: cancels go first. Returns the ticket that holds its slots until
    /// `release`; nil for a request without a limit here (OKX's public ones are paced by the
    /// REST client, per IP). The windows run on our clock, not on our reckoning of OKX's: a
    /// window is a span of time, and the offset between the two is re-measured (every
    /// `clockSyncEvery`, after each expiry OKX refused), each time with up to half a round trip
    /// of error; a measurement ahead by more than the windows' guard would free every slot
    /// that much early, in the middle of a burst.
    func admit(_ request: OKXRequest, instId: String?) async -> Int? {
        guard request.isPrivate, let limit = OKXRateLimits.limit(method: request.method.rawValue, path: request.path) else { return nil }
        var keys = [(request.method.rawValue + request.path + (limit.perInstrument ? "|" + (instId ?? "") : ""), limit.requests)]
        let isCancel = request.endpoint == .cancelOrder
        let countsAsOrder = request.endpoint == .placeOrder || request.endpoint == .amendOrder
        if countsAsOrder { keys.append(("account-orders", OKXRateLimits.accountOrders)) }
        if isCancel { cancelsWaiting += 1 }
        defer { if isCancel { cancelsWaiting -= 1 } }
        var waited = false
        while true {
            if countsAsOrder && cancelsWaiting > 0 {
                waited = true
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            let (ticket, wait) = windows.admit(keys, nowMs: rest.clock.localMs)
            if let ticket {
                if waited { stats.limitWaits += 1 }
                return ticket
            }
            waited = true
            // Re-checked after at most 50 ms: the venue's clock may run at another pace than
            // ours (a test's fake), and other callers may have gone meanwhile.
            try? await Task.sleep(for: .milliseconds(min(wait, 50)))
        }
    }

    /// Sends `request` within the limits; `expiring` gives it an `expTime` of `expiryMs` ahead
    /// on the venue's clock, set when it leaves (a wait for a window must not eat it).
    /// Returns the answer and the expiry it carried.
    func send(_ request: OKXRequest, instId: String?, expiring: Bool = false) async throws -> (HTTPResponse, Int64?) {
        var attempt = 0
        while true {
            attempt += 1
            let ticket = await admit(request, instId: instId)
            let expiry = expiring && request.acceptsExpiry ? rest.clock.nowMs + settings.expiryMs : nil
            stats.requests += 1
            let answer: HTTPResponse
            do {
                defer { if let ticket { windows.release(ticket, nowMs: rest.clock.localMs) } }
                answer = try await rest.send(request, expiresAtMs: expiry)
            } catch let e as HTTPError where e.neverSent && attempt < 4 {
                try await Task.sleep(for: .milliseconds(200 * attempt))
                continue
            }
            // Not taken: a limit answer (our windows should prevent it: another client of the
            // account, or clocks apart) or a timestamp refused. Sending again is safe.
            if let kind = Self.refusal(answer), attempt < 6 {
                switch kind {
                case .rateLimited, .busy:
                    stats.rateLimitedAnswers += 1
                    logger.warning("OKX answered a rate limit; backing off", metadata: ["path": "\(request.path)"])
                    try await Task.sleep(for: .milliseconds(250 * attempt))
                case .clockSkew:
                    stats.clockResyncs += 1
                    try await rest.syncClock()
                default:
                    break
                }
                continue
            }
            return (answer, expiry)
        }
    }

    /// The kind of a refusal that means the request was not taken, from the envelope's code.
    static func refusal(_ r: HTTPResponse) -> OKXErrorKind? {
        if r.status == 429 { return .rateLimited }
        guard r.status < 500, let code = OKXEnvelopeCode.read(r.body), code != "0" else { return nil }
        // 50036: the expiry we set had already passed on the venue's clock: ours is behind.
        if code == "50036" { return .clockSkew }
        let kind = OKXErrorKind.classify(code: code, httpStatus: r.status)
        return [.rateLimited, .busy, .clockSkew].contains(kind) ? kind : nil
    }

    func data<Item: Decodable>(_ type: Item.Type, _ request: OKXRequest, instId: String?) async throws -> [Item] {
        let (r, _) = try await send(request, instId: instId)
        return try OKXResponse.data(type, status: r.status, body: r.body)
    }

    /// Open orders of the account (one instrument's when given), every page.
    func pendingOrders(instId: String?) async throws -> [OKXOrder] {
        var out: [OKXOrder] = [], after: String?
        repeat {
            let page = try await data(OKXOrder.self, OKXRest.pendingOrders(instType: instId == nil ? .swap : nil, instId: instId,
                                                                            after: after, limit: 100), instId: nil)
            out += page
            after = page.count == 100 ? page.last?.orderID : nil
        } while after != nil
        return out
    }

    func pendingStops(instId: String?) async throws -> [OKXAlgoOrder] {
        var out: [OKXAlgoOrder] = [], after: String?
        repeat {
            let page = try await data(OKXAlgoOrder.self, OKXRest.pendingStops(instType: instId == nil ? .swap : nil, instId: instId,
                                                                               after: after, limit: 100), instId: nil)
            out += page
            after = page.count == 100 ? page.last?.algoID : nil
        } while after != nil
        return out
    }

    /// Executions on `instId` at or after `since` (venue ms), oldest first, every page: from
    /// `trade/fills`, or from `fills-history` when `since` is older than the 3 days it keeps
    /// (a bot back after a long outage, asking about an order OKX no longer knows).
    func venueFills(instId: String?, since: Int64) async throws -> [OKXFill] {
        let old = since < rest.clock.nowMs - 3 * 86_400_000 + 3_600_000
        let type: OKXInstrumentType = (instId ?? "-SWAP").hasSuffix("-SWAP") ? .swap : .spot
        var out: [OKXFill] = [], after: String?
        while true {
            let request = old
                ? try OKXRest.fillsHistory(instType: type, instId: instId, after: after, begin: max(0, since - 1), limit: 100)
                : try OKXRest.fills(instType: instId == nil ? .swap : nil, instId: instId, after: after, begin: max(0, since - 1), limit: 100)
            let page = try await data(OKXFill.self, request, instId: nil)
            out += page.filter { ($0.fillMs ?? $0.ts) >= since }
            guard page.count == 100, let last = page.last, (last.fillMs ?? last.ts) >= since else { break }
            after = last.billID
        }
        return out.reversed()
    }

    /// An order by our id: a regular order, else a stop (with what the order it placed on
    /// triggering has done). Nil only when OKX knows neither.
    func lookUp(_ id: ClientOrderID, instId: String) async throws -> VenueOrder? {
        if !stopIDs.contains(id), let o = try await regularOrder(.client(id.description), instId: instId) {
            return try o.venueOrder(venue: settings.venue)
        }
        let stops: [OKXAlgoOrder]
        do { stops = try await data(OKXAlgoOrder.self, OKXRest.stop(algoClientOrderID: id.description), instId: nil) } catch let e as OKXError
            where e.kind == .orderNotFound {
            stops = []
        }
        guard let stop = stops.first else {
            // Asked as a stop first (we placed it as one): it may still be a regular order.
            if stopIDs.contains(id), let o = try await regularOrder(.client(id.description), instId: instId) {
                return try o.venueOrder(venue: settings.venue)
            }
            return nil
        }
        stopIDs.insert(id)
        var order = try stop.venueOrder(venue: settings.venue)
        if !stop.orderID.isEmpty {
            stopChildren[stop.orderID] = id
            if let child = try await regularOrder(.venue(stop.orderID), instId: stop.instId) {
                order.status = child.state.status
                order.filled = child.filledSize
            }
        }
        return order
    }

    /// An order by our id or OKX's; when `trade/order` no longer keeps it (cancelled unfilled,
    /// after 2 hours) the last 7 days of `orders-history` are searched.
    func regularOrder(_ ref: OKXOrderRef, instId: String) async throws -> OKXOrder? {
        do { return try await data(OKXOrder.self, OKXRest.order(instId: instId, ref), instId: instId).first } catch let e as OKXError
            where e.kind == .orderNotFound {
            return try await finishedOrder(ref, instId: instId)
        }
    }

    func finishedOrder(_ ref: OKXOrderRef, instId: String) async throws -> OKXOrder? {
        let type: OKXInstrumentType = instId.hasSuffix("-SWAP") ? .swap : .spot
        var after: String?
        for _ in 0..<Self.historyPages {
            let page = try await data(OKXOrder.self, OKXRest.ordersHistory(instType: type, instId: instId, after: after, limit: 100),
                                      instId: nil)
            if let o = page.first(where: { o in
                switch ref {
                case .client(let id): o.clientOrderID == id
                case .venue(let id): o.orderID == id
                }
            }) { return o }
            guard page.count == 100, let last = page.last?.orderID else { return nil }
            after = last
        }
        return nil
    }

    /// Pages of `orders-history` searched for one order (100 each): an instrument's last
    /// 1,000 finished orders.
    static let historyPages = 10

    /// OKX's rules for `instId`, with the account's fees; nil when OKX does not list it.
    func loadRules(_ instId: String, makerFee: Ratio, takerFee: Ratio) async throws -> Instrument? {
        let type: OKXInstrumentType = instId.hasSuffix("-SWAP") ? .swap : .spot
        guard let r = try await data(OKXInstrumentRules.self, OKXRest.instruments(type, instId: instId), instId: nil).first else {
            return nil
        }
        let changed = r.state == .suspend ? suspended.insert(instId).inserted : suspended.remove(instId) != nil
        if changed {
            sink?.instrument(InstrumentID(venue: settings.venue, symbol: instId), suspended: r.state == .suspend, account: account)
        }
        let base = configured[instId]
        let inst = try r.instrument(venue: settings.venue, makerFee: base?.makerFee ?? makerFee, takerFee: base?.takerFee ?? takerFee,
                                    maintenanceMarginRate: base?.maintenanceMarginRate ?? 0)
        if let old = rulesByID[instId], Self.rulesDiffer(old, inst) {
            logger.notice("OKX changed an instrument's rules; the next order uses them", metadata: [
                "instrument": "\(instId)", "tick": "\(old.tickSize) → \(inst.tickSize)", "lot": "\(old.lotSize) → \(inst.lotSize)",
                "min_size": "\(old.minSize) → \(inst.minSize)", "contract_value": "\(old.contractValue) → \(inst.contractValue)"])
        }
        rulesByID[instId] = inst
        return inst
    }

    static func rulesDiffer(_ a: Instrument, _ b: Instrument) -> Bool {
        a.tickSize != b.tickSize || a.lotSize != b.lotSize || a.minSize != b.minSize || a.contractValue != b.contractValue
    }
}

/// The envelope's `code`, to recognise a limit or clock refusal before the answer is handed on.
enum OKXEnvelopeCode {
    struct Head: Decodable {
        var code: String?
        enum CodingKeys: String, CodingKey { case code }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = (try? c.decode(String.self, forKey: .code)) ?? (try? c.decode(Int.self, forKey: .code)).map(String.init)
        }
    }

    static let success = Array(#"{"code":"0""#.utf8)

    /// OKX writes `code` first: a success is seen without decoding the whole answer twice.
    static func read(_ body: [UInt8]) -> String? {
        if body.starts(with: success) { return "0" }
        return (try? JSONDecoder().decode(Head.self, from: Data(body)))?.code
    }
}
