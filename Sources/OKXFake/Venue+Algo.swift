import BotCore

extension Venue {
    static let algoRoutes: [Route] = {
        var place = Route.post("/api/v5/trade/order-algo", limit: 20, .user) { v, c in v.placeAlgo(&c) }
        place.isOrderCall = true
        var cancel = Route.post("/api/v5/trade/cancel-algos", limit: 20, .user) { v, c in v.cancelAlgos(&c) }
        cancel.isOrderCall = true
        return [
            place, cancel,
            .get("/api/v5/trade/orders-algo-pending", signed: true, limit: 20, .user) { v, c in v.algoList(c, pending: true) },
            .get("/api/v5/trade/orders-algo-history", signed: true, limit: 20, .user) { v, c in v.algoList(c, pending: false) },
            .get("/api/v5/trade/order-algo", signed: true, limit: 20, .user) { v, c in v.getAlgo(c) },
        ]
    }()

    static let algoTypes: Set<String> = ["conditional", "oco"]

    func placeAlgo(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let b = c.body, case .object = b else { return .error(.badJSON) }
        for field in ["instId", "tdMode", "side", "ordType"] where b.s(field).isEmpty { return .error(.empty(field)) }
        if b.s("sz").isEmpty, b.s("closeFraction").isEmpty { return .error(.empty("sz")) }
        if b.s("slTriggerPx").isEmpty, b.s("tpTriggerPx").isEmpty {
            return .error(OKXError(code: "50015", msg: "Either parameter tpTriggerPx or slTriggerPx is required", httpStatus: 400))
        }
        let algoClOrdId = b.s("algoClOrdId"), tag = b.s("tag")
        func item(_ algoId: String, _ e: OKXError?) -> JSON {
            .object([("algoId", .string(algoId)), ("clOrdId", ""), ("algoClOrdId", .string(algoClOrdId)),
                     ("sCode", .string(e?.code ?? "0")), ("sMsg", .string(e?.msg ?? "")), ("tag", .string(tag))])
        }
        switch validateAlgo(b, book: book) {
        case .failure(let e):
            return itemsResponse([item("", e)], failed: true, c)
        case .success(let a):
            book.algos[a.algoId] = a
            book.algoIds.append(a.algoId)
            publishAlgo(a, book: book)
            return itemsResponse([item(a.algoId, nil)], failed: false, c)
        }
    }

    func validateAlgo(_ b: JSON, book: AccountBook) -> Result<AlgoOrder, OKXError> {
        let instId = b.s("instId"), algoClOrdId = b.s("algoClOrdId"), tag = b.s("tag"), ordType = b.s("ordType")
        guard Self.algoTypes.contains(ordType) else { return .failure(.param("ordType")) }
        guard let side = Side(rawValue: b.s("side")) else { return .failure(.param("side")) }
        let tdMode = b.s("tdMode")
        guard tdMode == "cross" || tdMode == "isolated" else { return .failure(.param("tdMode")) }
        if !algoClOrdId.isEmpty {
            guard Self.isValidClientId(algoClOrdId) else { return .failure(.param("algoClOrdId")) }
            if book.algos.values.contains(where: { $0.algoClOrdId == algoClOrdId && $0.state == .live }) {
                return .failure(.duplicateAlgoClOrdId)
            }
        }
        guard let inst = instruments[instId] else { return .failure(.noInstrument) }
        guard inst.state == .live else { return .failure(.suspended) }
        let hedge = book.positionMode == .longShort
        var posSide = b.s("posSide")
        if hedge {
            guard posSide == "long" || posSide == "short" else { return .failure(.param("posSide")) }
        } else {
            guard posSide.isEmpty || posSide == "net" else { return .failure(.param("posSide")) }
            posSide = "net"
        }
        let closeWhole = b.s("closeFraction") == "1"
        var sz: Quantity?
        if !closeWhole {
            guard let q = Quantity(b.s("sz")), q.raw > 0 else { return .failure(.param("sz")) }
            guard q.isMultiple(of: inst.lotSz) else { return .failure(.lotSize) }
            guard q >= inst.minSz else { return .failure(.belowMinimum) }
            sz = q
        }
        let reduceOnly = b["reduceOnly"]?.bool ?? false
        if closeWhole, !hedge, !reduceOnly { return .failure(.param("closeFraction")) }

        func leg(_ trigger: String, _ order: String) -> Result<(Price, Price?)?, OKXError> {
            let t = b.s(trigger), o = b.s(order)
            if t.isEmpty { return .success(nil) }
            guard let tp = Price(t), tp.raw > 0, tp.isMultiple(of: inst.tickSz) else { return .failure(.param(trigger)) }
            if o == "-1" { return .success((tp, nil)) }
            guard let op = Price(o), op.raw > 0, op.isMultiple(of: inst.tickSz) else { return .failure(.param(order)) }
            return .success((tp, op))
        }
        let sl: (Price, Price?)?, tp: (Price, Price?)?
        switch leg("slTriggerPx", "slOrdPx") { case .failure(let e): return .failure(e); case .success(let l): sl = l }
        switch leg("tpTriggerPx", "tpOrdPx") { case .failure(let e): return .failure(e); case .success(let l): tp = l }
        // A stop on the wrong side of the last price would fire at once; OKX refuses it.
        if let l = last(instId) {
            if let s = sl?.0 {
                if side == .sell, s >= l { return .failure(OKXError(code: "51280", msg: "SL trigger price cannot be higher than the last price.")) }
                if side == .buy, s <= l { return .failure(OKXError(code: "51278", msg: "SL trigger price cannot be lower than the last price.")) }
            }
            if let t = tp?.0 {
                if side == .sell, t <= l { return .failure(OKXError(code: "51279", msg: "TP trigger price cannot be lower than the last price.")) }
                if side == .buy, t >= l { return .failure(OKXError(code: "51277", msg: "TP trigger price cannot be higher than the last price.")) }
            }
        }
        return .success(AlgoOrder(algoId: makeId(), algoClOrdId: algoClOrdId, instId: instId, tdMode: tdMode, side: side,
                                  posSide: posSide, ordType: ordType, sz: sz, closeWhole: closeWhole,
                                  reduceOnly: reduceOnly, tag: tag, sl: sl, tp: tp, lever: book.lever(instId), now: now))
    }

