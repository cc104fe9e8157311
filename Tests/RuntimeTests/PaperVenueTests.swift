import BotCore
import PaperTrading
import BotTestKit
import Foundation
import Logging
import PaperMatching
import Runtime
import Testing

/// The paper venue of one account: one wallet across its instruments.
struct PaperVenueTests {
    func catalog() throws -> InstrumentCatalog {
        let d = Diagnostics()
        let text = try String(contentsOfFile: SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path, encoding: .utf8)
        return InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d)
    }

    @Test func instrumentsOfOneAccountShareOneWallet() async throws {
        let c = try catalog()
        let btc = try #require(c.find(symbol: "BTC-USDT-SWAP")), eth = try #require(c.find(symbol: "ETH-USDT-SWAP"))
        var config = PaperConfig()
        config.initialBalance = 1000
        config.leverage = 1
        let g = PaperVenue(account: "a", config: config)
        let reports = Reports()
        await g.connect(reports)
        await g.onMarket(.history(Candle(ts: 0, open: 100_000, high: 100_000, low: 100_000, close: 100_000, volume: 1)), instrument: btc)
        await g.onMarket(.history(Candle(ts: 0, open: 2_000, high: 2_000, low: 2_000, close: 2_000, volume: 1)), instrument: eth)
        // 0.7 BTC contracts (0.007 BTC) at 100,000: 700 of margin at 1×.
        let a = OrderRequest(id: ClientOrderID(bot: "x", sequence: 0), side: .buy, type: .market, quantity: Quantity.of("0.7"),
                             positionSide: .net)
        #expect(await g.call(.submit(a), instrument: btc) == .accepted)
        #expect(reports.events.contains { if case .filled(let f) = $0 { f.orderID == a.id } else { false } })
        // An ETH order needing 500: within what a book of its own would have (1,000), beyond what
        // the account has left (300): refused.
        let need = eth.notional(price: 2_000, quantity: Quantity.of("2.5"))
        #expect(need > 300 && need < 900)
        let b = OrderRequest(id: ClientOrderID(bot: "x", sequence: 1), side: .buy, type: .market, quantity: Quantity.of("2.5"),
                             positionSide: .net)
        let refused = await g.call(.submit(b), instrument: eth)
        #expect(refused.reason?.contains("insufficient balance") == true, "\(refused)")
        if case .rejected(let code, _) = refused { #expect(code == "51008") } else { Issue.record("not rejected: \(refused)") }
        // What fits in the rest is accepted.
        let small = OrderRequest(id: ClientOrderID(bot: "x", sequence: 2), side: .buy, type: .market, quantity: 1, positionSide: .net)
        #expect(eth.notional(price: 2_000, quantity: 1) < 290)
        #expect(await g.call(.submit(small), instrument: eth) == .accepted)
        #expect(reports.events.contains { if case .filled(let f) = $0 { f.orderID == small.id } else { false } })
        // Every fill carries a trade id, and the venue answers for its orders when asked.
        #expect(reports.events.allSatisfy { if case .filled(let f) = $0 { f.tradeID != nil } else { true } })
        #expect(await g.order(small.id, instrument: eth.id)?.status == .filled)
        #expect(await g.order(b.id, instrument: eth.id) == nil)
        #expect(await g.fills(instrument: btc.id, since: 0).map(\.orderID) == [a.id])
        // The wallet is the account's: one balance, less both fees.
        let w = await g.wallet()
        #expect(w.balance < 1000 && w.balance > 999)
    }
}

/// Collects what a venue reports.
final class Reports: VenueEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var list: [OrderEvent] = []
    var events: [OrderEvent] { lock.withLock { list } }
    func deliver(_ event: OrderEvent, instrument: InstrumentID) { lock.withLock { list.append(event) } }
    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) {}
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {}
}
