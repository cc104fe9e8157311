import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// Opening a Binance account: keys that can withdraw or cannot trade refused with the reason,
/// the venue's rules and fees winning over the configured ones, and a restart adopting what
/// the previous process left.
@Suite(.serialized) struct BinanceGatewayAccountTests {
    typealias H = BinanceGatewayHarness

    func account(_ change: (inout BinanceFake.Account) -> Void) -> BinanceFake.Account {
        var a = BinanceFake.Account(apiKey: H.key, secret: H.secret, balances: ["USDT": 10_000, "BTC": 1])
        change(&a)
        return a
    }

    @Test func aKeyThatCanWithdrawIsRefused() async throws {
        let h = try await H.start(account: account { $0.enableWithdrawals = true })
        defer { Task { await h.stop() } }
        await #expect { try await h.venue.open() } throws: { e in
            "\(e)".contains("withdraw") && "\(e)".contains("Enable Withdrawals")
        }
        #expect(h.fake.counters.wsAPIRequests.isEmpty)
    }

    @Test func aKeyThatCannotTradeIsRefused() async throws {
        let h = try await H.start(account: account { $0.enableSpotAndMarginTrading = false })
        defer { Task { await h.stop() } }
        await #expect { try await h.venue.open() } throws: { e in "\(e)".contains("cannot trade") }
    }

    @Test func aWrongSecretIsNamedAndNeverShown() async throws {
        let fake = BinanceFake(accounts: [account { _ in }])
        let endpoints = try await fake.start()
        defer { Task { await fake.stop() } }
        let wrong = "Xq" + String(repeating: "z", count: 62)
        let creds = BinanceCredentials(apiKey: H.key, secret: wrong)
        let clock = fake.clock
        let rest = BinanceRestClient(base: endpoints.rest, credentials: creds, caFile: endpoints.caFile,
                                     clock: VenueClock(local: { clock.nowMs }), limits: BinanceIPLimits())
        let venue = BinanceVenue(settings: BinanceAccountSettings(account: "spot", webSocketAPIURL: endpoints.wsAPI, caFile: endpoints.caFile),
                                 rest: rest, credentials: creds, logger: .init(label: "t"))
        defer { Task { await venue.close() } }
        await #expect { try await venue.open() } throws: { e in
            "\(e)".contains("secret is wrong") && !"\(e)".contains(wrong) && !"\(e)".contains(H.key)
        }
    }

    @Test func theVenuesRulesAndFeesWinAndLimitsAreRead() async throws {
        var sym = BinanceFake.Symbol.btcUsdt
        sym.tickSize = Price.of("0.1")
        sym.minPrice = Price.of("0.1")
        sym.minNotional = 10
        let h = try await H.start(account: account { $0.makerCommission = Ratio.of("0.00075"); $0.takerCommission = Ratio.of("0.00075") },
                                  symbols: [sym])
        defer { Task { await h.stop() } }
        h.fake.setLimits { $0.ordersPer10s = 7 }
        let inst = try await h.open()
        #expect(inst.tickSize == Price.of("0.1") && inst.minNotional == 10 && inst.kind == .spot)
        #expect(inst.makerFee == Ratio.of("0.00075") && inst.takerFee == Ratio.of("0.00075"))
        // A price off the new tick is rounded on the order's side before it leaves.
        let buy = OrderRequest(id: ClientOrderID(bot: "acct", sequence: 1), side: .buy, type: .limit(Price.of("90000.05")),
                               quantity: Quantity.of("0.001"))
        let ack = await h.venue.call(.submit(buy), instrument: H.btc)
        #expect(ack == .accepted, "\(ack)")
        #expect(h.fake.order(H.key, symbol: "BTCUSDT", clientOrderId: buy.id.description)?.price == Price.of("90000"))
        await #expect { _ = try await h.venue.prepare(Instrument(id: InstrumentID(venue: "binance", symbol: "NOPEUSDT"), kind: .spot,
                                                                 base: "NOPE", quote: "USDT", tickSize: 1, lotSize: 1, minSize: 1, minNotional: 0,
                                                                 makerFee: .zero, takerFee: .zero),
                                                      leverage: nil, sides: [.net]) } throws: { e in "\(e)".contains("does not list") }
    }

    @Test func aRestartAdoptsOpenOrdersAndHandsOnFillsItMissed() async throws {
        let h = try await H.start()
        defer { Task { await h.stop() } }
        let inst = try await h.open()
        let a = OrderRequest(id: ClientOrderID(bot: "restart", sequence: 1), side: .buy, type: .limit(Price.of("99000")),
                             quantity: Quantity.of("0.01"))
        let b = OrderRequest(id: ClientOrderID(bot: "restart", sequence: 2), side: .buy, type: .limit(Price.of("90000")),
                             quantity: Quantity.of("0.01"))
        #expect(await h.venue.call(.submit(a), instrument: inst) == .accepted)
        #expect(await h.venue.call(.submit(b), instrument: inst) == .accepted)
        // botd dies (as if killed: nothing closes the orders); the market fills one meanwhile.
        await h.venue.close()
        try h.fake.printTrade("BTCUSDT", price: Price.of("98000"))
        let again = try await H.reopen(h)
        defer { Task { await again.venue.close() } }
        await again.venue.connect(again.sink)
        _ = try await again.venue.prepare(H.btc, leverage: nil, sides: [.net])
        let fills = try await again.venue.fills(instrument: inst.id, since: h.fake.clock.nowMs - 60_000)
        #expect(fills.map(\.orderID) == [a.id])
        #expect(try await again.venue.order(b.id, instrument: inst.id)?.status == .accepted)
        #expect(try await again.venue.openOrders(instrument: inst.id).map(\.request.id) == [b.id])
        // An order no process ever placed: nil, once no earlier send can still arrive.
        #expect(try await again.venue.order(ClientOrderID(bot: "restart", sequence: 9), instrument: inst.id) == nil)
    }
}
