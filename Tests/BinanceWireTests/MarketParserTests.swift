import BinanceWire
import BotCore
import Testing

/// The hot parser on protocols.md §2's payloads in the combined stream's envelope, their
/// variations, messages that are not hot, and broken messages (an error naming the field,
/// never a crash).
struct MarketParserTests {
    static let trade = #"{"stream":"bnbbtc@trade","data":{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}}"#
    static let kline = #"{"stream":"bnbbtc@kline_1m","data":{"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}}"#
    static let bookTicker = #"{"stream":"bnbusdt@bookTicker","data":{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}}"#
    static let depth = #"{"stream":"bnbbtc@depth","data":{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}}"#

    static let docsTrade = BinanceMarketPush.trade(symbol: "BNBBTC", BinanceStreamTrade(
        trade: Trade(ts: 1_672_515_782_136, price: Price.of("0.001"), quantity: 100, side: .sell), tradeID: 12345, eventMs: 1_672_515_782_136))
    static let docsKline = BinanceMarketPush.kline(symbol: "BNBBTC", BinanceKline(
        candle: Candle(ts: 1_672_515_780_000, open: Price.of("0.001"), high: Price.of("0.0025"), low: Price.of("0.0015"), close: Price.of("0.002"),
                       volume: 1000),
        interval: .oneMinute, closeMs: 1_672_515_839_999, closed: false))
    static let docsBookTicker = BinanceMarketPush.bookTicker(symbol: "BNBUSDT", BinanceBookTicker(
        updateID: 400_900_217, bid: Price.of("25.3519"), bidQuantity: Quantity.of("31.21"), ask: Price.of("25.3652"), askQuantity: Quantity.of("40.66")))

    @Test func docsShapes() throws {
        #expect(try BinanceMarketParser.parse(Self.trade) == Self.docsTrade)
        #expect(try BinanceMarketParser.parse(Self.kline) == Self.docsKline)
        #expect(try BinanceMarketParser.parse(Self.bookTicker) == Self.docsBookTicker)
        #expect(try BinanceMarketParser.parse(Array(Self.trade.utf8)) == Self.docsTrade)
        let bytes = Array(Self.kline.utf8)
        #expect(try bytes.withUnsafeBytes { try BinanceMarketParser.parse($0) } == Self.docsKline)
    }

