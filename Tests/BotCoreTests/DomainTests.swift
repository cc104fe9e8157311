import BotCore
import BotTestKit
import Foundation
import Testing

let btcSwap = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                         tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                         contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"),
                         maintenanceMarginRate: Ratio.of("0.004"), maxLeverage: 100)
let btcSpot = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                         tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                         minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))

struct ClientOrderIDTests {
    @Test func validForOKXAndBinanceAndStable() throws {
        let okx = try Regex("^[A-Za-z0-9]{1,32}$")
        let binance = try Regex(#"^[\.A-Z\:/a-z0-9_-]{1,36}$"#)
        for seq: UInt64 in [0, 1, 35, 36, 1_000_000, UInt64.max] {
            let id = ClientOrderID(bot: "rsi-cross-btc", sequence: seq)
            let s = id.description
            #expect(s.wholeMatch(of: okx) != nil, "\(s)")
            #expect(s.wholeMatch(of: binance) != nil, "\(s)")
            #expect(s.count <= 32)
            #expect(ClientOrderID(s) == id)
        }
        // FNV-1a of the bot id, base 36: pinned, so ids survive restarts and upgrades.
        #expect(ClientOrderID(bot: "rsi-cross-btc", sequence: 0).description == "nozb82c8uq0")
        #expect(ClientOrderID(bot: "rsi-cross-btc", sequence: 36).description == "nozb82c8uq10")
        // The largest sequence fits (13 base-36 digits), and a prefix goes in front.
        #expect(ClientOrderID(bot: "rsi-cross-btc", sequence: .max).description == "nozb82c8uq3w5e11264sgsf")
        #expect(ClientOrderID(bot: "rsi-cross-btc", sequence: 36).text(prefix: UInt8(ascii: "T")) == "Tnozb82c8uq10")
    }

    @Test func distinctAcrossBotsAndSequences() {
        var seen = Set<String>()
        for bot in ["a", "b", "alice-btc", "alice-eth", "bob-btc"] {
            for seq: UInt64 in 0..<200 { seen.insert(ClientOrderID(bot: bot, sequence: seq).description) }
        }
        #expect(seen.count == 5 * 200)
        #expect(ClientOrderID("short") == nil)
        #expect(ClientOrderID("NOZB82C8UQ0") == nil)
    }

    @Test func sinkHandsOutSequentialIDs() {
        var sink = IntentSink(bot: "x", nextSequence: 41)
        let a = sink.place(.buy, .market, quantity: 1)
        let b = sink.close()
        #expect(a.sequence == 41 && b.sequence == 42)
        var n = 0
        sink.drain { _ in n += 1 }
        #expect(n == 2 && sink.isEmpty && sink.nextSequence == 43)
    }
}

struct InstrumentAndPositionTests {
    @Test func instrumentIDsAreEqualByNameAndKeepTheirJSON() throws {
        let a = InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP")
        // Names that concatenate alike are still different instruments.
        let ids = [a, InstrumentID(venue: "okx", symbol: "BTC-USDT"), InstrumentID(venue: "binance", symbol: "BTC-USDT-SWAP"),
                   InstrumentID(venue: "ok", symbol: "xBTC-USDT-SWAP"), InstrumentID(venue: "okx:BTC", symbol: "-USDT-SWAP")]
        #expect(Set(ids).count == ids.count)
        #expect(a == InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP") && a.hashValue == InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP").hashValue)
        let json = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
        #expect(json.contains("\"venue\":\"okx\"") && json.contains("\"symbol\":\"BTC-USDT-SWAP\"") && !json.contains("key"))
        let back = try JSONDecoder().decode(InstrumentID.self, from: Data(json.utf8))
        #expect(back == a && [a: 1][back] == 1)
    }

    @Test func notionalAndSizing() {
        // OKX: 1 contract = 0.01 BTC.
        #expect(btcSwap.notional(price: Price.of("100000"), quantity: Quantity.of("0.2")) == Money.of("200"))
        // HYPERRSI sizing: 20 USDT × 10x at 100,000 → 0.2 contracts.
        #expect(btcSwap.quantity(forNotional: 200, price: Price.of("100000")) == Quantity.of("0.2"))
        #expect(btcSwap.quantity(forNotional: 199, price: Price.of("100000")) == Quantity.of("0.19"))
        #expect(btcSpot.fee(notional: 1000, maker: false) == Money.of("1"))
    }

