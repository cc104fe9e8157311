import BotTestKit
import Foundation
import OKXWire
import Testing

/// The fuzzer's seeds and fixed crashes (Fuzz/), replayed without instrumentation with the
/// invariants `fuzz-okx-market` checks, so CI catches a parser that regresses on one of them.
struct FuzzCorpusTests {
    @Test(arguments: FuzzCorpus.files("fuzz-okx-market"))
    func okxMarket(_ file: URL) throws {
        let bytes = try FuzzCorpus.bytes(file)
        let push: OKXMarketPush
        do {
            push = try OKXMarketParser.parse(bytes)
        } catch {
            #expect((0...bytes.count).contains(error.offset), "\(error)")
            return
        }
        let count: Int
        switch push {
        case .notHot: return
        case .tickers(let id, let items): count = items.count; #expect(!id.isEmpty)
        case .trades(let id, let items): count = items.count; #expect(!id.isEmpty)
        case .candles(let id, let bar, let items): count = items.count; #expect(!id.isEmpty && !bar.text.isEmpty)
        }
        let json = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect((json?["data"] as? [Any])?.count == count)
        // And the same answer as the full comparison of MarketParserEquivalenceTests.
        MarketParserEquivalenceTests.check(bytes, file.lastPathComponent)
    }

    /// Guards the replay itself: an empty list would pass every test above.
    @Test func corpusIsThere() {
        #expect(FuzzCorpus.files("fuzz-okx-market").count >= 10)
    }
}
