import BinanceWire
import BotCore
import Testing

/// The market stream connection: stream names, control messages sent and their answers,
/// `serverShutdown`, and the combined envelope read in full (protocols.md §2).
struct StreamFrameTests {
    @Test func streamNamesAreLowerCaseSymbols() {
        #expect(BinanceStreamName.trade("BTCUSDT").name == "btcusdt@trade")
        #expect(BinanceStreamName.kline("BNBBTC", .oneMinute).name == "bnbbtc@kline_1m")
        #expect(BinanceStreamName.kline("BNBBTC", .oneMonth).name == "bnbbtc@kline_1M")
        #expect(BinanceStreamName.bookTicker("BNBUSDT").description == "bnbusdt@bookTicker")
    }

    @Test func controlMessages() throws {
        #expect(try BinanceStreamRequest.subscribe([BinanceStreamName("btcusdt@aggTrade"), BinanceStreamName("btcusdt@depth")], id: 1)
            == #"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}"#)
        #expect(try BinanceStreamRequest.unsubscribe([BinanceStreamName("btcusdt@depth")], id: 312)
            == #"{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}"#)
        #expect(try BinanceStreamRequest.listSubscriptions(id: 3) == #"{"method":"LIST_SUBSCRIPTIONS","id":3}"#)
        #expect(try BinanceStreamRequest.subscribe([.trade("ETHUSDT"), .kline("ETHUSDT", .fifteenMinutes), .bookTicker("ETHUSDT")], id: .string("sub7"))
            == #"{"method":"SUBSCRIBE","params":["ethusdt@trade","ethusdt@kline_15m","ethusdt@bookTicker"],"id":"sub7"}"#)
    }

    @Test func controlMessageChecks() {
        for (call, field) in [
            ({ try BinanceStreamRequest.subscribe([], id: 1) }, "params"),
            ({ try BinanceStreamRequest.subscribe((0..<1025).map { .trade("S\($0)") }, id: 1) }, "params"),
            ({ try BinanceStreamRequest.subscribe([BinanceStreamName("btcusdt")], id: 1) }, "params"),
            ({ try BinanceStreamRequest.subscribe([BinanceStreamName("@trade")], id: 1) }, "params"),
            ({ try BinanceStreamRequest.subscribe([BinanceStreamName("btc\"usdt@trade")], id: 1) }, "params"),
            ({ try BinanceStreamRequest.subscribe([BinanceStreamName("btc usdt@trade")], id: 1) }, "params"),
            ({ try BinanceStreamRequest.unsubscribe([.trade("BTCUSDT")], id: .string("has-dash")) }, "id"),
            ({ try BinanceStreamRequest.listSubscriptions(id: .string(String(repeating: "a", count: 37))) }, "id"),
            ({ try BinanceStreamRequest.listSubscriptions(id: .string("")) }, "id"),
        ] as [(() throws -> String, String)] {
            let e = #expect(throws: BinanceRequestError.self) { try call() }
            #expect(e?.field == field, "\(String(describing: e))")
        }
        #expect((try? BinanceStreamRequest.subscribe((0..<1024).map { .trade("S\($0)") }, id: 1)) != nil)
    }

    @Test func answersAndErrors() throws {
        #expect(try BinanceStreamMessage.decode(#"{"result":null,"id":1}"#) == .done(id: 1))
        #expect(try BinanceStreamMessage.decode(#"{"result":null,"id":312}"#) == .done(id: 312))
        #expect(try BinanceStreamMessage.decode(#"{"result":["btcusdt@aggTrade"],"id":3}"#) == .subscriptions(["btcusdt@aggTrade"], id: 3))
        #expect(try BinanceStreamMessage.decode(#"{"result":[],"id":"abc"}"#) == .subscriptions([], id: .string("abc")))
        #expect(try BinanceStreamMessage.decode(#"{"code": 0, "msg": "Unknown property","id": 5}"#) == .error(code: 0, message: "Unknown property", id: 5))
        #expect(try BinanceStreamMessage.decode(#"{"code": 2, "msg": "Invalid request: request ID must be an unsigned integer"}"#)
            == .error(code: 2, message: "Invalid request: request ID must be an unsigned integer", id: nil))
        #expect(try BinanceStreamMessage.decode(#"{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}"#)
            == .error(code: 3, message: "Invalid JSON: expected value at line 1 column 1", id: nil))
        for bad in [#"{"result":[1],"id":1}"#, #"{"code":"2","msg":"x"}"#, #"{"hello":1}"#, "[]", "{", #"{"stream":5,"data":{}}"#,
                    #"{"stream":"!serverShutdown","data":{"e":"serverShutdown"}}"#] {
            let e = #expect(throws: BinanceError.self, "\(bad)") { try BinanceStreamMessage.decode(bad) }
            #expect(e?.kind == .malformedResponse)
        }
    }

    @Test func serverShutdown() throws {
        #expect(try BinanceStreamMessage.decode(#"{"e":"serverShutdown","E":1770123456789}"#) == .serverShutdown(eventMs: 1_770_123_456_789))
        #expect(try BinanceStreamMessage.decode(#"{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}"#)
            == .serverShutdown(eventMs: 1_770_123_456_789))
    }

    @Test func marketAndOtherStreams() throws {
        #expect(try BinanceStreamMessage.decode(MarketParserTests.trade) == .market(MarketParserTests.docsTrade))
        #expect(try BinanceStreamMessage.decode(MarketParserTests.kline) == .market(MarketParserTests.docsKline))
        #expect(try BinanceStreamMessage.decode(MarketParserTests.bookTicker) == .market(MarketParserTests.docsBookTicker))
        #expect(try BinanceStreamMessage.decode(MarketParserTests.depth) == .other(stream: "bnbbtc@depth"))
        #expect(try BinanceStreamMessage.decode(#"{"stream":"bnbbtc@depth5","data":{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}}"#)
            == .other(stream: "bnbbtc@depth5"))
        // A raw stream's payload, without the combined wrapper.
        #expect(try BinanceStreamMessage.decode(#"{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}"#)
            == .other(stream: "trade"))
        // A hot stream that is broken is an error naming the field.
        let e = #expect(throws: BinanceError.self) {
            try BinanceStreamMessage.decode(#"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1","T":1,"m":true}}"#)
        }
        #expect(e?.kind == .malformedResponse && e?.message == "data.q: missing")
    }
}
