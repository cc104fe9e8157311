import BotCore
import OKXWire
import Testing

/// The hot parser on protocols.md §4.3's pushes and their variations, on frames that are not
/// market pushes, and on broken frames (an error naming the field, never a crash).
struct MarketParserTests {
    static let tickers = #"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instType":"SPOT","instId":"BTC-USDT","last":"9999.99","lastSz":"0.1","askPx":"9999.99","askSz":"11","bidPx":"8888.88","bidSz":"5","open24h":"9000","high24h":"10000","low24h":"8888.88","volCcy24h":"2222","vol24h":"2222","sodUtc0":"2222","sodUtc8":"2222","ts":"1597026383085"}]}"#
    static let candles = #"{"arg":{"channel":"candle1D","instId":"BTC-USDT"},"data":[["1597026383085","8533.02","8553.74","8527.17","8548.26","45247","529.5858061","5529.5858061","0"]]}"#
    static let trades = #"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","ts":"1630048897897","count":"3","source":"0","seqId":1234}]}"#
    static let books = #"{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"],["8477","7","0","2"]],"bids":[["8476.97","256","0","12"],["8475.55","101","0","1"]],"ts":"1597026383085","checksum":0,"prevSeqId":-1,"seqId":123456}]}"#
    static let books5 = #"{"arg":{"channel":"books5","instId":"BCH-USDT-SWAP"},"data":[{"asks":[["111.06","55154","0","2"]],"bids":[["111.05","57745","0","2"]],"instId":"BCH-USDT-SWAP","ts":"1670324386802","seqId":363996337}]}"#

    static let docsTicker = Ticker(ts: 1_597_026_383_085, bid: Price.of("8888.88"), ask: Price.of("9999.99"), last: Price.of("9999.99"))
    static let docsTrade = Trade(ts: 1_630_048_897_897, price: Price.of("42219.9"), quantity: Quantity.of("0.12060306"), side: .buy)
    static let docsCandle = OKXCandle(candle: Candle(ts: 1_597_026_383_085, open: Price.of("8533.02"), high: Price.of("8553.74"),
                                                     low: Price.of("8527.17"), close: Price.of("8548.26"), volume: 45247),
                                      confirmed: false)

    @Test func docsShapes() throws {
        #expect(try OKXMarketParser.parse(Self.tickers) == .tickers(instId: "BTC-USDT", [Self.docsTicker]))
        #expect(try OKXMarketParser.parse(Self.trades) == .trades(instId: "BTC-USDT", [Self.docsTrade]))
        #expect(try OKXMarketParser.parse(Self.candles) == .candles(instId: "BTC-USDT", bar: OKXBar("1D"), [Self.docsCandle]))
        #expect(try OKXMarketParser.parse(Array(Self.tickers.utf8)) == .tickers(instId: "BTC-USDT", [Self.docsTicker]))
    }

