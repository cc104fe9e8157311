import BinanceWire
import BotCore
import Testing

/// The WebSocket API that carries the user data stream (protocols.md §1.7): request frames,
/// answers with their status, error and limits, and the account's events, executionReport
/// mapped to the runtime's order events.
struct WebSocketAPITests {
    static let id = ClientOrderID(bot: "grid-btc", sequence: 9)
    static let spot = ResponseDecodingTests.spot

    @Test func requestFrames() throws {
        #expect(try BinanceWSAPIRequest.unsubscribeUserData(id: 3) == #"{"id":3,"method":"userDataStream.unsubscribe"}"#)
        #expect(try BinanceWSAPIRequest.unsubscribeUserData(subscriptionID: 0, id: .string("u-1"))
            == #"{"id":"u-1","method":"userDataStream.unsubscribe","params":{"subscriptionId":0}}"#)
        #expect(try BinanceWSAPIRequest.sessionSubscriptions(id: 2) == #"{"id":2,"method":"session.subscriptions"}"#)
        #expect(try BinanceWSAPIRequest.ping(id: .string("922bcc6e-9de8-440d-9e84-7c80933a8d0d"))
            == #"{"id":"922bcc6e-9de8-440d-9e84-7c80933a8d0d","method":"ping"}"#)
        #expect(try BinanceWSAPIRequest.time(id: 4) == #"{"id":4,"method":"time"}"#)
        let c = SigningTests.credentials
        for (call, field) in [
            ({ try BinanceWSAPIRequest.ping(id: .string("req-1234567890-1234567890-1234567890-x")) }, "id"),
            ({ try BinanceWSAPIRequest.ping(id: .string("a b")) }, "id"),
            ({ try BinanceWSAPIRequest.unsubscribeUserData(subscriptionID: -1, id: 1) }, "subscriptionId"),
            ({ try BinanceWSAPIRequest.subscribeUserData(c, timestampMs: 1, recvWindowMs: 60_001, id: 1) }, "recvWindow"),
            ({ try BinanceWSAPIRequest.subscribeUserData(c, timestampMs: -1, id: 1) }, "timestamp"),
            ({ try BinanceWSAPIRequest.subscribeUserData(BinanceCredentials(apiKey: "", secret: "s"), timestampMs: 1, id: 1) }, "apiKey"),
        ] as [(() throws -> String, String)] {
            let e = #expect(throws: BinanceRequestError.self) { try call() }
            #expect(e?.field == field, "\(String(describing: e))")
        }
    }

