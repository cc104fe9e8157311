import BotCore
@testable import OKX
import OKXWire
import Testing

/// The subscribe and unsubscribe requests a feed sends: every channel once, in order, each
/// request under OKX's 64 KB.
struct FeedRequestTests {
    @Test func aLongListIsCutIntoRequestsUnder64KB() throws {
        let ids = (0..<3000).map { "INSTRUMENT\($0)-USDT-SWAP" }
        let args = ids.flatMap { OKXMarketFeed.channels($0, on: .publicData) }
        for op in [OKXMarketFeed.Operation.subscribe, .unsubscribe] {
            let requests = try OKXMarketFeed.requests(op, args)
            #expect(requests.count > 3)
            #expect(requests.allSatisfy { $0.utf8.count <= 64 * 1024 })
            #expect(requests.allSatisfy { $0.contains(op == .subscribe ? #""op":"subscribe""# : #""op":"unsubscribe""#) })
            // Every channel once, in order.
            let sent = requests.flatMap { r in r.split(separator: "{").dropFirst(1).map { String($0) } }
            #expect(sent.count == args.count)
            #expect(sent.first?.contains(#""channel":"trades","instId":"INSTRUMENT0-USDT-SWAP""#) == true)
            #expect(sent.last?.contains(#""channel":"tickers","instId":"INSTRUMENT2999-USDT-SWAP""#) == true)
        }
    }

    @Test func aShortListIsOneRequestAndNoneIsNothing() throws {
        let one = try OKXMarketFeed.requests(.subscribe, OKXMarketFeed.channels("BTC-USDT-SWAP", on: .business))
        #expect(one == [#"{"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT-SWAP"}]}"#])
        #expect(try OKXMarketFeed.requests(.subscribe, []).isEmpty)
    }

    @Test func barsForTimeframes() {
        func bar(_ minutes: Int) -> String? { OKXBar(feedTimeframe: Timeframe(seconds: minutes * 60))?.text }
        #expect(bar(1) == "1m" && bar(15) == "15m" && bar(60) == "1H" && bar(240) == "4H")
        // Longer bars on UTC's grid, as the runtime's are; OKX has no 8-hour bar.
        #expect(bar(360) == "6Hutc" && bar(1440) == "1Dutc")
        #expect(bar(480) == nil && bar(7) == nil)
    }
}