    @Test func takerSideAndClosedKlines() throws {
        // The buyer was the taker when it was not the maker.
        let buy = Self.trade.replacingOccurrences(of: #""m":true"#, with: #""m":false"#)
        guard case .trade(_, let t) = try BinanceMarketParser.parse(buy) else { Issue.record("not a trade"); return }
        #expect(t.trade.side == .buy)
        let closed = Self.kline.replacingOccurrences(of: #""x":false"#, with: #""x":true"#)
        guard case .kline(_, let k) = try BinanceMarketParser.parse(closed) else { Issue.record("not a kline"); return }
        #expect(k.closed && k.interval.timeframe == Timeframe(seconds: 60))
        // The time zone variant of a kline stream, and every interval.
        for interval in BinanceKlineInterval.allCases {
            let frame = Self.kline.replacingOccurrences(of: #""i":"1m""#, with: #""i":"\#(interval.rawValue)""#)
                .replacingOccurrences(of: "bnbbtc@kline_1m", with: "bnbbtc@kline_\(interval.rawValue)@+08:00")
            guard case .kline(_, let k) = try BinanceMarketParser.parse(frame) else { Issue.record("\(interval)"); continue }
            #expect(k.interval == interval)
        }
    }

    @Test func anyKeyOrderWhitespaceEscapesAndExtras() throws {
        let odd = """
        \t{ "data" : { "T" : 1672515782136 , "extra" : { "a" : [ 1 , -2.5e+3 , true , false , null , { } , [ ] ] } ,
            "\\u0070":"0.001", "q":"1\\u0030\\u0030", "s":"BNB\\u0042TC", "t":12345, "E":1672515782136, "m":true,
            "note":"\\"quoted\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00" } ,
          "str\\u0065am" : "bnbbtc\\u0040trade" , "x" : 0 }\r\n
        """
        let r = Result { () throws(BinanceMarketParseError) in try BinanceMarketParser.parse(odd) }
        #expect(try r.get() == Self.docsTrade, "\(r)")
        let utf8 = #"{"stream":"１２３４５６usdt@bookTicker","note":"ünïcødé 中文 😀","data":{"u":1,"s":"１２３４５６USDT","b":"1","B":"2","a":"3","A":"4","x":"€"}}"#
        #expect(try BinanceMarketParser.parse(utf8) == .bookTicker(symbol: "１２３４５６USDT", BinanceBookTicker(updateID: 1, bid: 1, bidQuantity: 2, ask: 3, askQuantity: 4)))
        // Futures' book ticker adds e, E and T: skipped.
        #expect(try BinanceMarketParser.parse(#"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":9,"E":1,"T":2,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}"#)
            == .bookTicker(symbol: "BTCUSDT", BinanceBookTicker(updateID: 9, bid: 1, bidQuantity: 1, ask: 2, askQuantity: 1)))
    }

    @Test func decimalsFollowFixedPointRules() throws {
        func price(_ p: String) throws -> Price? {
            guard case .trade(_, let t) = try BinanceMarketParser.parse(#"{"stream":"ab@trade","data":{"E":1,"s":"AB","t":1,"p":"\#(p)","q":"1","T":1,"m":true}}"#)
            else { return nil }
            return t.trade.price
        }
        for text in ["0", "1", "0.1", "105573.73", "0.000000001", "1.0000000000", "+2", "-3.5", ".5", "5.", "9223372036.854775807",
                     "-9223372036.854775808", "007", "0.00000100"] {
            #expect(try price(text) == Price.parse(text[...]), "\(text)")
        }
        for text in ["", "abc", "1.2.3", "1e5", "0.0000000001", "99999999999", ".", "-", "9223372036.854775808", " 1", "1 ", "0x10"] {
            #expect(throws: BinanceMarketParseError.self, "\(text)") { try price(text) }
        }
    }

    @Test func integersAreIntegers() throws {
        func id(_ t: String) throws -> Int64? {
            guard case .trade(_, let x) = try BinanceMarketParser.parse(#"{"stream":"ab@trade","data":{"E":1,"s":"AB","t":\#(t),"p":"1","q":"1","T":1,"m":true}}"#)
            else { return nil }
            return x.tradeID
        }
        #expect(try id("0") == 0 && id("-0") == 0 && id("9223372036854775807") == Int64.max && id(" 42 ") == 42)
        for bad in ["1.0", "1e3", "-1", "9223372036854775808", "\"1\"", "true", "null", "[1]"] {
            #expect(throws: BinanceMarketParseError.self, "\(bad)") { try id(bad) }
        }
    }

    @Test(arguments: [
        (MarketParserTests.depth, "depth"),
        (#"{"stream":"bnbbtc@aggTrade","data":{"e":"aggTrade"}}"#, "aggTrade"),
        (#"{"stream":"bnbbtc@depth5@100ms","data":{"lastUpdateId":160,"bids":[],"asks":[]}}"#, "partial depth"),
        (#"{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}"#, "server shutdown"),
        (#"{"e":"serverShutdown","E":1770123456789}"#, "raw server shutdown"),
        (#"{"result":null,"id":1}"#, "subscribe answer"),
        (#"{"result":["btcusdt@aggTrade"],"id":3}"#, "list answer"),
        (#"{"code":2,"msg":"Invalid request: unknown variant"}"#, "error"),
        (#"{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}"#, "raw trade"),
        (#"{"stream":5,"data":{}}"#, "stream not a string"),
        (#"{"stream":"bnbbtc@trades","data":{}}"#, "trades is not trade"),
        (#"{"stream":"bnbbtc@kline","data":{}}"#, "kline without an interval"),
        (#"{"stream":"bnbbtc","data":{}}"#, "no @"),
        (#"{"data":{"e":"trade"},"stream":"bnbbtc@miniTicker"}"#, "data first, other stream"),
        (#"{}"#, "empty object"),
    ])
    func notHot(_ frame: String, _ what: String) throws {
        #expect(try BinanceMarketParser.parse(frame) == .notHot, "\(what)")
    }

    @Test(arguments: [
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","T":1,"m":true}}"#, "data.q", "missing"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"","T":1,"m":true}}"#, "data.q", "empty number"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":1,"q":"1","T":1,"m":true}}"#, "data.p", "expected a string"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":"true"}}"#, "data.m", "expected true or false"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":"1","p":"1","q":"1","T":1,"m":true}}"#, "data.t", "expected a number"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":-5,"m":true}}"#, "data.T", "negative"),
        (#"{"stream":"x@trade","data":{"E":1.5,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true}}"#, "data.E", "expected an integer"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"","t":1,"p":"1","q":"1","T":1,"m":true}}"#, "data.s", "empty symbol"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true,"p":"2"}}"#, "data.p", "field given twice"),
        (#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1e3","q":"1","T":1,"m":true}}"#, "data.p", "not a decimal number"),
        (#"{"stream":"x@trade","data":[]}"#, "data", "expected an object"),
        (#"{"stream":"x@trade"}"#, "data", "missing"),
        (#"{"stream":"x@kline_1m","data":{"E":1,"s":"X"}}"#, "data.k", "missing"),
        (#"{"stream":"x@kline_1m","data":{"s":"X","k":{"t":1,"T":2,"i":"1m","o":"1","c":"1","h":"1","l":"1","v":"1"}}}"#, "data.k.x", "missing"),
        (#"{"stream":"x@kline_1m","data":{"s":"X","k":{"t":1,"T":2,"i":"2m","o":"1","c":"1","h":"1","l":"1","v":"1","x":true}}}"#, "data.k.i", "not a kline interval"),
        (#"{"stream":"x@kline_1m","data":{"s":"X","k":{"t":1,"T":2,"i":"1m","o":"1","c":"1","h":"1","l":"1","v":"1x","x":true}}}"#, "data.k.v", "not a decimal number"),
        (#"{"stream":"x@kline_1m","data":{"s":"X","k":{"t":1,"T":2,"i":"1m","o":"1","c":"1","h":"1","l":"1","v":"1","x":1}}}"#, "data.k.x", "expected true or false"),
        (#"{"stream":"x@kline_1m","data":{"s":"X","k":[]}}"#, "data.k", "expected an object"),
        (#"{"stream":"x@bookTicker","data":{"u":1,"s":"X","b":"1","B":"1","a":"1"}}"#, "data.A", "missing"),
        (#"{"stream":"x@bookTicker","data":{"u":1,"s":7,"b":"1","B":"1","a":"1","A":"1"}}"#, "data.s", "expected a string"),
        (#"{"data":{"E":1,"s":"X","t":1,"p":"1","T":1,"m":true},"stream":"x@trade"}"#, "data.q", "missing"),
    ])
    func wrongShapeNamesTheField(_ frame: String, _ field: String, _ reason: String) {
        let e = #expect(throws: BinanceMarketParseError.self) { try BinanceMarketParser.parse(frame) }
        #expect(e?.field == field && e?.reason == reason, "\(String(describing: e))")
    }

    @Test(arguments: [
        "", " ", "[]", "\"x\"", "ping", "{", "{}x", #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true}} {}"#,
        #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true},}"#,
        #"{"stream":"x@trade" "data":{}}"#, "{\"stream\":\"x@trade\",\"data\":{\"s\":\"X\u{01}\"}}",
        #"{"stream":"x@trade","data":{"s":"X\q"}}"#, #"{"stream":"x@trade","data":{"s":"\ud83d"}}"#,
        #"{"stream":"x@trade","data":{"s":"\ude00"}}"#, #"{"stream":"x@trade","data":{"s":"\u12"}}"#,
        #"{"stream":"x@trade","data":{"E":01,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true}}"#,
        #"{"stream":"x@trade","data":{"E":-,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true}}"#,
        #"{"stream":"x@trade","data":{"E":1.,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true}}"#,
        #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":tru}}"#,
        #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true,"n":[1}}"#,
        #"{"stream":"x@trade","stream":"x@trade","data":{}}"#,
        #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true},"data":{}}"#,
        String(repeating: "[", count: 100),
        #"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true},"x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
    ])
    func malformedJSONIsAnError(_ frame: String) {
        #expect(throws: BinanceMarketParseError.self, "\(frame.prefix(80))") { try BinanceMarketParser.parse(frame) }
    }

    @Test func invalidUTF8IsAnError() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x8F, 0xBF, 0xBF]] {
            let frame = Array(#"{"stream":"x@trade","data":{"E":1,"s":"X","t":1,"p":"1","q":"1","T":1,"m":true,"n":""#.utf8) + bad + Array(#""}}"#.utf8)
            #expect(throws: BinanceMarketParseError.self, "\(bad)") { try BinanceMarketParser.parse(frame) }
        }
    }

    /// Every prefix of a message ends inside it: an error (or, once the stream is seen to be
    /// another, not hot), never a read past the end. Each prefix is copied to a buffer of its
    /// own size, so the address sanitizer, when on, would see an overrun.
    @Test func everyPrefixIsAnErrorNotACrash() throws {
        for frame in [Self.trade, Self.kline, Self.bookTicker, Self.depth] {
            let bytes = Array(frame.utf8)
            for n in 0..<bytes.count {
                let prefix = Array(bytes[..<n])
                do {
                    let r = try BinanceMarketParser.parse(prefix)
                    #expect(r == .notHot, "\(String(decoding: prefix, as: UTF8.self))")
                } catch {
                    #expect(error.offset <= n)
                }
            }
        }
    }

    @Test func errorDescriptionsLocateTheProblem() {
        #expect(BinanceMarketParseError(offset: 42, field: "data.k.x", reason: "missing").description == "data.k.x: missing (byte 42)")
        #expect(BinanceMarketParseError(offset: 0, field: "", reason: "empty message").description == "empty message at byte 0")
        #expect((try? BinanceMarketParser.parse([UInt8]())) == nil)
    }

    @Test func intervalsAndTimeframes() {
        #expect(BinanceKlineInterval.oneSecond.timeframe == Timeframe(seconds: 1))
        #expect(BinanceKlineInterval.fourHours.timeframe == Timeframe(seconds: 14_400))
        #expect(BinanceKlineInterval.oneDay.timeframe == Timeframe(seconds: 86_400))
        #expect(BinanceKlineInterval.threeDays.timeframe == nil && BinanceKlineInterval.oneWeek.timeframe == nil && BinanceKlineInterval.oneMonth.timeframe == nil)
        #expect(BinanceKlineInterval(Timeframe(seconds: 900)) == .fifteenMinutes && BinanceKlineInterval(Timeframe(seconds: 7)) == nil)
        #expect(BinanceKlineInterval.allCases.count == 16)
    }
}
