import BotCore
import BotTestKit
import Foundation
import Testing
import TOML

/// The fuzzers' seeds and fixed crashes (Fuzz/), replayed without instrumentation with the
/// invariants the fuzz targets check, so CI catches a parser that regresses on one of them.
struct FuzzCorpusTests {
    static func lineCount(_ bytes: [UInt8]) -> Int { bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

    @Test(arguments: FuzzCorpus.files("fuzz-toml"))
    func toml(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let lines = Self.lineCount(bytes)
        var syntax: TOMLSyntaxError?
        do throws(TOMLSyntaxError) { _ = try TOMLParser.parse(bytes: bytes) } catch { syntax = error }
        if let syntax { #expect((1...lines).contains(syntax.line), "\(syntax)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            #expect(syntax != nil)
            return
        }
        let d = Diagnostics()
        let catalog = InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d)
        for issue in d.issues { #expect((0...lines).contains(issue.line), "\(issue) is past line \(lines)") }
        if let syntax {
            #expect(catalog.instruments.isEmpty)
            #expect(d.errors.contains { $0.line == syntax.line && $0.message == syntax.message })
        }
    }

    @Test(arguments: FuzzCorpus.files("fuzz-candle-csv"))
    func candleCSV(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let lines = Self.lineCount(bytes)
        do throws(DataFileError) {
            let candles = try CandleCSV.parse(bytes, file: "fuzz.csv")
            #expect(candles.count < lines)
            var last = Int64.min
            for c in candles {
                #expect(c.ts > last)
                last = c.ts
                #expect(c.open.raw > 0 && c.high.raw > 0 && c.low.raw > 0 && c.close.raw > 0, "\(c)")
                #expect(c.high >= max(c.open, c.close) && c.low <= min(c.open, c.close), "\(c)")
                #expect(c.volume.isFinite && c.volume >= 0, "\(c)")
            }
        } catch {
            #expect(error.file == "fuzz.csv" && (0...lines).contains(error.line), "\(error)")
        }
    }

    @Test(arguments: FuzzCorpus.files("fuzz-trade-csv"))
    func tradeCSV(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let lines = Self.lineCount(bytes)
        do throws(DataFileError) {
            let trades = try TradeCSV.parse(bytes, file: file.path)
            #expect(trades.count < lines)
            var last = Int64.min
            for t in trades {
                #expect(t.ts >= last)
                last = t.ts
                #expect(t.price.raw > 0 && t.quantity.raw > 0, "\(t)")
            }
        } catch {
            #expect(error.file == file.path && (0...lines).contains(error.line), "\(error)")
        }
    }

    /// Guards the replay itself: an empty list would pass every test above.
    @Test func corpusIsThere() {
        for target in ["fuzz-toml", "fuzz-candle-csv", "fuzz-trade-csv"] {
            #expect(FuzzCorpus.files(target).count >= 10, "\(target)")
        }
    }
}