    @Test func answers() throws {
        guard case .response(let sub) = try BinanceWSAPIMessage.decode(#"{"id":"d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7","status":200,"result":{"subscriptionId":0}}"#)
        else { Issue.record("not a response"); return }
        #expect(sub.id == .string("d3df8a22-98ea-4fe0-9f4e-0fcea5d418b7") && sub.succeeded && sub.result == .subscription(0) && sub.rateLimits.isEmpty)
        guard case .response(let list) = try BinanceWSAPIMessage.decode(#"{"id":2,"status":200,"result":[{"subscriptionId":0},{"subscriptionId":1}]}"#)
        else { Issue.record("not a response"); return }
        #expect(list.id == 2 && list.result == .subscriptions([0, 1]))
        guard case .response(let empty) = try BinanceWSAPIMessage.decode(#"{"id":3,"status":200,"result":{},"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":4}]}"#)
        else { Issue.record("not a response"); return }
        #expect(empty.result == .empty && empty.rateLimits == [BinanceRateLimit(type: "REQUEST_WEIGHT", interval: .minute, intervalNum: 1, limit: 6000, count: 4)])
        guard case .response(let time) = try BinanceWSAPIMessage.decode(#"{"id":4,"status":200,"result":{"serverTime":1656400526260}}"#)
        else { Issue.record("not a response"); return }
        #expect(time.result == .serverTime(1_656_400_526_260))
        guard case .response(let order) = try BinanceWSAPIMessage.decode(#"{"id":5,"status":200,"result":{"symbol":"BTCUSDT","orderId":12569099453}}"#)
        else { Issue.record("not a response"); return }
        #expect(order.result == .other)
        #expect(try BinanceWSAPIMessage.decode(#"{"id":6,"status":200,"result":[]}"#) == .response(BinanceWSAPIResponse(id: 6, status: 200, result: .subscriptions([]), error: nil, rateLimits: [])))
    }

    @Test func errors() throws {
        guard case .response(let r) = try BinanceWSAPIMessage.decode(#"{"id":"e1","status":400,"error":{"code":-2010,"msg":"Account has insufficient balance for requested action."},"rateLimits":[{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50,"count":1}]}"#)
        else { Issue.record("not a response"); return }
        #expect(!r.succeeded && r.result == nil && r.error?.kind == .insufficientBalance && r.error?.httpStatus == 400 && r.rateLimits.count == 1)
        let cases: [(String, BinanceErrorKind)] = [
            (#"{"id":null,"status":400,"error":{"code":-1135,"msg":"Invalid 'id' in JSON request; expected an integer, a string matching '^[a-zA-Z0-9-_]{1,36}$', or null."}}"#, .invalidRequest),
            (#"{"id":1,"status":401,"error":{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}}"#, .keyRefused),
            (#"{"id":1,"status":400,"error":{"code":-1022,"msg":"Signature for this request is not valid."}}"#, .badSignature),
            (#"{"id":1,"status":400,"error":{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}}"#, .clockSkew),
            (#"{"id":1,"status":400,"error":{"code":-2035,"msg":"User Data Stream subscription already active."}}"#, .alreadySubscribed),
            (#"{"id":1,"status":400,"error":{"code":-2042,"msg":"Maximum subscription ID reached for this connection."}}"#, .subscriptionIDsExhausted),
            (#"{"id":1,"status":400,"error":{"code":-1102,"msg":"Mandatory parameter 'signature' was not sent, was empty/null, or malformed."}}"#, .invalidRequest),
            (#"{"id":1,"status":400,"error":{"code":-1020,"msg":"This operation is not supported."}}"#, .invalidRequest),
            (#"{"id":1,"status":503,"error":{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}}"#, .unknownOutcome),
            (#"{"id":1,"status":500}"#, .unknownOutcome),
        ]
        for (frame, kind) in cases {
            guard case .response(let e) = try BinanceWSAPIMessage.decode(frame) else { Issue.record("\(frame)"); continue }
            #expect(!e.succeeded && e.error?.kind == kind, "\(frame)")
        }
        guard case .response(let nullID) = try BinanceWSAPIMessage.decode(cases[0].0) else { return }
        #expect(nullID.id == nil && nullID.error?.code == -1135)
        for bad in [#"{"id":1,"status":"200","result":{}}"#, #"{"id":1,"status":400,"error":{"msg":"x"}}"#, #"{"id":1}"#, "[1]", "",
                    #"{"id":1,"status":200,"result":{"subscriptionId":-1}}"#, #"{"id":1,"status":200,"result":{},"rateLimits":[{"rateLimitType":"X"}]}"#] {
            let e = #expect(throws: BinanceError.self, "\(bad)") { try BinanceWSAPIMessage.decode(bad) }
            #expect(e?.kind == .malformedResponse)
        }
    }

    @Test func accountEvents() throws {
        let position = #"{"subscriptionId":0,"event":{"e":"outboundAccountPosition","E":1728972148778,"u":1728972148778,"B":[{"a":"BTC","f":"11818.00000000","l":"182.00000000"}]}}"#
        guard case .event(.accountPosition(let p), let sub) = try BinanceWSAPIMessage.decode(position) else { Issue.record("position"); return }
        #expect(sub == 0 && p.eventMs == 1_728_972_148_778 && p.updateMs == 1_728_972_148_778)
        #expect(p.balances == [BinanceBalance(asset: "BTC", free: 11818, locked: 182)] && p.unreadableBalances.isEmpty)
        let update = #"{"subscriptionId":3,"event":{"e":"balanceUpdate","E":1573200697110,"a":"BTC","d":"-100.00000000","T":1573200697068}}"#
        guard case .event(.balanceUpdate(let b), 3) = try BinanceWSAPIMessage.decode(update) else { Issue.record("balance"); return }
        #expect(b.asset == "BTC" && b.delta == -100 && b.clearMs == 1_573_200_697_068 && b.eventMs == 1_573_200_697_110)
        #expect(try BinanceWSAPIMessage.decode(#"{"subscriptionId":0,"event":{"e":"eventStreamTerminated","E":1728973001334}}"#)
            == .event(.streamTerminated(eventMs: 1_728_973_001_334), subscriptionID: 0))
        #expect(try BinanceWSAPIMessage.decode(#"{"event":{"e":"serverShutdown","E":1770123456789}}"#)
            == .event(.serverShutdown(eventMs: 1_770_123_456_789), subscriptionID: nil))
        #expect(try BinanceWSAPIMessage.decode(#"{"subscriptionId":0,"event":{"e":"externalLockUpdate","E":1581557507324,"a":"NEO","d":"10.00000000","T":1581557507268}}"#)
            == .event(.other(type: "externalLockUpdate"), subscriptionID: 0))
        for (bad, message) in [
            (#"{"subscriptionId":0,"event":{"E":1}}"#, "event.e: missing or not a string"),
            (#"{"subscriptionId":"0","event":{"e":"eventStreamTerminated","E":1}}"#, "subscriptionId: not a subscription id"),
            (#"{"subscriptionId":0,"event":{"e":"balanceUpdate","E":1,"a":"BTC","T":1}}"#, "event.d: missing"),
            (#"{"subscriptionId":0,"event":{"e":"outboundAccountPosition","E":1,"u":1,"B":{}}}"#, "event.B: expected an array"),
            (#"{"subscriptionId":0,"event":[]}"#, "event: expected an object"),
            (#"{"subscriptionId":0,"event":{"e":"eventStreamTerminated","E":"1"}}"#, "event.E: not a time in ms"),
        ] {
            let e = #expect(throws: BinanceError.self, "\(bad)") { try BinanceWSAPIMessage.decode(bad) }
            #expect(e?.message == message, "\(String(describing: e))")
        }
    }

    // MARK: executionReport

    /// user-data-stream.md's example, with this runtime's client id and the fields given.
    static func report(x: String, X: String, c: String = id.description, C: String = "", r: String = "NONE", l: String = "0.00000000",
                       z: String = "0.00000000", L: String = "0.00000000", n: String = "0", N: String? = nil, t: Int64 = -1,
                       m: Bool = false, extra: String = "") -> String {
        let asset = N.map { "\"\($0)\"" } ?? "null"
        return #"{"subscriptionId":0,"event":{"e":"executionReport","E":1499405658658,"s":"BTCUSDT","c":"\#(c)","S":"BUY","o":"LIMIT","f":"GTC","q":"1.00000000","p":"0.10264410","P":"0.00000000","F":"0.00000000","g":-1,"C":"\#(C)","x":"\#(x)","X":"\#(X)","r":"\#(r)","i":4293153,"l":"\#(l)","z":"\#(z)","L":"\#(L)","n":"\#(n)","N":\#(asset),"T":1499405658657,"t":\#(t),"I":8641984,"w":true,"m":\#(m),"M":false,"O":1499405658657,"Z":"0.00000000","Y":"0.00000000","Q":"0.00000000","W":1499405658657,"V":"NONE"\#(extra)}}"#
    }

    static func decode(_ frame: String) throws -> BinanceExecutionReport {
        guard case .event(.executionReport(let e), _) = try BinanceWSAPIMessage.decode(frame) else { throw BinanceError.malformed("", "not a report") }
        return e
    }

    @Test func newIsAccepted() throws {
        let r = try Self.decode(Self.report(x: "NEW", X: "NEW"))
        #expect(r.symbol == "BTCUSDT" && r.side == .buy && r.orderType == .limit && r.timeInForce == "GTC" && r.quantity == 1)
        #expect(r.price == Price.of("0.1026441") && r.stopPrice == nil && r.orderID == 4_293_153 && r.tradeID == -1 && r.isWorking == true)
        #expect(r.commission == BinanceCommission(amount: 0, asset: "") && r.eventMs == 1_499_405_658_658 && r.createdMs == 1_499_405_658_657)
        #expect(r.executionType == .new && r.orderStatus == .new && r.rejectReason == "NONE" && r.runtimeOrderID == Self.id)
        #expect(try r.orderEvent(instrument: Self.spot) == .accepted(Self.id))
        #expect(try r.fill(instrument: Self.spot) == nil)
    }

    @Test func tradesAreFills() throws {
        let partial = try Self.decode(Self.report(x: "TRADE", X: "PARTIALLY_FILLED", l: "0.40000000", z: "0.40000000", L: "0.10264410",
                                                  n: "0.00040000", N: "BTC", t: 77, m: true))
        #expect(partial.orderStatus == .partiallyFilled && partial.orderStatus.status == .partiallyFilled)
        // 0.0004 BTC at 0.1026441 USDT is 0.00004105764, rounded half-even to nine decimals.
        #expect(try partial.orderEvent(instrument: Self.spot) == .filled(Fill(orderID: Self.id, ts: 1_499_405_658_657, side: .buy, positionSide: .net,
                                                                                price: Price.of("0.1026441"), quantity: Quantity.of("0.4"),
                                                                                fee: Money.of("0.000041058"), liquidity: .maker, tradeID: "77",
                                                                                baseFee: Quantity.of("0.0004"))))
        // The buyer holds 0.4 less the 0.0004 BTC Binance kept.
        #expect(try partial.fill(instrument: Self.spot)?.heldChange == Quantity.of("0.3996"))
        let last = try Self.decode(Self.report(x: "TRADE", X: "FILLED", l: "0.60000000", z: "1.00000000", L: "0.10000000", n: "0.00006",
                                               N: "USDT", t: 78))
        #expect(last.orderStatus.status == .filled && last.cumulativeQuantity == 1)
        #expect(try last.orderEvent(instrument: Self.spot) == .filled(Fill(orderID: Self.id, ts: 1_499_405_658_657, side: .buy, positionSide: .net,
                                                                             price: Price.of("0.1"), quantity: Quantity.of("0.6"),
                                                                             fee: Money.of("0.00006"), liquidity: .taker, tradeID: "78")))
        // A commission in BNB stays on the report as charged; the fill books it at the caller's price, or zero.
        let bnb = try Self.decode(Self.report(x: "TRADE", X: "FILLED", l: "1", z: "1", L: "100", n: "0.001", N: "BNB", t: 79))
        #expect(bnb.commission == BinanceCommission(amount: Money.of("0.001"), asset: "BNB"))
        #expect(try bnb.fill(instrument: Self.spot)?.fee == 0)
        #expect(try bnb.fill(instrument: Self.spot, thirdAssetPrice: 600)?.fee == Money.of("0.6"))
    }

    @Test func cancelledNamesTheOriginalOrder() throws {
        let r = try Self.decode(Self.report(x: "CANCELED", X: "CANCELED", c: "cancelMyOrder1", C: Self.id.description))
        #expect(r.clientOrderID == "cancelMyOrder1" && r.originalClientOrderID == Self.id.description && r.runtimeOrderID == Self.id)
        #expect(try r.orderEvent(instrument: Self.spot) == .cancelled(Self.id))
        // A cancellation of someone else's order names the field it read.
        let foreign = try Self.decode(Self.report(x: "CANCELED", X: "CANCELED", c: "web_abc", C: "and_somebody_else"))
        #expect(foreign.runtimeOrderID == nil)
        let e = #expect(throws: BinanceError.self) { try foreign.orderEvent(instrument: Self.spot) }
        #expect(e?.message.hasPrefix("C: ") == true)
    }

    @Test func rejectedAndExpired() throws {
        let rejected = try Self.decode(Self.report(x: "REJECTED", X: "REJECTED", r: "INSUFFICIENT_BALANCES"))
        #expect(try rejected.orderEvent(instrument: Self.spot) == .rejected(Self.id, reason: "INSUFFICIENT_BALANCES"))
        #expect(rejected.orderStatus.status == .rejected)
        let expired = try Self.decode(Self.report(x: "EXPIRED", X: "EXPIRED", extra: #","eR":"UNFILLED_IOC_QUANTITY_EXPIRED""#))
        #expect(try expired.orderEvent(instrument: Self.spot) == .expired(Self.id) && expired.expiryReason == "UNFILLED_IOC_QUANTITY_EXPIRED")
        let stp = try Self.decode(Self.report(x: "TRADE_PREVENTION", X: "EXPIRED_IN_MATCH", extra: #","v":3"#))
        #expect(try stp.orderEvent(instrument: Self.spot) == .expired(Self.id) && stp.orderStatus.status == .expired)
        // An amendment is no lifecycle event of the runtime's; an unknown type neither.
        #expect(try Self.decode(Self.report(x: "REPLACED", X: "NEW")).orderEvent(instrument: Self.spot) == nil)
        #expect(try Self.decode(Self.report(x: "SOMETHING_NEW", X: "NEW")).orderEvent(instrument: Self.spot) == nil)
        // Not one of ours.
        let foreign = try Self.decode(Self.report(x: "NEW", X: "NEW", c: "mUvoqJxFIILMdfAW5iGSOW"))
        #expect(foreign.runtimeOrderID == nil)
        let e = #expect(throws: BinanceError.self) { try foreign.orderEvent(instrument: Self.spot) }
        #expect(e?.message.hasPrefix("c: ") == true)
    }

    @Test func brokenReportsNameTheField() {
        for (frame, message) in [
            (Self.report(x: "NEW", X: "NOPE"), "event.X: unknown value 'NOPE'"),
            (Self.report(x: "TRADE", X: "FILLED", l: "abc"), "event.l: 'abc' is not a decimal number"),
            (Self.report(x: "NEW", X: "NEW").replacingOccurrences(of: #""i":4293153,"#, with: ""), "event.i: missing"),
            (Self.report(x: "NEW", X: "NEW").replacingOccurrences(of: #""S":"BUY""#, with: #""S":"LONG""#), "event.S: 'LONG' is not BUY or SELL"),
        ] {
            let e = #expect(throws: BinanceError.self) { try BinanceWSAPIMessage.decode(frame) }
            #expect(e?.kind == .malformedResponse && e?.message == message, "\(String(describing: e))")
        }
        // A trade without a price or a trade id cannot be a fill.
        let noPrice = try? Self.decode(Self.report(x: "TRADE", X: "FILLED", l: "1", z: "1", L: "0", t: 5))
        let e = #expect(throws: BinanceError.self) { try noPrice?.fill(instrument: Self.spot) }
        #expect(e?.message.hasPrefix("L: ") == true)
        let noID = try? Self.decode(Self.report(x: "TRADE", X: "FILLED", l: "1", z: "1", L: "1", t: -1))
        #expect(throws: BinanceError.self) { try noID?.fill(instrument: Self.spot) }
    }
}
