import BotCore
import OKXWire
import Testing

/// Answers as OKX sends them (protocols.md §3 and the v5 docs' examples), into the runtime's
/// types; errors classified, and decoding failures naming the field.
struct ResponseDecodingTests {
    static let id = RESTRequestTests.id
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func placeOrderAck() throws {
        let body = #"{"code":"0","msg":"","data":[{"clOrdId":"oktswap6","ordId":"312269865356374016","tag":"","ts":"1695190491421","sCode":"0","sMsg":"","subCode":""}],"inTime":"1695190491421339","outTime":"1695190491423240"}"#
        let a = try OKXResponse.ack(status: 200, body: Self.bytes(body))
        #expect(a.orderID == "312269865356374016" && a.clientOrderID == "oktswap6" && a.ts == 1_695_190_491_421 && a.succeeded)
    }

    @Test func duplicateClientOrderIDIsItsItemsError() {
        let body = #"{"code":"1","msg":"All operations failed","data":[{"clOrdId":"b15","ordId":"","tag":"","ts":"1695190491421","sCode":"51016","sMsg":"Client order ID already exists.","subCode":""}],"inTime":"1","outTime":"2"}"#
        let e = #expect(throws: OKXError.self) { try OKXResponse.ack(status: 200, body: Self.bytes(body)) }
        #expect(e?.kind == .duplicateClientOrderID && e?.code == "51016" && e?.message == "Client order ID already exists.")
        #expect(e?.venueAck == .rejected(code: "51016", message: "Client order ID already exists."))
        // A sub-code joins the code as in OKX's tables.
        let sub = #"{"code":"1","msg":"","data":[{"clOrdId":"b15","ordId":"","sCode":"51008","sMsg":"Order failed. Insufficient USDT balance in account","subCode":"1000"}]}"#
        let e2 = #expect(throws: OKXError.self) { try OKXResponse.ack(status: 200, body: Self.bytes(sub)) }
        #expect(e2?.kind == .insufficientBalance && e2?.code == "51008_1000")
    }

    @Test func batchKeepsEachItemsResult() throws {
        let body = #"{"code":"2","msg":"","data":[{"algoId":"1","algoClOrdId":"a1","sCode":"0","sMsg":""},{"algoId":"","algoClOrdId":"b2","sCode":"51603","sMsg":"Order does not exist."}]}"#
        let acks = try OKXResponse.acks(status: 200, body: Self.bytes(body))
        #expect(acks.map(\.algoClientOrderID) == ["a1", "b2"])
        #expect(acks[0].error() == nil && acks[1].error()?.kind == .orderNotFound)
    }

