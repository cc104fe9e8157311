import BinanceWire
import BotTestKit
import Foundation
import Testing

/// The seeds (and any fixed crashes) of the Binance market parser in Fuzz/, replayed without
/// instrumentation with the invariants a fuzz target holds it to: any bytes give a push, "not
/// hot", or an error located inside the message; a push is JSON Foundation reads too, and the
/// same push the full comparison of MarketParserEquivalenceTests expects.
struct FuzzCorpusTests {
    @Test(arguments: FuzzCorpus.files("fuzz-binance-market"))
    func binanceMarket(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let push: BinanceMarketPush
        do {
            push = try BinanceMarketParser.parse(bytes)
        } catch {
            #expect((0...bytes.count).contains(error.offset), "\(error)")
            return
        }
        let symbol: String
        switch push {
        case .notHot: return
        case .trade(let s, _), .kline(let s, _), .bookTicker(let s, _): symbol = s
        }
        #expect(!symbol.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect((json?["data"] as? [String: Any])?["s"] as? String == symbol)
        MarketParserEquivalenceTests.check(bytes, file.lastPathComponent)
        // The full decoder agrees: the same push.
        #expect(try BinanceStreamMessage.decode(bytes) == .market(push))
    }

    /// Guards the replay itself: an empty list would pass every test above.
    @Test func corpusIsThere() {
        #expect(FuzzCorpus.files("fuzz-binance-market").count >= 10)
    }
}
