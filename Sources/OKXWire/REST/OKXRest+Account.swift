import BotCore

/// `mgnMode` of a leverage setting.
public enum OKXMarginMode: String, Hashable, Sendable, CaseIterable, Codable {
    case cross, isolated
}

extension OKXRest {
    /// `GET /api/v5/account/config`: position mode, account level, the key's permissions.
    public static func accountConfig() -> OKXRequest { OKXRequest(.get, "/api/v5/account/config") }

    /// `GET /api/v5/account/balance`, for the given currencies (all when empty).
    public static func balance(currencies: [String] = []) throws(OKXRequestError) -> OKXRequest {
        guard currencies.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) } }) else {
            throw OKXRequestError(field: "ccy", reason: "currencies are upper-case letters and digits")
        }
        var q = OKXQuery()
        q.add("ccy", currencies.isEmpty ? nil : currencies.joined(separator: ","))
        return OKXRequest(.get, "/api/v5/account/balance", query: q)
    }

    /// `GET /api/v5/account/positions`.
    public static func positions(instType: OKXInstrumentType? = nil, instId: String? = nil) throws(OKXRequestError) -> OKXRequest {
        if let instId { try OKXCheck.instId(instId) }
        if instType == .spot || instType == .any {
            throw OKXRequestError(field: "instType", reason: "positions exist for MARGIN, SWAP, FUTURES and OPTION")
        }
        var q = OKXQuery()
        q.add("instType", instType?.rawValue)
        q.add("instId", instId)
        return OKXRequest(.get, "/api/v5/account/positions", query: q)
    }

    /// `POST /api/v5/account/set-leverage` for one instrument; `positionSide` only for isolated
    /// margin in hedge mode, where each leg has its own leverage.
    public static func setLeverage(instId: String, leverage: Ratio, marginMode: OKXMarginMode,
                                   positionSide: PositionSide? = nil) throws(OKXRequestError) -> OKXRequest {
        try OKXCheck.instId(instId)
        guard leverage.raw >= Ratio.of("0.01").raw, leverage <= 125 else {
            throw OKXRequestError(field: "lever", reason: "\(leverage) is outside 0.01…125")
        }
        var b = OKXJSONBody()
        b.add("instId", instId)
        b.add("lever", leverage)
        b.add("mgnMode", marginMode.rawValue)
        b.add("posSide", positionSide?.rawValue)
        return OKXRequest(.post, "/api/v5/account/set-leverage", body: b.bytes)
    }
}

extension OKXRest {
    /// `GET /api/v5/account/bills`: the trading account's balance changes of the last 7 days,
    /// newest first, at most `limit` (≤ 100) a page. `type` picks one kind ("8" funding fees,
    /// "5" liquidations); paging is by `billId` (`after` older, `before` newer); `begin`/`end`
    /// bound `ts` (epoch ms).
    public static func bills(instType: OKXInstrumentType? = nil, instId: String? = nil, type: String? = nil,
                             after: String? = nil, before: String? = nil, begin: Int64? = nil, end: Int64? = nil,
                             limit: Int? = nil) throws(OKXRequestError) -> OKXRequest {
        if instType == .any { throw OKXRequestError(field: "instType", reason: "ANY is only for subscriptions") }
        if let instId { try OKXCheck.instId(instId) }
        if let type, type.isEmpty || !type.utf8.allSatisfy({ (48...57).contains($0) }) {
            throw OKXRequestError(field: "type", reason: "'\(type.prefix(12))' is not a bill type")
        }
        try OKXCheck.limit(limit, max: 100)
        var q = OKXQuery()
        q.add("instType", instType?.rawValue)
        q.add("instId", instId)
        q.add("type", type)
        q.add("after", after)
        q.add("before", before)
        q.add("begin", begin)
        q.add("end", end)
        q.add("limit", limit)
        return OKXRequest(.get, "/api/v5/account/bills", query: q)
    }
}