    func fill(_ side: Side, _ price: String, _ qty: String, fee: String = "0") -> Fill {
        Fill(orderID: ClientOrderID(bot: "t", sequence: 0), ts: 0, side: side, positionSide: .net, price: Price.of(price),
             quantity: Quantity.of(qty), fee: Money.of(fee), liquidity: .taker)
    }

    @Test func averagesEntriesAndRealizesPnL() {
        var p = Position()
        p.apply(fill(.buy, "100", "1", fee: "0.1"), instrument: btcSpot)
        p.apply(fill(.buy, "110", "1", fee: "0.11"), instrument: btcSpot)
        #expect(p.quantity == 2)
        #expect(p.averageEntry(btcSpot) == Price.of("105"))
        #expect(p.unrealizedPnL(at: Price.of("120"), btcSpot) == Money.of("30"))
        let r = p.apply(fill(.sell, "120", "0.5", fee: "0.06"), instrument: btcSpot)
        #expect(r == Money.of("7.5"))
        #expect(p.averageEntry(btcSpot) == Price.of("105"))
        // Crossing zero closes 1.5 long and opens 0.5 short at the fill price.
        let r2 = p.apply(fill(.sell, "90", "2"), instrument: btcSpot)
        #expect(r2 == Money.of("-22.5"))
        #expect(p.quantity == Quantity.of("-0.5"))
        #expect(p.averageEntry(btcSpot) == Price.of("90"))
        #expect(p.realizedPnL == Money.of("-15"))
        #expect(p.feesPaid == Money.of("0.27"))
        #expect(p.netPnL(at: Price.of("80"), btcSpot) == Money.of("-15") + Money.of("5") - Money.of("0.27"))
    }

    @Test func isolatedLiquidationPrice() {
        var long = Position()
        long.apply(fill(.buy, "100000", "10"), instrument: btcSwap)  // 0.1 BTC, 10,000 USDT notional
        long.isolatedMargin = 1000  // 10x
        // (E·q − M) / (q·(1 − mmr)) = (10000 − 1000) / (0.1 · 0.996) = 90361.44…, rounded up to the tick.
        #expect(long.liquidationPrice(btcSwap) == Price.of("90361.5"))
        var short = Position()
        short.apply(fill(.sell, "100000", "10"), instrument: btcSwap)
        short.isolatedMargin = 1000
        // (E·q + M) / (q·(1 + mmr)) = 11000 / 0.1004 = 109561.75…, rounded down.
        #expect(short.liquidationPrice(btcSwap) == Price.of("109561.7"))
        #expect(Position().liquidationPrice(btcSpot) == nil)
    }

    @Test func timeframes() {
        #expect(Timeframe("5m")?.seconds == 300)
        #expect(Timeframe("4h")?.description == "4h")
        #expect(Timeframe("7m") == nil)
        let tf = Timeframe("15m")!
        #expect(tf.barOpen(1_680_308_100_000 + 59_999) == 1_680_308_100_000)
    }
}

struct CandleCSVTests {
    func parse(_ s: String) throws(DataFileError) -> [Candle] { try CandleCSV.parse(Array(s.utf8), file: "x.csv") }

    @Test func theFirstLineWithTextIsTheHeaderAndAByteOrderMarkIsNotPartOfIt() throws {
        // Found by fuzzing: a blank first line let the header go unchecked.
        do { _ = try parse("\n1,1,1,1,1,1\n"); Issue.record("accepted without a header") } catch {
            #expect(error.line == 2 && error.message.contains("expected the header"))
        }
        #expect(try parse("\n\(header)1,1,1,1,1,1\n").count == 1)
        #expect(try CandleCSV.parse([0xEF, 0xBB, 0xBF] + Array("\(header)1,1,1,1,1,1\n".utf8), file: "x.csv").count == 1)
        let trades = [0xEF, 0xBB, 0xBF] + Array("\(TradeCSV.header)\n5,1,100,1,buy\n".utf8)
        #expect(try TradeCSV.parse(trades, file: "t.csv").count == 1)
        // A trade's time is a plain integer: no sign.
        for bad in ["-5", "+7"] {
            do { _ = try TradeCSV.parse(Array("\(TradeCSV.header)\n\(bad),1,100,1,buy\n".utf8), file: "t.csv"); Issue.record("accepted \(bad)") } catch {
                #expect(error.line == 2 && error.message.contains("is not a plain integer"))
            }
        }
    }

