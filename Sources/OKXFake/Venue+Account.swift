import BotCore

extension Venue {
    static let accountRoutes: [Route] = [
        .get("/api/v5/account/config", signed: true, limit: 5, .user) { v, c in v.accountConfig(c) },
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
}
