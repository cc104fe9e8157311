import BotCore

extension Venue {
    static let tradeRoutes: [Route] = {
        var place = Route.post("/api/v5/trade/order", limit: 60, .userAndInstrument) { v, c in v.placeOrder(&c) }
        place.accountOrderLimit = true
        place.honoursExpTime = true
        place.isOrderCall = true
        var amend = Route.post("/api/v5/trade/amend-order", limit: 60, .userAndInstrument) { v, c in v.amendOrder(&c) }
        amend.accountOrderLimit = true
        amend.honoursExpTime = true
        amend.isOrderCall = true
        var cancel = Route.post("/api/v5/trade/cancel-order", limit: 60, .userAndInstrument) { v, c in v.cancelOrder(&c) }
        cancel.isOrderCall = true
        return [
            place, amend, cancel,
            .get("/api/v5/trade/order", signed: true, limit: 60, .userAndInstrument) { v, c in v.getOrder(c) },
            .get("/api/v5/trade/orders-pending", signed: true, limit: 60, .user) { v, c in v.ordersPending(c) },
            .get("/api/v5/trade/orders-history", signed: true, limit: 40, .user) { v, c in v.ordersHistory(c) },
            .get("/api/v5/trade/fills", signed: true, limit: 60, .user) { v, c in v.tradeFills(c, history: false) },
            .get("/api/v5/trade/fills-history", signed: true, limit: 10, .user) { v, c in v.tradeFills(c, history: true) },
        ] + algoRoutes
    }()