    @Test func rateLimitOn200And429() {
        let body = #"{"code":"50011","msg":"Rate limit reached. Please refer to API documentation and throttle requests accordingly.","data":[]}"#
        for status in [200, 429] {
            let e = #expect(throws: OKXError.self) { try OKXResponse.ack(status: status, body: Self.bytes(body)) }
            #expect(e?.kind == .rateLimited && e?.httpStatus == status)
            #expect(e?.venueAck == .rejected(code: "50011", message: e?.message ?? ""))
        }
        // A bare 429 from a proxy, without OKX's envelope.
        let bare = #expect(throws: OKXError.self) { try OKXResponse.acks(status: 429, body: Self.bytes("Too Many Requests")) }
        #expect(bare?.kind == .rateLimited)
        let busy = #expect(throws: OKXError.self) {
            try OKXResponse.acks(status: 429, body: Self.bytes(#"{"code":"50013","msg":"Systems are busy. Please try again later.","data":[]}"#))
        }
        #expect(busy?.kind == .busy)
    }

    @Test func serverErrorsLeaveTheOutcomeOpen() {
        for (status, body) in [(500, #"{"code":"50026","msg":"System error. Try again later","data":[]}"#), (502, "<html>bad gateway</html>"),
                               (503, "")] {
            let e = #expect(throws: OKXError.self) { try OKXResponse.ack(status: status, body: Self.bytes(body)) }
            #expect(e?.kind == .unknownOutcome && e?.venueAck == .unknown, "\(status)")
        }
        // 50004 "API endpoint request timeout" comes with HTTP 400 and still leaves it open.
        let timeout = #expect(throws: OKXError.self) {
            try OKXResponse.ack(status: 400, body: Self.bytes(#"{"code":"50004","msg":"API endpoint request timeout.","data":[]}"#))
        }
        #expect(timeout?.kind == .unknownOutcome)
        #expect(OKXError.unknownOutcome("no answer in 10 s").venueAck == .unknown)
    }

    @Test func authenticationErrors() {
        for (code, kind) in [("50102", OKXErrorKind.clockSkew), ("50101", .environmentMismatch), ("50113", .badSignature),
                             ("50111", .badAPIKey), ("50105", .badPassphrase), ("50110", .ipNotAllowed)] {
            let e = #expect(throws: OKXError.self) {
                try OKXResponse.data(OKXServerTime.self, status: 401, body: Self.bytes(#"{"code":"\#(code)","msg":"x","data":[]}"#))
            }
            #expect(e?.kind == kind, "\(code)")
        }
    }

    @Test func pendingOrderFromTheDocs() throws {
        let body = #"{"code":"0","data":[{"accFillSz":"0","avgPx":"","cTime":"1724733617998","category":"normal","clOrdId":"","fee":"0","feeCcy":"BTC","fillPx":"","fillSz":"0","fillTime":"","instId":"BTC-USDT","instType":"SPOT","ordId":"1752588852617379840","ordType":"post_only","pnl":"0","posSide":"net","px":"13013.5","rebate":"0","rebateCcy":"USDT","reduceOnly":"false","side":"buy","state":"live","stpMode":"cancel_maker","sz":"0.001","tag":"","tdMode":"cash","tgtCcy":"","tradeId":"","tradeQuoteCcy":"USDT","uTime":"1724733617998"}],"msg":""}"#
        let o = try #require(try OKXResponse.data(OKXOrder.self, status: 200, body: Self.bytes(body)).first)
        #expect(o.state == .live && o.price == Price.of("13013.5") && o.size == Quantity.of("0.001") && o.orderType == "post_only")
        #expect(o.positionSide == .net && !o.reduceOnly && o.createdMs == 1_724_733_617_998 && o.filledSize == 0)
        // Not one of ours: no runtime id, and the conversion says which field.
        #expect(o.runtimeOrderID == nil)
        let e = #expect(throws: OKXError.self) { try o.venueOrder() }
        #expect(e?.kind == .malformedResponse && e?.message.hasPrefix("clOrdId:") == true)
        #expect(try o.fill(instrument: RESTRequestTests.spot) == nil)
    }

    @Test func ordersChannelFillFromTheDocs() throws {
        let frame = Self.ordersPush(clOrdId: Self.id.description)
        guard case .orders(let orders) = try OKXWSMessage.decode(frame) else { Issue.record("not orders"); return }
        let o = try #require(orders.first)
        #expect(o.state == .filled && o.filledSize == Quantity.of("0.001") && o.averagePrice == Price.of("31527.1"))
        let v = try o.venueOrder()
        #expect(v.request.id == Self.id && v.status == .filled && v.filled == Quantity.of("0.001") && v.createdMs == 1_654_084_334_977)
        #expect(v.request.type == .limit(Price.of("31527.1")) && v.request.side == .sell && v.instrument.symbol == "BTC-USDT")
        let f = try #require(try o.fill(instrument: RESTRequestTests.spot))
        // fillFee -0.02522168 USDT charged → 0.02522168 paid; execType M → maker.
        #expect(f.fee == Money.of("0.02522168") && f.liquidity == .maker && f.tradeID == "242589207")
        #expect(f.price == Price.of("31527.1") && f.quantity == Quantity.of("0.001") && f.ts == 1_654_084_353_263 && f.side == .sell)
    }

    @Test func algoTriggeredOrderIsKnownByTheStopsID() throws {
        let frame = Self.ordersPush(clOrdId: "", algoClOrdId: Self.id.description)
        guard case .orders(let orders) = try OKXWSMessage.decode(frame) else { Issue.record("not orders"); return }
        #expect(orders.first?.runtimeOrderID == Self.id)
    }

    @Test func fillsWithFeeConventions() throws {
        func fill(_ side: String, fee: String, ccy: String, exec: String) -> String {
            #"{"instType":"SPOT","instId":"BTC-USDT","tradeId":"123","ordId":"312269865356374016","clOrdId":"\#(Self.id)","billId":"1111","subType":"1","tag":"","fillPx":"30000.5","fillSz":"0.01","fillIdxPx":"","fillPnl":"0","side":"\#(side)","posSide":"net","execType":"\#(exec)","feeCcy":"\#(ccy)","fee":"\#(fee)","ts":"1597026383085","fillTime":"1597026383080","feeRate":"-0.001"}"#
        }
        let body = #"{"code":"0","msg":"","data":["# + [fill("buy", fee: "-0.00001", ccy: "BTC", exec: "T"),
                                                        fill("sell", fee: "-0.3", ccy: "USDT", exec: "T"),
                                                        fill("sell", fee: "0.06", ccy: "USDT", exec: "M")].joined(separator: ",") + "]}"
        let fills = try OKXResponse.data(OKXFill.self, status: 200, body: Self.bytes(body))
        #expect(fills.map(\.billID) == ["1111", "1111", "1111"])
        let f = try fills.map { try $0.fill(instrument: RESTRequestTests.spot) }
        // A spot buy pays in base: 0.00001 BTC × 30000.5 = 0.300005 USDT.
        #expect(f[0].fee == Money.of("0.300005") && f[0].liquidity == .taker && f[0].ts == 1_597_026_383_080)
        #expect(f[1].fee == Money.of("0.3"))
        #expect(f[2].fee == Money.of("-0.06") && f[2].liquidity == .maker)  // a rebate
        #expect(f.allSatisfy { $0.orderID == Self.id && $0.tradeID == "123" && $0.price == Price.of("30000.5") })
        let odd = try OKXResponse.data(OKXFill.self, status: 200,
                                       body: Self.bytes(#"{"code":"0","msg":"","data":["# + fill("buy", fee: "-1", ccy: "OKB", exec: "T") + "]}"))
        let e = #expect(throws: OKXError.self) { try odd[0].fill(instrument: RESTRequestTests.spot) }
        #expect(e?.message.hasPrefix("feeCcy:") == true)
    }

    @Test func decodingErrorsNameTheField() {
        let cases: [(String, String)] = [
            (#"{"code":"0","msg":"","data":[{"instId":"BTC-USDT","tradeId":"1","side":"buy","fillPx":"abc","fillSz":"1","ts":"1"}]}"#,
             "data[0].fillPx: 'abc' is not a decimal number"),
            (#"{"code":"0","msg":"","data":[{"instId":"BTC-USDT","tradeId":"1","side":"buy","fillSz":"1","ts":"1"}]}"#,
             "data[0].fillPx: missing"),
            (#"{"code":"0","msg":"","data":[{"instId":"BTC-USDT","tradeId":"1","side":"up","fillPx":"1","fillSz":"1","ts":"1"}]}"#,
             "data[0].side: unknown value 'up'"),
            (#"{"code":"0","msg":"","data":[{},{"instId":"BTC-USDT","tradeId":"1","side":"buy","fillPx":"1","fillSz":"1","ts":"x1"}]}"#,
             "data[0].instId: missing"),
            (#"{"code":"0","msg":"","data":[{"instId":"BTC-USDT","tradeId":"1","side":"buy","fillPx":"1","fillSz":"1","ts":"x1"}]}"#,
             "data[0].ts: 'x1' is not a timestamp in ms"),
            (#"{"code":"0","msg":"","data":{"instId":"x"}}"#, "data: expected an array"),
            ("not json", "not JSON"),
        ]
        for (body, message) in cases {
            let e = #expect(throws: OKXError.self) { try OKXResponse.data(OKXFill.self, status: 200, body: Self.bytes(body)) }
            #expect(e?.kind == .malformedResponse && e?.message == message, "\(body) → \(String(describing: e))")
        }
    }

    @Test func positionsBalancesAndConfig() throws {
        let positions = #"{"code":"0","msg":"","data":[{"adl":"1","availPos":"1","avgPx":"2566.31","cTime":"1619507758793","ccy":"ETH","instId":"ETH-USD-SWAP","instType":"SWAP","lever":"10","liqPx":"2352.8","markPx":"2353.849","mgnMode":"isolated","pos":"-2","posId":"1","posSide":"net","upl":"0.4","uTime":"1619507761462"},{"instId":"BTC-USDT-SWAP","instType":"SWAP","mgnMode":"cross","pos":"3","posSide":"short","avgPx":"","uTime":"1"}]}"#
        let p = try OKXResponse.data(OKXPosition.self, status: 200, body: Self.bytes(positions))
        #expect(p[0].signedQuantity == -2 && p[0].leverage == 10 && p[0].averagePrice == Price.of("2566.31"))
        #expect(p[0].venuePosition() == VenuePosition(instrument: InstrumentID(venue: "okx", symbol: "ETH-USD-SWAP"), side: .net, quantity: -2))
        #expect(p[1].signedQuantity == -3 && p[1].positionSide == .short && p[1].averagePrice == nil)

        let balance = #"{"code":"0","msg":"","data":[{"adjEq":"","details":[{"availBal":"","availEq":"1","cashBal":"1","ccy":"USDT","eq":"1.5","frozenBal":"0","uTime":"1"},{"availBal":"0.5","ccy":"BTC","eq":"0.7","cashBal":"0.7","frozenBal":"0.2"}],"totalEq":"41624.32","uTime":"1614846244194"}]}"#
        let b = try OKXResponse.first(OKXBalance.self, status: 200, body: Self.bytes(balance))
        #expect(b.totalEquity == Money.of("41624.32"))
        #expect(b.venueBalances == [VenueBalance(asset: "USDT", total: Money.of("1.5"), available: 1),
                                    VenueBalance(asset: "BTC", total: Money.of("0.7"), available: Money.of("0.5"))])

        let config = #"{"code":"0","msg":"","data":[{"acctLv":"2","autoLoan":false,"ctIsoMode":"automatic","greeksType":"PA","level":"Lv1","levelTmp":"","mgnIsoMode":"automatic","posMode":"long_short_mode","uid":"44705892343619584","label":"bot","ip":"","perm":"read_only,trade"}]}"#
        let c = try OKXResponse.first(OKXAccountConfig.self, status: 200, body: Self.bytes(config))
        #expect(c.positionMode == .longShort && c.canTrade && !c.canWithdraw && c.permissions == [.readOnly, .trade] && c.accountLevel == "2")
        let badMode = config.replacingOccurrences(of: "long_short_mode", with: "hedge")
        let e = #expect(throws: OKXError.self) { try OKXResponse.first(OKXAccountConfig.self, status: 200, body: Self.bytes(badMode)) }
        #expect(e?.message == "data[0].posMode: unknown value 'hedge'")

        let time = try OKXResponse.first(OKXServerTime.self, status: 200, body: Self.bytes(#"{"code":"0","msg":"","data":[{"ts":"1597026383085"}]}"#))
        #expect(time.ms == 1_597_026_383_085)
        let lev = try OKXResponse.first(OKXLeverage.self, status: 200,
                                        body: Self.bytes(#"{"code":"0","msg":"","data":[{"lever":"30","mgnMode":"isolated","instId":"BTC-USDT-SWAP","posSide":"long"}]}"#))
        #expect(lev.leverage == 30 && lev.marginMode == .isolated && lev.positionSide == .long)
    }

    @Test func instrumentRules() throws {
        let body = #"{"code":"0","msg":"","data":[{"alias":"","baseCcy":"BTC","category":"1","ctMult":"","ctType":"","ctVal":"","ctValCcy":"","expTime":"","instFamily":"","instId":"BTC-USDT","instType":"SPOT","lever":"10","listTime":"1606468572000","lotSz":"0.00000001","maxLmtSz":"9999999999","minSz":"0.00001","optType":"","quoteCcy":"USDT","settleCcy":"","state":"live","stk":"","tickSz":"0.1","uly":""},{"baseCcy":"","ctMult":"1","ctVal":"0.01","ctValCcy":"BTC","instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","lever":"100","lotSz":"0.01","minSz":"0.01","quoteCcy":"","settleCcy":"USDT","state":"live","tickSz":"0.1"},{"baseCcy":"X","quoteCcy":"Y","instId":"X-Y","instType":"SPOT","lotSz":"1","minSz":"1","state":"rebase","tickSz":"0.01"}]}"#
        let rules = try OKXResponse.data(OKXInstrumentRules.self, status: 200, body: Self.bytes(body))
        let spot = try rules[0].instrument(makerFee: Ratio.of("0.0008"), takerFee: Ratio.of("0.001"))
        #expect(spot.kind == .spot && spot.base == "BTC" && spot.quote == "USDT" && spot.tickSize == Price.of("0.1")
            && spot.lotSize == Quantity.of("0.00000001") && spot.minSize == Quantity.of("0.00001") && spot.contractValue == 1)
        let swap = try rules[1].instrument(makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"))
        #expect(swap.kind == .perpetual && swap.base == "BTC" && swap.quote == "USDT" && swap.contractValue == Quantity.of("0.01")
            && swap.maxLeverage == 100 && swap.id == InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"))
        #expect(rules[0].state == .live && rules[2].state.rawValue == "rebase" && rules[2].state != .live)
        let bad = body.replacingOccurrences(of: #""tickSz":"0.1","uly""#, with: #""tickSz":"0","uly""#)
        let e = #expect(throws: OKXError.self) { try OKXResponse.data(OKXInstrumentRules.self, status: 200, body: Self.bytes(bad)) }
        #expect(e?.message == "data[0].tickSz: not positive")
    }

    @Test func restCandlesOldestFirstWithConfirm() throws {
        let body = #"{"code":"0","msg":"","data":[["1597026383085","3.721","3.743","3.677","3.708","8422410","22698348.04828491","12698348.04828491","0"],["1597026323085","3.731","3.799","3.494","3.72","24912403","67632347.24399722","37632347.24399722","1"]]}"#
        let spot = try OKXCandleRows.decode(status: 200, body: Self.bytes(body), instId: "BTC-USDT")
        #expect(spot.map(\.candle.ts) == [1_597_026_323_085, 1_597_026_383_085] && spot.map(\.confirmed) == [true, false])
        #expect(spot[0].candle.high == Price.of("3.799") && spot[0].candle.volume == 24_912_403)
        let swap = try OKXCandleRows.decode(status: 200, body: Self.bytes(body), instId: "BTC-USDT-SWAP")
        #expect(swap[0].candle.volume == 67_632_347.24399722)  // volCcy: base units, not contracts
        let e = #expect(throws: OKXError.self) {
            try OKXCandleRows.decode(status: 200, body: Self.bytes(body.replacingOccurrences(of: "3.799", with: "3,799")), instId: "BTC-USDT")
        }
        #expect(e?.message.hasPrefix("data[1][2] (h): ") == true)
    }

    @Test func algoOrders() throws {
        let body = #"{"code":"0","msg":"","data":[{"activePx":"","actualPx":"","actualSide":"","actualSz":"0","algoClOrdId":"\#(Self.id)","algoId":"681096944655273984","cTime":"1708658165774","instId":"BTC-USDT","instType":"SPOT","ordType":"conditional","posSide":"net","reduceOnly":"false","side":"sell","slOrdPx":"-1","slTriggerPx":"95000.5","slTriggerPxType":"last","state":"live","sz":"0.01","tdMode":"cash","tpOrdPx":"","tpTriggerPx":"","triggerTime":"","failCode":"0"}]}"#
        let a = try #require(try OKXResponse.data(OKXAlgoOrder.self, status: 200, body: Self.bytes(body)).first)
        let v = try a.venueOrder()
        #expect(v.request.id == Self.id && v.request.type == .stopMarket(trigger: Price.of("95000.5")) && v.status == .accepted)
        #expect(v.reason == nil)  // failCode "0" on a live stop, as in OKX's example, is no failure
        let failed = body.replacingOccurrences(of: #""state":"live""#, with: #""state":"order_failed""#)
            .replacingOccurrences(of: #""failCode":"0""#, with: #""failCode":"51008""#)
            .replacingOccurrences(of: #""slOrdPx":"-1""#, with: #""slOrdPx":"95000""#)
        let f = try OKXResponse.data(OKXAlgoOrder.self, status: 200, body: Self.bytes(failed))[0].venueOrder()
        #expect(f.status == .rejected && f.reason == "order failed 51008" && f.request.type == .stopLimit(trigger: Price.of("95000.5"), price: 95000))
    }

    /// protocols.md §4.5's orders push, with our client id.
    static func ordersPush(clOrdId: String, algoClOrdId: String = "") -> String {
        #"{"arg":{"channel":"orders","instType":"SPOT","instId":"BTC-USDT","uid":"614488474791936"},"data":[{"accFillSz":"0.001","algoClOrdId":"\#(algoClOrdId)","algoId":"","amendResult":"","amendSource":"","avgPx":"31527.1","cancelSource":"","category":"normal","ccy":"","clOrdId":"\#(clOrdId)","code":"0","cTime":"1654084334977","execType":"M","fee":"-0.02522168","feeCcy":"USDT","fillFee":"-0.02522168","fillFeeCcy":"USDT","fillNotionalUsd":"31.50818374","fillPx":"31527.1","fillSz":"0.001","fillPnl":"0.01","fillTime":"1654084353263","fillPxVol":"","fillPxUsd":"","fillMarkVol":"","fillFwdPx":"","fillMarkPx":"","fillIdxPx":"","instId":"BTC-USDT","instType":"SPOT","lever":"0","msg":"","notionalUsd":"31.50818374","ordId":"452197707845865472","ordType":"limit","pnl":"0","posSide":"","px":"31527.1","pxUsd":"","pxVol":"","pxType":"","quickMgnType":"","rebate":"0","rebateCcy":"BTC","reduceOnly":"false","reqId":"","side":"sell","attachAlgoClOrdId":"","slOrdPx":"","slTriggerPx":"","slTriggerPxType":"last","source":"","state":"filled","stpId":"","stpMode":"","sz":"0.001","tag":"","tdMode":"cash","tgtCcy":"","tpOrdPx":"","tpTriggerPx":"","tpTriggerPxType":"last","attachAlgoOrds":[],"tradeId":"242589207","tradeQuoteCcy":"USDT","lastPx":"38892.2","uTime":"1654084353264","isTpLimit":"false","linkedAlgoOrd":{"algoId":""}}]}"#
    }
}
