import BotCore

extension Venue {
    static let accountRoutes: [Route] = [
        .get("/api/v5/account/config", signed: true, limit: 5, .user) { v, c in v.accountConfig(c) },
        .get("/api/v5/account/balance", signed: true, limit: 10, .user) { v, c in v.accountBalance(c) },
        .get("/api/v5/account/positions", signed: true, limit: 10, .user) { v, c in v.accountPositions(c) },
        .get("/api/v5/account/bills", signed: true, limit: 10, .user) { v, c in v.accountBills(c) },
        .get("/api/v5/account/leverage-info", signed: true, limit: 20, .user) { v, c in v.leverageInfo(c) },
        .post("/api/v5/account/set-leverage", limit: 20, .user) { v, c in v.setLeverage(&c) },
        .post("/api/v5/account/set-position-mode", limit: 5, .user) { v, c in v.setPositionMode(&c) },
    ]

    func accountConfig(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        let a = book.account
        return .ok([.object([
            ("acctLv", "2"), ("acctStpMode", "cancel_maker"), ("autoLoan", .bool(false)), ("ctIsoMode", "automatic"),
            ("enableSpotBorrow", .bool(false)), ("greeksType", "PA"), ("feeType", "0"), ("ip", ""), ("type", "0"),
            ("kycLv", "1"), ("label", "okxfake"), ("level", "Lv1"), ("levelTmp", ""), ("liquidationGear", "-1"),
            ("mainUid", .string(a.uid)), ("mgnIsoMode", "automatic"), ("opAuth", "0"), ("perm", .string(a.permText)),
            ("posMode", .string(book.positionMode.rawValue)), ("roleType", "0"), ("spotBorrowAutoRepay", .bool(false)),
            ("spotOffsetType", ""), ("spotRoleType", "0"), ("spotTraderInsts", .array([])), ("stgyType", "0"),
            ("traderInsts", .array([])), ("uid", .string(a.uid)), ("settleCcy", "USDT"), ("settleCcyList", ["USDT"]),
        ])])
    }

    /// The USDT balance of a single-currency margin account: cash, unrealised PnL, and the
    /// margin positions and open orders hold.
    func balanceJSON(_ book: AccountBook) -> JSON {
        let f = book.positionFigures(instruments, last: last)
        let ordFrozen = book.orderMargin(instruments, last: last)
        let eq = book.cash + f.upl
        let frozen = f.imr + ordFrozen
        let avail = eq - frozen
        let t = now
        let detail: JSON = .object([
            ("accAvgPx", ""), ("availBal", JSON(book.cash - frozen)), ("availEq", JSON(avail)), ("borrowFroz", ""),
            ("cashBal", JSON(book.cash)), ("ccy", "USDT"), ("crossLiab", ""), ("disEq", JSON(eq)), ("eq", JSON(eq)),
            ("eqUsd", JSON(eq)), ("fixedBal", "0"), ("frozenBal", JSON(frozen)), ("imr", JSON(f.imr)), ("interest", ""),
            ("isoEq", "0"), ("isoLiab", ""), ("isoUpl", "0"), ("liab", ""), ("maxLoan", ""), ("mgnRatio", ""),
            ("mmr", JSON(f.mmr)), ("notionalLever", ""), ("ordFrozen", JSON(ordFrozen)), ("rewardBal", "0"),
            ("spotInUseAmt", ""), ("stgyEq", "0"), ("twap", "0"), ("uTime", JSON(t)), ("upl", JSON(f.upl)), ("uplLiab", ""),
        ])
        return .object([
            ("adjEq", ""), ("borrowFroz", ""), ("details", .array([detail])), ("imr", JSON(f.imr)), ("isoEq", "0"),
            ("mgnRatio", ""), ("mmr", JSON(f.mmr)), ("notionalUsd", ""), ("ordFroz", JSON(ordFrozen)),
            ("totalEq", JSON(eq)), ("uTime", JSON(t)), ("upl", JSON(f.upl)),
        ])
    }

    func accountBalance(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        return .ok([balanceJSON(book)])
    }

    func accountPositions(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        if let t = c.param("instType"), !t.isEmpty, t != "SWAP" { return .ok([]) }
        let ids = c.param("instId").map { Set($0.split(separator: ",").map(String.init)) }
        let list = book.positions.values.filter { !$0.size.isZero && (ids?.contains($0.instId) ?? true) }
            .sorted { $0.posId < $1.posId }
        return .ok(list.compactMap { p in
            instruments[p.instId].map { p.json(inst: $0, last: last(p.instId) ?? p.avgPx, lever: book.lever(p.instId)) }
        })
    }

    func leverageInfo(_ c: RESTCall) -> RESTResponse {
        guard let book = c.account else { return .error(.invalidKey) }
        guard let ids = c.param("instId"), !ids.isEmpty else { return .error(.empty("instId")) }
        guard let mode = c.param("mgnMode"), !mode.isEmpty else { return .error(.empty("mgnMode")) }
        return .ok(ids.split(separator: ",").map { id in
            .object([("instId", .string(String(id))), ("mgnMode", .string(mode)), ("posSide", "net"),
                     ("lever", .string(String(book.lever(String(id)))))])
        })
    }

    func setLeverage(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let b = c.body, case .object = b else { return .error(.badJSON) }
        guard !b.s("lever").isEmpty else { return .error(.empty("lever")) }
        guard !b.s("mgnMode").isEmpty else { return .error(.empty("mgnMode")) }
        guard b.s("mgnMode") == "cross" || b.s("mgnMode") == "isolated" else { return .error(.param("mgnMode")) }
        let instId = b.s("instId")
        guard let inst = instruments[instId] else { return instId.isEmpty ? .error(.empty("instId")) : .error(.noInstrument) }
        guard let lever = Int(b.s("lever")), lever >= 1 else { return .error(.param("lever")) }
        guard lever <= inst.maxLever else { return .error(.leverageTooHigh) }
        book.leverage[instId] = lever
        return .ok([.object([("lever", .string(String(lever))), ("mgnMode", .string(b.s("mgnMode"))),
                             ("instId", .string(instId)), ("posSide", .string(b.s("posSide"))) ])])
    }

    func setPositionMode(_ c: inout RESTCall) -> RESTResponse {
        guard let book = c.account, let b = c.body, case .object = b else { return .error(.badJSON) }
        guard let mode = FakeAccount.PositionMode(rawValue: b.s("posMode")) else {
            return b.s("posMode").isEmpty ? .error(.empty("posMode")) : .error(.param("posMode"))
        }
        let busy = book.positions.values.contains { !$0.size.isZero } || book.orders.values.contains { $0.state.isOpen }
            || book.algos.values.contains { $0.state == .live }
        if busy, mode != book.positionMode { return .error(.settingsBlocked) }
        book.positionMode = mode
        return .ok([.object([("posMode", .string(mode.rawValue))])])
    }
}
