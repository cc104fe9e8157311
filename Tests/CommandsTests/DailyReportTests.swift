import DaemonTestKit
import BotCore
@testable import Commands
import Foundation
import Store
import Testing

/// Days run in the caller's time zone: a fill late in the evening in London is the next
/// morning's in Seoul.
struct DailyReportTests {
    let inst = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                          tickSize: Price.of("0.01"), lotSize: Quantity.of("0.001"), minSize: Quantity.of("0.001"), minNotional: 0,
                          makerFee: 0, takerFee: 0)

    func row(_ seq: UInt64, _ ts: Int64, _ side: String, _ price: String) -> (FillRow, Instrument) {
        (FillRow(clientOrderID: ClientOrderID(bot: "a", sequence: seq).description, bot: "a", ts: ts, side: side, positionSide: "net",
                 price: Price.of(price), quantity: 1, fee: Money.of("0.5"), liquidity: "taker", tradeID: "\(seq)"), inst)
    }

    @Test func realisedPnLFallsOnTheDayOfItsClosingFillInTheZone() throws {
        // 2026-12-04 22:30 UTC = 2026-12-05 07:30 in Seoul; the close two days later.
        let buy: Int64 = 1_796_423_400_000, sell = buy + 2 * 86_400_000
        let fills = [row(1, buy, "buy", "100"), row(2, sell, "sell", "110")]
        let utc = DailyReport.days(fills, days: 4, zone: TimeZone(identifier: "UTC")!, nowMs: sell)
        #expect(utc.map(\.day) == ["2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"])
        #expect(utc.map(\.fills) == [0, 1, 0, 1])
        #expect(utc.map(\.realized) == [0, 0, 0, 10] && utc.last?.net == Money.of("9.5"))
        let seoul = DailyReport.days(fills, days: 4, zone: TimeZone(identifier: "Asia/Seoul")!, nowMs: sell)
        #expect(seoul.map(\.day) == ["2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"])
        #expect(seoul.map(\.fills) == [0, 1, 0, 1])
    }
}