    func cancelAlgos(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let list = c.body?.array else { return .error(.badJSON) }
        var items: [JSON] = []
        var failures = 0
        for b in list {
            let a = book.findAlgo(algoId: b.s("algoId"), algoClOrdId: b.s("algoClOrdId"))
            let error: OKXError?
            if b.s("instId").isEmpty {
                error = .empty("instId")
            } else if let a, a.state == .live, a.instId == b.s("instId") {
                a.state = .canceled
                a.uTime = now
                publishAlgo(a, book: book)
                error = nil
            } else {
                error = b.s("algoId").isEmpty ? .param("algoClOrdId") : .param("algoId")
            }
            if error != nil { failures += 1 }
            items.append(.object([("algoId", .string(a?.algoId ?? b.s("algoId"))), ("algoClOrdId", .string(a?.algoClOrdId ?? b.s("algoClOrdId"))),
                                  ("sCode", .string(error?.code ?? "0")), ("sMsg", .string(error?.msg ?? ""))]))
        }
        return itemsResponse(items, failed: !items.isEmpty && failures == items.count, c)
    }

    /// orders-algo-pending (live) or orders-algo-history (effective, canceled, order_failed).
    func algoList(_ c: RESTCall, pending: Bool) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        guard let types = c.param("ordType"), !types.isEmpty else { return .error(.empty("ordType")) }
        let wanted = Set(types.split(separator: ",").map(String.init))
        if !pending, (c.param("state") ?? "").isEmpty, (c.param("algoId") ?? "").isEmpty {
            return .error(OKXError(code: "50015", msg: "Either parameter state or algoId is required", httpStatus: 400))
        }
        let list = book.algoIds.compactMap { book.algos[$0] }.filter { a in
            wanted.contains(a.ordType) && (pending ? a.state == .live : a.state != .live)
                && (c.param("instId").map { $0 == a.instId } ?? true)
                && (c.param("algoId").map { $0 == a.algoId } ?? true)
                && (c.param("algoClOrdId").map { $0 == a.algoClOrdId } ?? true)
                && (c.param("state").map { $0 == a.state.rawValue } ?? true)
        }
        return .ok(Self.page(list, id: \.algoId, after: c.param("after"), before: c.param("before"), limit: c.param("limit"))
            .map { $0.json(last: last($0.instId)) })
    }

    func getAlgo(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        guard (c.param("algoId") ?? "").isEmpty == false || (c.param("algoClOrdId") ?? "").isEmpty == false else {
            return .error(OKXError(code: "50015", msg: "Either parameter algoId or algoClOrdId is required", httpStatus: 400))
        }
        guard let a = book.findAlgo(algoId: c.param("algoId"), algoClOrdId: c.param("algoClOrdId")) else {
            return .error(OKXError(code: "51603", msg: "Order does not exist."))
        }
        return .ok([a.json(last: last(a.instId))])
    }

    /// Live stops on `instId` that the price `px` crossed become orders: a market order when
    /// their order price is -1, reduce-only when they were.
    func triggerAlgos(instId: String, px: Price) {
        for book in accounts.values.sorted(by: { $0.uid < $1.uid }) {
            for id in book.algoIds {
                guard let a = book.algos[id], a.state == .live, a.instId == instId,
                      let (leg, ordPx) = a.triggered(at: px) else { continue }
                a.triggerTime = now
                a.uTime = now
                a.actualSide = leg
                a.actualPx = ordPx ?? px
                let position = book.position(instId, a.posSide)
                let size = a.closeWhole ? (position?.size ?? .zero) : (a.sz ?? .zero)
                let closing = book.positionMode == .longShort ? (a.posSide == "long") != (a.side == .buy) : a.reduceOnly
                if closing, position == nil || position!.size.isZero || (book.positionMode == .net && position!.pos.signum == Int(a.side.sign)) {
                    a.state = .orderFailed
                    a.failCode = OKXError.noPositionToReduce.code
                    publishAlgo(a, book: book)
                    continue
                }
                let child = FakeOrder(ordId: makeId(), clOrdId: "", tag: a.tag, instId: instId, tdMode: a.tdMode, side: a.side,
                                      posSide: a.posSide, ordType: ordPx == nil ? .market : .limit, px: ordPx,
                                      sz: closing ? min(size, position!.size) : size, reduceOnly: a.reduceOnly,
                                      lever: a.lever, now: now)
                child.algoId = a.algoId
                child.algoClOrdId = a.algoClOrdId
                book.orders[child.ordId] = child
                book.orderIds.append(child.ordId)
                a.state = .effective
                a.ordId = child.ordId
                a.actualSz = child.sz
                publishAlgo(a, book: book)
                execute(child, book: book)
            }
        }
    }

    func publishAlgo(_ a: AlgoOrder, book: AccountBook) {
        publish(Push(channel: "orders-algo", instId: a.instId, instFamily: instruments[a.instId]?.instFamily ?? "",
                     uid: book.uid, data: [a.json(last: last(a.instId))]))
    }
}