    /// `^[A-Za-z0-9]{1,32}$`: OKX refuses `-` and `_` in client ids.
    static func isValidClientId(_ s: String, max: Int = 32) -> Bool {
        !s.isEmpty && s.utf8.count <= max && s.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// A trade call's answer: each item's result in `sCode`; top-level "1" when all failed.
    func itemsResponse(_ items: [JSON], failed: Bool, _ c: RESTCall) -> RESTResponse {
        let extra: [(String, JSON)] = [("inTime", JSON(c.inTimeUs)), ("outTime", JSON(now * 1000))]
        if failed {
            return RESTResponse(status: 200, body: JSON.object([("code", "1"), ("msg", "All operations failed"),
                                                                ("data", .array(items))] + extra).text)
        }
        return .ok(items, extra: extra)
    }

    // MARK: Place

    func placeOrder(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let body = c.body, case .object = body else { return .error(.badJSON) }
        for field in ["instId", "tdMode", "side", "ordType", "sz"] where (body[field]?.string ?? "").isEmpty {
            return .error(.empty(field))
        }
        let clOrdId = body.s("clOrdId"), tag = body.s("tag")
        func item(ordId: String, _ e: OKXError?, ok msg: String = "Order placed") -> JSON {
            .object([("clOrdId", .string(clOrdId)), ("ordId", .string(ordId)), ("tag", .string(tag)), ("ts", JSON(now)),
                     ("sCode", .string(e?.code ?? "0")), ("sMsg", .string(e?.msg ?? msg)), ("subCode", "")])
        }
        switch validateOrder(body, book: book) {
        case .failure(let e):
            return itemsResponse([item(ordId: "", e)], failed: true, c)
        case .success(let o):
            book.orders[o.ordId] = o
            book.orderIds.append(o.ordId)
            execute(o, book: book)
            return itemsResponse([item(ordId: o.ordId, nil)], failed: false, c)
        }
    }

    /// OKX's checks of a new order, each failure with the code OKX gives it.
    func validateOrder(_ b: JSON, book: AccountBook) -> Result<FakeOrder, OKXError> {
        let instId = b.s("instId"), clOrdId = b.s("clOrdId"), tag = b.s("tag")
        guard let side = Side(rawValue: b.s("side")) else { return .failure(.param("side")) }
        guard let ordType = FakeOrder.OrdType(rawValue: b.s("ordType")) else { return .failure(.param("ordType")) }
        let tdMode = b.s("tdMode")
        guard tdMode == "cross" || tdMode == "isolated" else { return .failure(.param("tdMode")) }
        if !clOrdId.isEmpty, !Self.isValidClientId(clOrdId) { return .failure(.param("clOrdId")) }
        if !tag.isEmpty, !Self.isValidClientId(tag, max: 16) { return .failure(.param("tag")) }
        guard let inst = instruments[instId] else { return .failure(.noInstrument) }
        switch inst.state {
        case .live: break
        case .suspend: return .failure(.suspended)
        case .preopen, .test: return .failure(OKXError(code: "51021", msg: "The pair or contract is not yet listed"))
        }
        var px: Price?
        if ordType != .market {
            guard let text = b["px"]?.string, !text.isEmpty else { return .failure(.limitPriceEmpty) }
            guard let p = Price(text), p.raw > 0, p.isMultiple(of: inst.tickSz) else { return .failure(.param("px")) }
            px = p
        }
        guard let sz = Quantity(b.s("sz")), sz.raw > 0 else { return .failure(.param("sz")) }
        guard sz.isMultiple(of: inst.lotSz) else { return .failure(.lotSize) }
        guard sz >= inst.minSz else { return .failure(.belowMinimum) }

        let hedge = book.positionMode == .longShort
        var posSide = b.s("posSide")
        if hedge {
            guard posSide == "long" || posSide == "short" else { return .failure(.param("posSide")) }
        } else {
            guard posSide.isEmpty || posSide == "net" else { return .failure(.param("posSide")) }
            posSide = "net"
        }
        if book.openOrder(clOrdId: clOrdId) != nil { return .failure(.duplicateClOrdId) }
        if ordType == .market, last(instId) == nil { return .failure(OKXError(code: "51109", msg: "No available offers.")) }

        let reduceOnly = !hedge && (b["reduceOnly"]?.bool ?? false)
        let closing = hedge ? (posSide == "long") != (side == .buy) : reduceOnly
        if closing {
            let p = book.position(instId, posSide)
            guard let p, !p.size.isZero else { return .failure(.noPositionToReduce) }
            if !hedge, p.pos.signum == Int(side.sign) { return .failure(.reduceOnlySameDirection) }
            if sz > p.size { return .failure(.closeExceedsPosition) }
        } else {
            let refPx = px ?? last(instId)!
            let needed: Money = inst.notional(px: refPx, sz: sz).divided(by: Ratio(book.lever(instId)), .up)
            if needed > availableMargin(book) { return .failure(.insufficient) }
        }
        return .success(FakeOrder(ordId: makeId(), clOrdId: clOrdId, tag: tag, instId: instId, tdMode: tdMode, side: side,
                                  posSide: posSide, ordType: ordType, px: px, sz: sz, reduceOnly: reduceOnly,
                                  lever: book.lever(instId), now: now))
    }

    /// Equity less the margin positions and open orders already hold.
    func availableMargin(_ book: AccountBook) -> Money {
        let figures = book.positionFigures(instruments, last: last)
        return book.cash + figures.upl - figures.imr - book.orderMargin(instruments, last: last)
    }

    // MARK: Cancel and amend

    func cancelOrder(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let b = c.body, case .object = b else { return .error(.badJSON) }
        guard !b.s("instId").isEmpty else { return .error(.empty("instId")) }
        let ordId = b.s("ordId"), clOrdId = b.s("clOrdId")
        func item(_ o: FakeOrder?, _ e: OKXError?) -> JSON {
            .object([("clOrdId", .string(o?.clOrdId ?? clOrdId)), ("ordId", .string(o?.ordId ?? ordId)), ("ts", JSON(now)),
                     ("sCode", .string(e?.code ?? "0")), ("sMsg", .string(e?.msg ?? ""))])
        }
        guard !ordId.isEmpty || !clOrdId.isEmpty else { return itemsResponse([item(nil, .idRequired)], failed: true, c) }
        guard let o = book.find(ordId: ordId, clOrdId: clOrdId), o.instId == b.s("instId"), o.state.isOpen else {
            return itemsResponse([item(nil, .cancelFailed)], failed: true, c)
        }
        cancel(o, book: book, source: "1", reason: "")
        return itemsResponse([item(o, nil)], failed: false, c)
    }

    func amendOrder(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let b = c.body, case .object = b else { return .error(.badJSON) }
        guard !b.s("instId").isEmpty else { return .error(.empty("instId")) }
        let ordId = b.s("ordId"), clOrdId = b.s("clOrdId"), reqId = b.s("reqId")
        func item(_ o: FakeOrder?, _ e: OKXError?) -> JSON {
            .object([("clOrdId", .string(o?.clOrdId ?? clOrdId)), ("ordId", .string(o?.ordId ?? ordId)), ("reqId", .string(reqId)),
                     ("ts", JSON(now)), ("sCode", .string(e?.code ?? "0")), ("sMsg", .string(e?.msg ?? ""))])
        }
        guard !ordId.isEmpty || !clOrdId.isEmpty else { return itemsResponse([item(nil, .idRequired)], failed: true, c) }
        guard let o = book.find(ordId: ordId, clOrdId: clOrdId), o.instId == b.s("instId"), o.state.isOpen,
              let inst = instruments[o.instId] else {
            return itemsResponse([item(nil, .amendFailed)], failed: true, c)
        }
        let failure: OKXError? = {
            let newPx = b.s("newPx"), newSz = b.s("newSz")
            if newPx.isEmpty, newSz.isEmpty { return .amendNothing }
            var px = o.px, sz = o.sz
            if !newPx.isEmpty {
                guard o.ordType != .market, let p = Price(newPx), p.raw > 0, p.isMultiple(of: inst.tickSz) else { return .param("newPx") }
                px = p
            }
            if !newSz.isEmpty {
                guard let q = Quantity(newSz), q.raw > 0 else { return .param("newSz") }
                guard q.isMultiple(of: inst.lotSz) else { return .lotSize }
                sz = q
            }
            if o.ordType == .postOnly, let p = px, isMarketable(side: o.side, px: p, instId: o.instId) { return .amendPostOnly }
            o.px = px
            o.sz = sz
            o.uTime = now
            o.amendResult = "0"
            o.reqId = reqId
            if o.sz <= o.accFillSz {
                o.state = .filled
                publishOrder(o, book: book)
            } else if let p = o.px, o.ordType == .limit, isMarketable(side: o.side, px: p, instId: o.instId) {
                publishOrder(o, book: book)
                fill(o, book: book, px: last(o.instId)!, sz: o.remaining, maker: false)
            } else {
                publishOrder(o, book: book)
            }
            return nil
        }()
        if let failure {
            if b["cxlOnFail"]?.bool == true { cancel(o, book: book, source: "1", reason: "") }
            return itemsResponse([item(o, failure)], failed: true, c)
        }
        return itemsResponse([item(o, nil)], failed: false, c)
    }

    // MARK: Queries

    func getOrder(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        guard let instId = c.param("instId"), !instId.isEmpty else { return .error(.empty("instId")) }
        let ordId = c.param("ordId"), clOrdId = c.param("clOrdId")
        guard !(ordId ?? "").isEmpty || !(clOrdId ?? "").isEmpty else { return .error(.idRequired) }
        guard let o = book.find(ordId: ordId, clOrdId: clOrdId), o.instId == instId else { return .error(.orderMissing) }
        // "Canceled orders without any fills are only kept for 2 hours" here (docs-v5, Get
        // order details); orders-history still lists them for 7 days.
        if o.state == .canceled, o.accFillSz.isZero, now - o.uTime > 2 * 3_600_000 { return .error(.orderMissing) }
        return .ok([o.json(push: false)])
    }

    /// Newest first; `after` an id gives older records, `before` newer ones (ids increase).
    static func page<T>(_ items: [T], id: (T) -> String, after: String?, before: String?, limit: String?) -> [T] {
        var rows = items
        if let a = after.flatMap({ Int64($0) }) { rows = rows.filter { Int64(id($0))! < a } }
        if let b = before.flatMap({ Int64($0) }) { rows = rows.filter { Int64(id($0))! > b } }
        let n = min(max(Int(limit ?? "") ?? 100, 1), 100)
        return Array(rows.sorted { Int64(id($0))! > Int64(id($1))! }.prefix(n))
    }

    func ordersPending(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        let list = book.orderIds.compactMap { book.orders[$0] }.filter { o in
            o.state.isOpen && (c.param("instId").map { $0 == o.instId } ?? true)
                && (c.param("ordType").map { $0 == o.ordType.rawValue } ?? true)
                && (c.param("state").map { $0 == o.state.rawValue } ?? true)
                && (c.param("instType").map { $0 == "SWAP" || $0.isEmpty } ?? true)
        }
        return .ok(Self.page(list, id: \.ordId, after: c.param("after"), before: c.param("before"), limit: c.param("limit"))
            .map { $0.json(push: false) })
    }

    /// Completed orders (filled or canceled) of the last seven days.
    func ordersHistory(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        guard let type = c.param("instType"), !type.isEmpty else { return .error(.empty("instType")) }
        let since = now - 7 * 86_400_000
        let list = book.orderIds.compactMap { book.orders[$0] }.filter { o in
            !o.state.isOpen && o.uTime >= since && type == "SWAP"
                && (c.param("instId").map { $0 == o.instId } ?? true)
                && (c.param("ordType").map { $0 == o.ordType.rawValue } ?? true)
                && (c.param("state").map { $0 == o.state.rawValue } ?? true)
                && c.allows("category", o.category.rawValue)
        }
        return .ok(Self.page(list, id: \.ordId, after: c.param("after"), before: c.param("before"), limit: c.param("limit"))
            .map { $0.json(push: false) })
    }

    /// Fills of the last three days (`fills`), or three months (`fills-history`, whose
    /// instType is required), paged by billId.
    func tradeFills(_ c: RESTCall, history: Bool) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        if history, (c.param("instType") ?? "").isEmpty { return .error(.empty("instType")) }
        let since = now - (history ? 90 : 3) * 86_400_000
        let list = book.fills.filter { f in
            f.ts >= since && (c.param("instId").map { $0 == f.instId } ?? true)
                && (c.param("ordId").map { $0 == f.ordId } ?? true)
                && (c.param("instType").map { $0 == "SWAP" || $0.isEmpty } ?? true)
        }
        return .ok(Self.page(list, id: \.billId, after: c.param("after"), before: c.param("before"), limit: c.param("limit"))
            .map(\.json))
    }
}