    @Test func tenDigitVolumesAndPricesNeverWrap() throws {
        // Found by fuzzing: the fast path multiplied ten integer digits into fixed point with
        // wrapping arithmetic, and a volume of 9,264,705,210 loaded as a negative number.
        let c = try parse("ts_ms,open,high,low,close,volume\n9,7,21,1,8,9264705210\n")
        #expect(c.first?.volume == 9_264_705_210)
        let big = try parse("ts_ms,open,high,low,close,volume\n9,8999999999,8999999999,8999999999,8999999999,1\n")
        #expect(big.first?.close == Price.of("8999999999"))
        do { _ = try parse("ts_ms,open,high,low,close,volume\n9,9300000000,9300000000,9300000000,9300000000,1\n"); Issue.record("accepted") } catch {
            #expect(error.line == 2 && error.message.contains("open '9300000000' is not a number"))
        }
    }
    let header = "ts_ms,open,high,low,close,volume\n"

    @Test func parsesRealFile() throws {
        let c = try CandleCSV.load(path: SharedData.path("binance_BTCUSDT_1m.csv"))
        #expect(c.count == 130_708)
        #expect(c[0] == Candle(ts: 1_747_699_200_000, open: Price.of("105573.73"), high: Price.of("105597.1"),
                               low: Price.of("105554.31"), close: Price.of("105554.32"), volume: 10.82647))
    }

    @Test(arguments: [
        ("1,2,3,1,2,1\n1,2,3,1,2,1\n", 3, "does not increase"),
        ("1,2,3,1,2\n", 2, "expected 6 fields"),
        ("1,2,3,1,NaN,1\n", 2, "close 'NaN' is not a number"),
        ("1,0,3,0,2,1\n", 2, "open must be positive"),
        ("1,2,3,1,2,-1\n", 2, "volume must not be negative"),
        ("1,2,1.5,1,2,1\n", 2, "do not contain"),
        ("x,2,3,1,2,1\n", 2, "ts_ms 'x' is not an integer"),
        ("1,2,3,1,2,1\n2,2,3,1,2e,1\n", 3, "close '2e'"),
    ])
    func rejectsBadRowsWithLine(body: String, line: Int, fragment: String) {
        do {
            _ = try parse(header + body)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line)
            #expect(error.description.contains("x.csv:\(line): "))
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func rejectsWrongHeaderAndMissingFile() {
        #expect(throws: DataFileError.self) { try parse("time,o,h,l,c,v\n1,1,1,1,1,1\n") }
        do { _ = try CandleCSV.load(path: "/nonexistent/file.csv"); Issue.record("expected an error") } catch {
            #expect(error.description.hasPrefix("/nonexistent/file.csv: cannot read"))
        }
    }
}

struct TradeCSVTests {
    @Test func tellsTradeFilesFromCandleFilesAndLoadsThem() throws {
        #expect(TradeCSV.isTradeFile(SharedData.path("binance_BTCUSDT_trades.csv")))
        #expect(!TradeCSV.isTradeFile(SharedData.path("binance_BTCUSDT_1m.csv")))
        #expect(!TradeCSV.isTradeFile("/nonexistent.csv"))
        let trades = try TradeCSV.load(path: SharedData.path("binance_BTCUSDT_trades.csv"))
        #expect(trades.count == 2001 && trades[0].price == Price.of("39432.48") && trades[0].side == .sell)
    }

    @Test func aBadRowNamesItsLine() throws {
        let dir = try SharedData.temporaryDirectory("trades")
        let path = dir.appendingPathComponent("t.csv").path
        try "ts_ms,trade_id,price,amount,side\n1,1,10,1,buy\n2,2,10,1,hold\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataFileError(file: path, line: 3, message: "side 'hold' must be buy or sell")) {
            try TradeCSV.load(path: path)
        }
    }
}