    @Test func severalItemsAndOtherBars() throws {
        let two = #"{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"px":"1","sz":"2","side":"sell","ts":"3"},{"px":"4.5","sz":"0.000000001","side":"buy","ts":"6"}]}"#
        #expect(try OKXMarketParser.parse(two) == .trades(instId: "BTC-USDT", [
            Trade(ts: 3, price: 1, quantity: 2, side: .sell), Trade(ts: 6, price: Price.of("4.5"), quantity: Quantity(raw: 1), side: .buy),
        ]))
        let swap = #"{"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1","2","3","1","2","100","1.5","150000","1"],["61","2","3","1","2","200","2.5","250000","0"]]}"#
        guard case .candles(let id, let bar, let c) = try OKXMarketParser.parse(swap) else { Issue.record("not candles"); return }
        #expect(id == "BTC-USDT-SWAP" && bar == OKXBar("1m") && bar.timeframe == Timeframe(seconds: 60))
        // Derivatives count contracts in `vol`: the base volume is volCcy.
        #expect(c.map(\.candle.volume) == [1.5, 2.5] && c.map(\.confirmed) == [true, false])
        let all = #"{"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"42219.9","sz":"0.12060306","side":"buy","source":"0","ts":"1630048897897"}]}"#
        #expect(try OKXMarketParser.parse(all) == .trades(instId: "BTC-USDT", [Self.docsTrade]))
        #expect(try OKXMarketParser.parse(#"{"arg":{"channel":"tickers","instId":"X-Y"},"data":[]}"#) == .tickers(instId: "X-Y", []))
    }

    @Test func anyFieldOrderWhitespaceEscapesAndExtras() throws {
        // data before arg, keys shuffled, escapes in keys and values, extra fields of every type.
        let odd = """
        \t{ "data" : [ { "ts" : "1597026383085" , "extra" : { "a" : [ 1 , -2.5e+3 , true , false , null , { } , [ ] ] } ,
            "b\\u0069dPx" : "8888.88", "askPx":"9999.99", "last":"99\\u00399.99", "note":"\\"quoted\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00" } ] ,
          "arg" : { "instId" : "BTC\\u002DUSDT" , "channel" : "tick\\u0065rs", "uid":"1" } , "x" : 0 }\r\n
        """
        let r = Result { () throws(OKXMarketParseError) in try OKXMarketParser.parse(odd) }
        #expect(try r.get() == .tickers(instId: "BTC-USDT", [Self.docsTicker]), "\(r)")
        // Non-ASCII text anywhere a value is skipped.
        let utf8 = #"{"arg":{"channel":"trades","instId":"BTC-USDT","note":"ünïcødé 中文 😀"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","x":"€"}]}"#
        #expect(try OKXMarketParser.parse(utf8) == .trades(instId: "BTC-USDT", [Trade(ts: 1, price: 1, quantity: 1, side: .buy)]))
    }

    @Test func decimalsFollowFixedPointRules() throws {
        func price(_ px: String) throws -> Price? {
            guard case .trades(_, let t) = try OKXMarketParser.parse(#"{"arg":{"channel":"trades","instId":"A-B"},"data":[{"px":"\#(px)","sz":"1","side":"buy","ts":"1"}]}"#)
            else { return nil }
            return t.first?.price
        }
        for text in ["0", "1", "0.1", "105573.73", "0.000000001", "1.0000000000", "+2", "-3.5", ".5", "5.", "9223372036.854775807",
                     "-9223372036.854775808", "007"] {
            #expect(try price(text) == Price.parse(text[...]), "\(text)")
        }
        for text in ["", "abc", "1.2.3", "1e5", "0.0000000001", "99999999999", ".", "-", "9223372036.854775808", " 1", "1 ", "0x10"] {
            #expect(throws: OKXMarketParseError.self, "\(text)") { try price(text) }
        }
    }

    @Test(arguments: [
        (MarketParserTests.books, "books"), (MarketParserTests.books5, "books5"),
        (#"{"id":"1512","event":"subscribe","arg":{"channel":"tickers","instId":"BTC-USDT"},"connId":"accb8e21"}"#, "ack"),
        (#"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"event":"subscribe","connId":"accb8e21"}"#, "ack, event after arg"),
        (#"{"arg":{"channel":"tickers"},"event":"subscribe"}"#, "ack without instId"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":"bad"}],"event":"error"}"#, "an event whatever its data"),
        (#"{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}"#, "login"),
        (#"{"event":"error","code":"60012","msg":"Invalid request","connId":"a4d3ae55"}"#, "error"),
        (#"{"arg":{"channel":"orders","instType":"SPOT"},"data":[{"x":1}]}"#, "orders"),
        (#"{"arg":"tickers","data":[]}"#, "arg not an object"),
        (#"{"arg":{"channel":7,"instId":"X"},"data":[]}"#, "channel not a string"),
        (#"{"arg":{"channel":"candle","instId":"X"},"data":[]}"#, "candle without a bar"),
        (#"{"arg":{"channel":"mark-price-candle1m","instId":"X"},"data":[]}"#, "mark price candles"),
        (#"{"data":[{"last":"1"}]}"#, "no arg"),
        ("pong", "pong"),
    ])
    func notHot(_ frame: String, _ what: String) throws {
        #expect(try OKXMarketParser.parse(frame) == .notHot, "\(what)")
    }

    @Test(arguments: [
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":"1","askPx":"1","ts":"1"}]}"#, "data[0].bidPx", "missing"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":"1","bidPx":"","askPx":"1","ts":"1"}]}"#, "data[0].bidPx", "empty number"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":1,"bidPx":"1","askPx":"1","ts":"1"}]}"#, "data[0].last", "expected a string"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":"1","bidPx":"1","askPx":"1","ts":"1","last":"2"}]}"#, "data[0].last", "field given twice"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":[{"last":"1","bidPx":"1","askPx":"1","ts":"-1"}]}"#, "data[0].ts", "not a millisecond timestamp"),
        (#"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"bid","ts":"1"}]}"#, "data[0].side", "side must be buy or sell"),
        (#"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1"},{"px":"1e3","sz":"1","side":"buy","ts":"1"}]}"#, "data[1].px", "not a decimal number"),
        (#"{"arg":{"channel":"candle1m","instId":"X"},"data":[["1","2","3","1","2","100","1.5","150000"]]}"#, "data[0]", "a candle has 9 fields"),
        (#"{"arg":{"channel":"candle1m","instId":"X"},"data":[["1","2","3","1","2","100","1.5","150000","yes"]]}"#, "data[0][8] (confirm)", "confirm must be \"0\" or \"1\""),
        (#"{"arg":{"channel":"candle1m","instId":"X"},"data":[["1","2","3","1","2",100,"1.5","150000","1"]]}"#, "data[0][5] (vol)", "expected a string"),
        (#"{"arg":{"channel":"candle1m","instId":"X"},"data":[{"ts":"1"}]}"#, "data[0]", "expected an array"),
        (#"{"arg":{"channel":"tickers","instId":"X"},"data":{}}"#, "data", "expected an array"),
        (#"{"arg":{"channel":"tickers","instId":"X"}}"#, "data", "missing"),
        (#"{"arg":{"channel":"tickers"},"data":[]}"#, "arg.instId", "missing, empty or not a string"),
        (#"{"arg":{"channel":"tickers","instId":""},"data":[]}"#, "arg.instId", "missing, empty or not a string"),
        (#"{"arg":{"channel":"tickers","instId":1},"data":[]}"#, "arg.instId", "missing, empty or not a string"),
        (#"{"data":[{"last":"1"}],"arg":{"channel":"tickers","instId":"X"}}"#, "data[0].bidPx", "missing"),
    ])
    func wrongShapeNamesTheField(_ frame: String, _ field: String, _ reason: String) {
        let e = #expect(throws: OKXMarketParseError.self) { try OKXMarketParser.parse(frame) }
        #expect(e?.field == field && e?.reason == reason, "\(String(describing: e))")
    }

    @Test(arguments: [
        "", " ", "[]", "\"x\"", "ping", "{", "{}x", #"{"arg":{"channel":"tickers","instId":"X"},"data":[]} {}"#,
        #"{"arg":{"channel":"tickers","instId":"X"},"data":[],}"#, #"{"arg":{"channel":"tickers","instId":"X"},"data":[,]}"#,
        #"{"arg":{"channel":"tickers","instId":"X"} "data":[]}"#, "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"X\u{01}\"},\"data\":[]}",
        #"{"arg":{"channel":"tickers","instId":"X\q"},"data":[]}"#, #"{"arg":{"channel":"tickers","instId":"\ud83d"},"data":[]}"#,
        #"{"arg":{"channel":"tickers","instId":"\ude00"},"data":[]}"#, #"{"arg":{"channel":"tickers","instId":"\u12"},"data":[]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":01}]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":-}]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":1.}]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":tru}]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":[1}]}"#,
        #"{"arg":{"channel":"trades","instId":"X"},"arg":{"channel":"trades","instId":"X"},"data":[]}"#,
        String(repeating: "[", count: 100),
        #"{"arg":{"channel":"trades","instId":"X"},"data":[],"x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
    ])
    func malformedJSONIsAnError(_ frame: String) {
        #expect(throws: OKXMarketParseError.self, "\(frame.prefix(80))") { try OKXMarketParser.parse(frame) }
    }

    @Test func invalidUTF8IsAnError() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x8F, 0xBF, 0xBF]] {
            let frame = Array(#"{"arg":{"channel":"trades","instId":"X"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1","n":""#.utf8) + bad
                + Array(#""}]}"#.utf8)
            #expect(throws: OKXMarketParseError.self, "\(bad)") { try OKXMarketParser.parse(frame) }
        }
    }

    /// Every prefix of a frame ends inside it: an error (or, once an event key is read, not
    /// hot), and never a read past the end. Each prefix is copied to a buffer of its own size
    /// so the address sanitizer, when on, would see an overrun.
    @Test func everyPrefixIsAnErrorNotACrash() throws {
        for frame in [Self.tickers, Self.trades, Self.candles, Self.books] {
            let bytes = Array(frame.utf8)
            for n in 0..<bytes.count {
                let prefix = Array(bytes[..<n])
                do {
                    let r = try OKXMarketParser.parse(prefix)
                    #expect(r == .notHot, "\(String(decoding: prefix, as: UTF8.self))")
                } catch {
                    #expect(error.offset <= n)
                }
            }
        }
    }

    @Test func errorDescriptionsLocateTheProblem() {
        let e = OKXMarketParseError(offset: 42, field: "data[0].px", reason: "not a decimal number")
        #expect(e.description == "data[0].px: not a decimal number (byte 42)")
        #expect(OKXMarketParseError(offset: 0, field: "", reason: "empty frame").description == "empty frame at byte 0")
    }

    @Test(arguments: [("1s", 1), ("1m", 60), ("3m", 180), ("15m", 900), ("1H", 3600), ("2H", 7200), ("4H", 14400),
                      ("6Hutc", 21600), ("12Hutc", 43200), ("1Dutc", 86400)])
    func barsThatAreTimeframes(_ bar: String, _ seconds: Int) {
        #expect(OKXBar(bar).timeframe == Timeframe(seconds: seconds))
    }

    /// Hong Kong-aligned bars of 6 hours and more, weeks, months and nonsense are not.
    @Test(arguments: ["6H", "12H", "1D", "2D", "1W", "1Wutc", "1M", "3M", "3Mutc", "7m", "", "m", "0m", "1x"])
    func barsThatAreNot(_ bar: String) {
        #expect(OKXBar(bar).timeframe == nil)
    }
}
