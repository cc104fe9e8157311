import BotCore
import BotTestKit
import Foundation
import Indicators
import Strategies
import Testing

/// The built `botctl`, run as a user would run it.
struct BotctlTests {
    @Test func lintPassesOnTheShippedConfiguration() throws {
        let r = try Product.run("botctl", ["lint", "runtime.toml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rsi-cross-btc"))
    }

    @Test func lintNamesFileLineAndKeyAndFails() throws {
        let dir = try SharedData.temporaryDirectory("lint")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
        try "[paths]\ninstruments = \"\(SharedData.packageRoot.path)/data/instruments.toml\"\n"
            .write(to: dir.appendingPathComponent("runtime.toml"), atomically: true, encoding: .utf8)
        try "id = \"a\"\nuser = \"u\"\nstrategy = \"rsi-cross\"\naccount = \"paper\"\nsymbol = \"BTCUSDT\"\ntimeframe = \"1m\"\n[params]\noversold = 130\n"
            .write(to: dir.appendingPathComponent("bots/a.toml"), atomically: true, encoding: .utf8)
        let r = try Product.run("botctl", ["lint", dir.appendingPathComponent("runtime.toml").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bots/a.toml:8: key 'params.oversold' must be 0.0…100.0 (got 130)"), "\(r.stderr)")
    }

    @Test func lintReportsADeeplyNestedFileAndTheOthers() throws {
        // 40,000 levels of arrays and of inline tables crashed lint and botd (a stack overflow,
        // then a recursive destroy); a 40,000-part header took minutes.
        let dir = try SharedData.temporaryDirectory("deep")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
        try "[paths]\ninstruments = \"\(SharedData.packageRoot.path)/data/instruments.toml\"\n"
            .write(to: dir.appendingPathComponent("runtime.toml"), atomically: true, encoding: .utf8)
        let good = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("bots/rsi-cross-btc.toml").path, encoding: .utf8)
        try good.write(to: dir.appendingPathComponent("bots/good.toml"), atomically: true, encoding: .utf8)
        let deep = 40_000
        let files = ["arrays.toml": "zz = " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep) + "\n",
                     "tables.toml": "zz = " + String(repeating: "{a = ", count: deep) + "1" + String(repeating: "}", count: deep) + "\n",
                     "header.toml": "[" + (0..<deep).map { "p\($0)" }.joined(separator: ".") + "]\n"]
        for (name, text) in files { try ("\n" + text).write(to: dir.appendingPathComponent("bots/\(name)"), atomically: true, encoding: .utf8) }
        let r = try Product.run("botctl", ["lint", dir.appendingPathComponent("runtime.toml").path])
        #expect(r.status == 1, "\(r.stderr.prefix(500))")
        for name in files.keys { #expect(r.stderr.contains("bots/\(name):2:"), "\(name): \(r.stderr.prefix(800))") }
        #expect(r.stderr.contains("1 bot valid (rsi-cross-btc)"), "\(r.stderr.suffix(300))")
    }

    @Test func indicatorsPrintsTheRequestedColumns() throws {
        let r = try Product.run("botctl", ["indicators", SharedData.path("binance_BTCUSDT_1h_lean.csv"), "--rsi", "14",
                                           "--ema", "5,20", "--macd", "12,26,9", "--bb", "20,2", "--atr", "14", "--adx", "14"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "ts_ms,rsi14,ema5,ema20,macd,macd_signal,macd_hist,bb_upper,bb_middle,bb_lower,atr14,adx14")
        #expect(lines.count == 121)
        let row14 = lines[15].split(separator: ",", omittingEmptySubsequences: false)
        #expect(row14[0] == "1525183200000" && !row14[1].isEmpty && row14[11].isEmpty)  // rsi from bar 14, adx from 27
        let row33 = lines[34].split(separator: ",", omittingEmptySubsequences: false)
        #expect(row33.allSatisfy { !$0.isEmpty })
        // Shortest round-trip: the printed text parses back to the same Double.
        #expect(row33.dropFirst().allSatisfy { "\(Double($0)!)" == $0 })
    }

    @Test func gridSeriesAreItsLevelsAtEachClose() throws {
        let file = SharedData.path("binance_ETHUSDT_15m.csv")
        let r = try Product.run("botctl", ["indicators", file, "--grid"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["ts_ms", "atr14", "mama", "fama", "adx_state_4h"] + (0...21).map { "L\($0)" })
        #expect(lines.count == (try CandleCSV.load(path: file)).count + 1)
        // Empty until the ATR exists (14 bars), then every level, ascending, the edges 0.8 % out.
        #expect(lines[13].dropFirst(5).allSatisfy(\.isEmpty) && lines[14].dropFirst(5).allSatisfy { !$0.isEmpty })
        // The 4h regime changes only when a 4h bar closes: at a 15m bar ending a 4h period.
        #expect(Set(lines.dropFirst().map { $0[4] }) == ["-2", "-1", "0", "1", "2"])
        for (a, b) in zip(lines.dropFirst(), lines.dropFirst(2)) where a[4] != b[4] {
            #expect((Int64(b[0])! + 900_000) % 14_400_000 == 0, "changed at \(b[0])")
        }
        for row in lines.dropFirst(200).prefix(2_000) {
            let l = row.dropFirst(5).compactMap(Double.init)
            #expect(l.count == 22)
            #expect(l[0] == l[1] * 0.992 && l[21] == l[20] * 1.008)
            let fama = try #require(Double(row[3]))
            #expect(l[1] < fama && fama < l[20], "the band is around FAMA: \(row[0])")
        }
    }

    @Test func hyperrsiSeriesAreWhatTheStrategySeesAtEachClose() throws {
        let file = SharedData.path("binance_BTCUSDT_1m.csv")
        let r = try Product.run("botctl", ["indicators", file, "--timeframe", "5m", "--hyperrsi"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["ts_ms", "rsi14", "atr14", "jma5", "jma10", "jma20", "bb_state", "trend_state", "auto_trend_state"])
        let bars = BarBuilder.resample(try CandleCSV.load(path: file), to: Timeframe("5m")!, base: Timeframe("1m")!)
        #expect(lines.count == bars.count + 1)
        // Two strategies, one reading each trend, fed the same closed bars.
        let inst = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                              tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                              contractValue: Quantity.of("0.01"), makerFee: 0, takerFee: 0)
        var auto = HyperRSIStrategy(params: .init(), setup: StrategySetup(instrument: inst, timeframe: Timeframe("5m")!))
        var chartParams = HyperRSIStrategy.Params()
        chartParams.trendTimeframe = .chart
        var chart = HyperRSIStrategy(params: chartParams, setup: StrategySetup(instrument: inst, timeframe: Timeframe("5m")!))
        var sink = IntentSink(bot: "x")
        let ctx = StrategyContext(time: 0, instrument: inst, legs: Legs(), openOrders: 0)
        var differences = 0
        for (i, c) in bars.enumerated() {
            auto.handle(.candleClosed(c, Timeframe("5m")!), context: ctx, into: &sink)
            chart.handle(.candleClosed(c, Timeframe("5m")!), context: ctx, into: &sink)
            sink.drain { _ in }
            let row = lines[i + 1]
            let o = auto.oscillators.inspect { $0 }, t = chart.trend.inspect { $0.chart }, a = auto.trend.inspect { $0.auto }
            if Double(row[1]) != o.rsi.value || Double(row[2]) != o.atr.value || Int(row[6]) != t.bb.value || Int(row[7]) != t.value
                || Int(row[8]) != a?.value {
                differences += 1
                if differences == 1 { Issue.record("bar \(i): \(row) against the strategy's state") }
            }
        }
        #expect(differences == 0)
        // Every state is one of the documented values, and both trends move.
        let trend = Set(lines.dropFirst().map { $0[7] }), autoTrend = Set(lines.dropFirst().map { $0[8] })
        #expect(trend == ["-2", "0", "2"] && autoTrend == ["-2", "0", "2"])
    }

    @Test func indicatorsRejectsBadFlagsAndFiles() throws {
        let r = try Product.run("botctl", ["indicators", SharedData.path("binance_BTCUSDT_1h_lean.csv"), "--macd", "12,26"])
        #expect(r.status != 0 && r.stderr.contains("--macd must be 3 positive integers"))
        let missing = try Product.run("botctl", ["indicators", "/nonexistent.csv", "--rsi", "14"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent.csv: cannot read"))
    }

    @Test func backtestPrintsJSONAndWritesFiles() throws {
        let out = try SharedData.temporaryDirectory("bt")
        let r = try Product.run("botctl", ["backtest", "bots/rsi-cross-btc.toml", "--data", SharedData.path("binance_BTCUSDT_1m.csv"),
                                           "--to", "2025-06-10", "--json", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((json["trades"] as! [Any]).count == (json["trades_count"] as! Int))
        #expect((json["to_ts_ms"] as! NSNumber).int64Value <= 1_749_513_600_000)
        for f in ["trades.csv", "equity.svg", "report.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path))
        }
    }

    @Test func severalBotFilesBacktestAsAPortfolio() throws {
        let out = try SharedData.temporaryDirectory("portfolio")
        let bots = ["bots/hyperrsi-btc-swap.toml", "bots/rsi-cross-btc-swap.toml"]
        let r = try Product.run("botctl", ["backtest"] + bots + ["--data", SharedData.path("binance_BTCUSDT_1m.csv"), "--to", "2025-06-10",
                                                                  "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("hyperrsi-btc-swap ") } && lines.contains { $0.hasPrefix("rsi-cross-btc-swap ") })
        #expect(lines.contains { $0.hasPrefix("all 2 bots") } && r.stdout.contains("2 indicator series shared by 2 bots"))
        for f in ["portfolio.json", "hyperrsi-btc-swap/report.json", "rsi-cross-btc-swap/trades.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("portfolio.json"))) as! [String: Any]
        let total = json["total"] as! [String: Any], each = json["bots"] as! [[String: Any]]
        #expect((total["trades"] as! Int) == each.map { $0["trades_count"] as! Int }.reduce(0, +))
        // The same bot twice is refused, naming it.
        let twice = try Product.run("botctl", ["backtest", bots[0], bots[0], "--data", "sim:days=1"])
        #expect(twice.status != 0 && twice.stderr.contains("hyperrsi-btc-swap"))
    }

    @Test func backtestOnTheSimulatorNeedsNothingButTheClone() throws {
        let r = try Product.run("botctl", ["backtest", "bots/rsi-cross-btc.toml", "--data", "sim:seed=7,days=5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sim:seed=7,days=5: 7200 candles") && r.stdout.contains("win rate"))
    }

    @Test func backtestReportsBadDataWithFileAndLine() throws {
        let dir = try SharedData.temporaryDirectory("bad")
        let csv = dir.appendingPathComponent("bad.csv")
        try "ts_ms,open,high,low,close,volume\n1000,1,2,1,1,1\n2000,1,2,1,abc,1\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try Product.run("botctl", ["backtest", "bots/rsi-cross-btc.toml", "--data", csv.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(csv.path):3: close 'abc' is not a number"), "\(r.stderr)")
        let tf = try Product.run("botctl", ["backtest", "bots/rsi-cross-btc.toml", "--data", "sim", "--fill-model", "magic"])
        #expect(tf.status != 0 && tf.stderr.contains("--fill-model must be one of close, next-open, intrabar"))
    }

    @Test func aFolderWhereADataFileBelongsIsAClearErrorNotACrash() throws {
        // It crashed with "arithmetic overflow" in the reader: a folder's "size" is huge.
        let dir = try SharedData.temporaryDirectory("folder")
        for args in [["backtest", "bots/rsi-cross-btc.toml", "--data", dir.path], ["indicators", dir.path, "--rsi", "14"]] {
            let r = try Product.run("botctl", args)
            #expect(r.status == 1, "\(args): \(r.status)")
            #expect(r.stderr.contains("\(dir.path): is a folder, not a data file"), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"))
        }
    }

    @Test func dataFileErrorsNeverEchoControlBytes() throws {
        let dir = try SharedData.temporaryDirectory("ctl")
        let csv = dir.appendingPathComponent("esc.csv")
        try "ts_ms,open,high,low,close,volume\n1000,1,2,1,\u{1B}[31mred\u{07},1\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try Product.run("botctl", ["indicators", csv.path, "--rsi", "14"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("close '\\u{1B}[31mred\\u{7}' is not a number"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{07}"))
    }
}
