import BotCore
import OKXWire
import Testing

/// Frames sent (subscribe, unsubscribe, login, ping) and every event and private push OKX
/// sends back (protocols.md §4).
struct WebSocketFrameTests {
    @Test func subscribeAndUnsubscribe() throws {
        #expect(try OKXWSRequest.subscribe([.tickers("BTC-USDT")], id: "1512")
            == #"{"id":"1512","op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}"#)
        #expect(try OKXWSRequest.subscribe([.candles(OKXBar("1m"), "BTC-USDT"), .trades("ETH-USDT")])
            == #"{"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT"},{"channel":"trades","instId":"ETH-USDT"}]}"#)
        #expect(try OKXWSRequest.subscribe([.orders(.spot, instId: "BTC-USDT")])
            == #"{"op":"subscribe","args":[{"channel":"orders","instType":"SPOT","instId":"BTC-USDT"}]}"#)
        #expect(try OKXWSRequest.unsubscribe([.positions()]) == #"{"op":"unsubscribe","args":[{"channel":"positions","instType":"ANY"}]}"#)
        #expect(OKXWSRequest.ping == "ping")
        #expect(throws: OKXRequestError.self) { try OKXWSRequest.subscribe([]) }
        #expect(throws: OKXRequestError.self) { try OKXWSRequest.subscribe([.tickers("BTC-USDT")], id: "not-alnum") }
    }

    @Test func channelsKnowTheirService() {
        #expect(OKXChannelArg.tickers("X").endpoint == .publicData && OKXChannelArg.trades("X").endpoint == .publicData)
        #expect(OKXChannelArg.candles(OKXBar("1D"), "X").endpoint == .business && OKXChannelArg.algoOrders().endpoint == .business)
        #expect(OKXChannelArg.orders().endpoint == .privateData && OKXChannelArg.positions().endpoint == .privateData)
        #expect(OKXEnvironment.live.webSocketURL(.business) == "wss://ws.okx.com:8443/ws/v5/business")
        #expect(OKXEnvironment.demo.webSocketURL(.privateData) == "wss://wspap.okx.com:8443/ws/v5/private")
    }

    @Test func events() throws {
        #expect(try OKXWSMessage.decode("pong") == .pong)
        #expect(try OKXWSMessage.decode(#"{"id":"1512","event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"accb8e21"}"#)
            == .subscribed(.tickers("BTC-USDT"), id: "1512"))
        #expect(try OKXWSMessage.decode(#"{"event":"unsubscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"d0b44253"}"#)
            == .unsubscribed(.tickers("BTC-USDT"), id: nil))
        #expect(try OKXWSMessage.decode(#"{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}"#) == .loggedIn(connectionID: "a4d3ae55"))
        guard case .error(let login, _) = try OKXWSMessage.decode(#"{"event":"error","code":"60009","msg":"Login failed.","connId":"a4d3ae55"}"#)
        else { Issue.record("not an error"); return }
        #expect(login.kind == .loginFailed && login.code == "60009" && login.message == "Login failed.")
        let invalid = #"{"id":"1512","event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"tickers\", \"instId\" : \"LTC-USD-200327\"}]}","connId":"a4d3ae55"}"#
        guard case .error(let e, let id) = try OKXWSMessage.decode(invalid) else { Issue.record("not an error"); return }
        #expect(e.kind == .invalidRequest && id == "1512" && e.message.hasPrefix("Invalid request: {\"op\""))
        #expect(try OKXWSMessage.decode(#"{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}"#)
            == .notice(code: "64008", message: "The connection will soon be closed for a service upgrade. Please reconnect."))
        #expect(try OKXWSMessage.decode(#"{"event":"channel-conn-count","channel":"orders","connCount":"2","connId":"abcd1234"}"#)
            == .connectionCount(channel: "orders", count: 2))
        for (code, kind) in [("60004", OKXErrorKind.clockSkew), ("60005", .badAPIKey), ("60007", .badSignature), ("60011", .notLoggedIn),
                             ("60024", .badPassphrase), ("60014", .rateLimited), ("60018", .invalidRequest), ("64001", .invalidRequest)] {
            guard case .error(let e, _) = try OKXWSMessage.decode(#"{"event":"error","code":"\#(code)","msg":"m","connId":"c"}"#) else {
                Issue.record("\(code)")
                continue
            }
            #expect(e.kind == kind, "\(code)")
        }
    }

    @Test func privatePushes() throws {
        guard case .orders(let o) = try OKXWSMessage.decode(ResponseDecodingTests.ordersPush(clOrdId: "abc")) else { Issue.record("orders"); return }
        #expect(o.count == 1 && o[0].clientOrderID == "abc")
        let algo = #"{"arg":{"channel":"orders-algo","uid":"77982378738415879","instType":"FUTURES","instId":"BTC-USD-200329"},"data":[{"actualPx":"0","actualSide":"","actualSz":"0","algoClOrdId":"","algoId":"581878926302093312","attachAlgoOrds":[],"amendResult":"","cTime":"1685002746818","uTime":"1708679675245","ccy":"","clOrdId":"","closeFraction":"","failCode":"","instId":"BTC-USDC","instType":"SPOT","last":"26174.8","lever":"0","notionalUsd":"11.0","ordId":"","ordIdList":[],"ordPx":"","ordType":"conditional","posSide":"","quickMgnType":"","reduceOnly":"false","reqId":"","side":"buy","slOrdPx":"","slTriggerPx":"","slTriggerPxType":"","state":"live","sz":"11","tag":"","tdMode":"cross","tgtCcy":"quote_ccy","tpOrdPx":"-1","tpTriggerPx":"1","tpTriggerPxType":"last","triggerPx":"","triggerTime":"","tradeQuoteCcy":"USDT","amendPxOnTriggerType":"0","linkedOrd":{"ordId":"98192973880283"},"isTradeBorrowMode":""}]}"#
        guard case .algoOrders(let a) = try OKXWSMessage.decode(algo) else { Issue.record("algo"); return }
        #expect(a[0].algoID == "581878926302093312" && a[0].state == .live && a[0].size == 11 && a[0].stopTrigger == nil)
        let positions = #"{"arg":{"channel":"positions","uid":"77982378738415879","instType":"ANY"},"data":[{"adl":"1","availPos":"1","avgPx":"2566.31","cTime":"1619507758793","instId":"BTC-USDT-SWAP","instType":"SWAP","lever":"10","mgnMode":"cross","pos":"1","posSide":"long","uTime":"1619507761462"}]}"#
        guard case .positions(let p) = try OKXWSMessage.decode(positions) else { Issue.record("positions"); return }
        #expect(p[0].signedQuantity == 1 && p[0].positionSide == .long)
    }

    @Test func marketAndOtherPushes() throws {
        #expect(try OKXWSMessage.decode(MarketParserTests.tickers) == .market(try OKXMarketParser.parse(MarketParserTests.tickers)))
        #expect(try OKXWSMessage.decode(MarketParserTests.books) == .other(channel: "books"))
        let e = #expect(throws: OKXError.self) { try OKXWSMessage.decode(#"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"px":"1"}]}"#) }
        #expect(e?.kind == .malformedResponse && e?.message == "data[0].sz: missing")
        #expect(throws: OKXError.self) { try OKXWSMessage.decode("{") }
        #expect(throws: OKXError.self) { try OKXWSMessage.decode(#"{"event":"dance"}"#) }
    }
}
