import BotCore
import BotTestKit
import Foundation
import OKX
import OKXFake
import OKXWire
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// botd trading on the OKX fake: a real subprocess, the fake's TLS servers on loopback, the
/// credentials in botd's environment.
///
/// The fake's clock starts a few seconds before a minute ends, over an hour of seeded candles
/// shaped for rsi-cross (a steady rise, then a sharp dip): the first live minute closes up
/// (RSI crosses up in the uptrend: buy), the next well above the entry (take profit: sell).
struct OKXMarketScript {
    static let instId = "BTC-USDT-SWAP"
    /// The minute the fake starts in (its clock at `minute + 45 s`: botd has 15 s to start before it closes).
    let minute: Int64
    let clock: FakeClock
    /// The last seeded close.
    let base = Price.of("100000")

    init() {
        let now = wallClockMilliseconds()
        minute = now / 60_000 * 60_000
        clock = FakeClock(startMs: minute + 45_000)
    }

    func seed(_ fake: OKXFake) throws {
        var candles: [FakeCandle] = []
        for k in 0..<60 {
            let ts = minute - Int64(60 - k) * 60_000
            // Up 50 a minute, then down 300 in the last minute before the live one.
            let close = k == 59 ? base - Price.of("300") : base - Price(Int(58 - k) * 50)
            candles.append(FakeCandle(ts: ts, open: close, high: close, low: close, close: close))
        }
        try fake.seedCandles(Self.instId, candles)
        // The live minute: a bounce of 400 from the dip.
        try fake.printTrade(Self.instId, px: base + Price.of("100"), sz: Quantity.of("1"), side: .buy)
    }

    var entryPrice: Price { base + Price.of("100") }
    var exitPrice: Price { base + Price.of("800") }
}

let okxRSIBot = """
    id = "rsi-okx"
    user = "alice"
    strategy = "rsi-cross"
    account = "ACCOUNT"
    symbol = "BTC-USDT-SWAP"
    timeframe = "1m"
    [params]
    rsi_length = 2
    ema_fast = 2
    ema_slow = 5
    oversold = 30
    overbought = 95
    stop_loss = "0.5"
    take_profit = "0.002"
    size = "1"
    """

func okxAccount(_ name: String, _ e: OKXFake.Endpoints, mode: String = "net", venue: String = "okx") -> String {
    let keys = venue == "okx" ? """
        environment = "demo"
        api_key_env = "T_OKX_KEY"
        api_secret_env = "T_OKX_SECRET"
        passphrase_env = "T_OKX_PASSPHRASE"
        leverage = "5"
        """ : "market = \"okx\"\nenvironment = \"demo\""
    return """
        [accounts.\(name)]
        venue = "\(venue)"
        position_mode = "\(mode)"
        \(keys)
        rest_url = "\(e.rest)"
        ws_public_url = "\(e.wsPublic)"
        ws_private_url = "\(e.wsPrivate)"
        ws_business_url = "\(e.wsBusiness)"
        ca_file = "\(e.caFile)"
        """
}

let okxKeys = ["T_OKX_KEY": "demo-key", "T_OKX_SECRET": "demo-secret", "T_OKX_PASSPHRASE": "demo-pass"]

@Suite(.serialized)
struct OKXDaemonTests {
    func fake(_ script: OKXMarketScript, positionMode: FakeAccount.PositionMode = .net) async throws -> (OKXFake, OKXFake.Endpoints) {
        let fake = OKXFake(clock: script.clock, accounts: [FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass",
                                                                       positionMode: positionMode, usdt: 100_000)])
        let e = try await fake.start()
        try script.seed(fake)
        return (fake, e)
    }

    /// The account's BTC position at the fake, read as a client would.
    func venuePosition(_ e: OKXFake.Endpoints) async throws -> Quantity {
        let rest = OKXRestClient(base: e.rest, environment: .demo,
                                 credentials: OKXCredentials(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass"),
                                 caFile: e.caFile)
        defer { rest.close() }
        try await rest.syncClock()
        return try await rest.patient(OKXPosition.self, OKXRest.positions(instId: OKXMarketScript.instId)).map(\.signedQuantity)
            .reduce(.zero, +)
    }

    @Test func rsiCrossTradesOnOKXEndToEnd() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-demo")])
        try d.start(speed: 1, extra: okxAccount("okx-demo", e), environment: okxKeys)
        try d.waitUntil("running") { try d.status().first?["state"] as? String == "running" }
        try d.waitUntil("the entry", timeout: 30) { (try d.status().first?["orders"] as? Int ?? 0) >= 1 }
        let store = try Store(path: d.storage)
        try await eventually("the entry's fill", timeout: 20) { !(try await store.fills(bot: "rsi-okx")).isEmpty }
        #expect(try await venuePosition(e) == Quantity.of("1"))
        // The next minute closes above the take-profit.
        try fake.printTrade(OKXMarketScript.instId, px: script.exitPrice, sz: Quantity.of("1"), side: .buy)
        try await eventually("the exit", timeout: 90) { (try await store.fills(bot: "rsi-okx")).count >= 2 }
        let fills = try await store.fills(bot: "rsi-okx")
        #expect(fills.map(\.side) == ["buy", "sell"])
        #expect(fills.first?.price == script.entryPrice)
        #expect(fills.last?.price == script.exitPrice)
        #expect(fills.allSatisfy { $0.tradeID != nil })
        #expect(try await venuePosition(e) == .zero)
        let orders = try await store.orders(bot: "rsi-okx")
        #expect(orders.count == 2 && orders.allSatisfy { $0.status == "filled" })
        #expect(try d.signal(SIGTERM) == 0)
        // The secrets never reached the log or the store.
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(!log.contains("demo-secret") && !log.contains("demo-pass"))
        #expect(log.contains("OKX account ready"))
    }

    /// botd killed between sending an order and its answer (OKX executed it; the answer never
    /// came), then started again: the bot adopts the order and its fill, and nothing is sent twice.
    @Test func killedBetweenAnOrderAndItsAnswerAdoptsItAfterARestart() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-demo")])
        try d.start(speed: 1, extra: okxAccount("okx-demo", e), environment: okxKeys)
        try await eventually("the entry executed and its answer held", timeout: 40) { fake.counters.heldResponses == 1 }
        try d.signal(SIGKILL)
        let store = try Store(path: d.storage)
        let journaled = try await store.orders(bot: "rsi-okx")
        #expect(journaled.count == 1 && journaled.first?.status == "pendingNew", "\(journaled)")
        #expect(try await store.fills(bot: "rsi-okx").isEmpty)
        try d.start(speed: 1, extra: okxAccount("okx-demo", e), environment: okxKeys)
        try await eventually("the adopted fill", timeout: 30) { !(try await store.fills(bot: "rsi-okx")).isEmpty }
        let fills = try await store.fills(bot: "rsi-okx")
        #expect(fills.count == 1 && fills.first?.clientOrderID == journaled.first?.clientOrderID)
        #expect(try await store.orders(bot: "rsi-okx").map(\.status) == ["filled"])
        // One order at the venue: the position is one entry's.
        #expect(try await venuePosition(e) == Quantity.of("1"))
        try d.signal(SIGTERM)
    }

    /// A client of the fake's account, for the test to look at what botd left there.
    func client(_ e: OKXFake.Endpoints) async throws -> OKXRestClient {
        let rest = OKXRestClient(base: e.rest, environment: .demo,
                                 credentials: OKXCredentials(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass"),
                                 caFile: e.caFile)
        try await rest.syncClock()
        return rest
    }

    /// HYPERRSI on a hedge-mode account: a long leg entered on RSI falling through 30 on the
    /// forming bar, its take-profit ladder as reduce-only limits, its stop as an OKX algo order
    /// (there while botd is down), the stop moved to break-even when TP1 fills, then stopped out.
    @Test func hyperrsiTradesItsLongLegWithTakeProfitsAndAnAlgoStop() async throws {
        let script = OKXMarketScript()
        let fake = OKXFake(clock: script.clock, accounts: [FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass",
                                                                       positionMode: .longShort, usdt: 100_000)])
        let e = try await fake.start()
        defer { Task { await fake.stop() } }
        // An hour of small swings (RSI near 60), closing at 100,150.
        var close = Price.of("99850")
        var candles: [FakeCandle] = []
        for k in 0..<60 {
            close = close + (k % 2 == 0 ? Price.of("30") : Price.of("-20"))
            candles.append(FakeCandle(ts: script.minute - Int64(60 - k) * 60_000, open: close, high: close, low: close, close: close))
        }
        try fake.seedCandles(OKXMarketScript.instId, candles)
        try fake.setPrice(OKXMarketScript.instId, close)
        let bot = """
            id = "hyper-okx"
            user = "bob"
            strategy = "hyperrsi"
            account = "okx-hedge"
            symbol = "BTC-USDT-SWAP"
            timeframe = "1m"
            [params]
            investment = "100"
            leverage = 10
            direction = "long"
            entry_option = "breakout"
            use_trend_logic = false
            use_trend_close = false
            use_dca = false
            use_cooldown = false
            use_sl = true
            sl_value = 1
            trailing_stop_active = false
            """
        let d = try Daemon(bots: ["hyper.toml": bot])
        try d.start(speed: 1, extra: okxAccount("okx-hedge", e, mode: "hedge").replacingOccurrences(of: "leverage = \"5\"", with: ""),
                    environment: okxKeys)
        try d.waitUntil("running") { try d.status().first?["state"] as? String == "running" }
        // RSI falls through 30 in the forming minute: a long entry at market.
        for px in ["98650", "98640", "98630"] {
            try fake.printTrade(OKXMarketScript.instId, px: Price.of(px), sz: Quantity.of("1"), side: .sell)
            try await Task.sleep(for: .milliseconds(1_200))
        }
        let store = try Store(path: d.storage)
        try await eventually("the entry and its orders", timeout: 30) { (try await store.orders(bot: "hyper-okx")).count >= 5 }
        let entry = try #require(try await store.fills(bot: "hyper-okx").first)
        // 100 USDT at 10× on contracts of 0.01 BTC near 98,630: 1.01 contracts (to the lot).
        #expect(entry.side == "buy" && entry.positionSide == "long" && entry.quantity == Quantity.of("1.01"))
        let rest = try await client(e)
        defer { rest.close() }
        // At the venue: three reduce-only take-profits on the long leg, and the stop as an algo order.
        let tps = try await rest.patient(OKXOrder.self, OKXRest.pendingOrders(instId: OKXMarketScript.instId))
        #expect(tps.count == 3 && tps.allSatisfy { $0.side == .sell && $0.positionSide == .long })
        #expect(tps.map(\.size).reduce(.zero, +) == entry.quantity)
        let stops = try await rest.patient(OKXAlgoOrder.self, OKXRest.pendingStops(instId: OKXMarketScript.instId))
        #expect(stops.count == 1)
        let firstStop = try #require(stops.first?.stopTrigger)
        #expect(firstStop < entry.price)
        // TP1 (+2 %) fills: the stop moves to the entry.
        try fake.printTrade(OKXMarketScript.instId, px: entry.price.scaled(by: Ratio.of("1.025"), .up), sz: Quantity.of("0.3"), side: .buy)
        try await eventually("the take-profit's fill", timeout: 20) { (try await store.fills(bot: "hyper-okx")).count >= 2 }
        try await eventually("the stop at break-even", timeout: 20) {
            let s = try await rest.patient(OKXAlgoOrder.self, OKXRest.pendingStops(instId: OKXMarketScript.instId))
            return s.count == 1 && s[0].stopTrigger.map { $0 >= entry.price.scaled(by: Ratio.of("0.999"), .down) } == true
        }
        // The market falls through it: OKX's stop closes the rest of the leg.
        try fake.printTrade(OKXMarketScript.instId, px: entry.price.scaled(by: Ratio.of("0.99"), .down), sz: Quantity.of("5"), side: .sell)
        try await eventually("the stop's fill", timeout: 20) {
            let fills = try await store.fills(bot: "hyper-okx")
            return fills.filter { $0.side == "sell" }.map(\.quantity).reduce(.zero, +) == entry.quantity
        }
        // The venue's long leg is closed, as the bot's record says; nothing is left working.
        try await eventually("the ladder's cancellation", timeout: 20) {
            try await rest.patient(OKXOrder.self, OKXRest.pendingOrders(instId: OKXMarketScript.instId)).isEmpty
        }
        let legs = try await rest.patient(OKXPosition.self, OKXRest.positions(instId: OKXMarketScript.instId))
        #expect(legs.allSatisfy { $0.position.isZero }, "\(legs)")
        #expect(try d.signal(SIGTERM) == 0)
    }

    @Test func refusedAccountsNameTheirCauseAndTheOthersStart() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await fake(script, positionMode: .longShort)
        defer { Task { await fake.stop() } }
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-demo"), "fast.toml": fastBot,
                                  "pass.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-pass")
                                      .replacingOccurrences(of: "rsi-okx", with: "rsi-pass")])
        var keys = okxKeys
        keys["T_OKX_PASSPHRASE_2"] = "not-the-passphrase"
        let second = okxAccount("okx-pass", e, mode: "hedge").replacingOccurrences(of: "\"T_OKX_PASSPHRASE\"", with: "\"T_OKX_PASSPHRASE_2\"")
        try d.start(speed: 60, extra: okxAccount("okx-demo", e) + "\n" + second, environment: keys)
        try d.waitUntil("three settled") { try d.status().filter { ["running", "failed"].contains($0["state"] as? String) }.count == 3 }
        let byID = Dictionary(uniqueKeysWithValues: try d.status().map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["fast"]?["state"] as? String == "running")
        #expect(byID["rsi-okx"]?["state"] as? String == "failed")
        #expect(byID["rsi-pass"]?["state"] as? String == "failed")
        let events = try d.ctl(["events", "--json"]).stdout
        #expect(events.contains("okx-demo") && events.contains("position mode"), "\(events.prefix(3000))")
        #expect(events.contains("okx-pass") && events.contains("passphrase"), "\(events.prefix(3000))")
        #expect(!events.contains("not-the-passphrase"))
        try d.signal(SIGTERM)
    }

    /// OKX's own changes to the position reach the bot's books through botd: a funding fee
    /// read from the account's bills, then a liquidation of the whole position.
    @Test func fundingAndALiquidationReachTheBotsBooks() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-demo")])
        try d.start(speed: 1, extra: okxAccount("okx-demo", e) + "\nfunding_poll_seconds = 1", environment: okxKeys)
        let store = try Store(path: d.storage)
        try await eventually("the entry's fill", timeout: 40) { !(try await store.fills(bot: "rsi-okx")).isEmpty }

        try fake.settleFunding(OKXMarketScript.instId, rate: Ratio.of("0.0001"))
        try await eventually("the funding fee", timeout: 20) { !(try await store.funding(bot: "rsi-okx")).isEmpty }
        let funding = try await store.funding(bot: "rsi-okx")
        // 1 contract of 0.01 BTC at the last price, 100,100, × 0.0001, paid by the long.
        #expect(funding.map(\.amount) == [Money.of("0.1001")] && funding.map(\.side) == [.net], "\(funding)")

        let uid = FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass").uid
        try fake.liquidate(OKXMarketScript.instId, account: uid, posSide: "net")
        try await eventually("the liquidation", timeout: 20) {
            (try await store.orders(bot: "rsi-okx")).contains { $0.type == "liquidation" }
        }
        let liquidation = try #require(try await store.orders(bot: "rsi-okx").first { $0.type == "liquidation" })
        #expect(liquidation.quantity == Quantity.of("1") && liquidation.status == "filled" && liquidation.side == "sell")
        #expect(try await venuePosition(e) == .zero)
        try d.waitUntil("the bot flat") { (try d.status().first?["position"] as? NSNumber)?.doubleValue == 0 }
        // Once, though the reconciliation after a reconnection finds it again.
        fake.dropConnections()
        try await Task.sleep(for: .seconds(2))
        #expect(try await store.orders(bot: "rsi-okx").filter { $0.type == "liquidation" }.count == 1)
        #expect(try await store.funding(bot: "rsi-okx").count == 1)
        #expect(try d.signal(SIGTERM) == 0)
    }

    @Test func dryRunTradesOnOKXsPublicMarketWithoutKeys() async throws {
        let script = OKXMarketScript()
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        let d = try Daemon(bots: ["rsi.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "dry")])
        try d.start(speed: 1, extra: okxAccount("dry", e, venue: "paper"))
        let store = try Store(path: d.storage)
        try await eventually("the paper fill", timeout: 40) { !(try await store.fills(bot: "rsi-okx")).isEmpty }
        let fill = try #require(try await store.fills(bot: "rsi-okx").first)
        // The simulated fill is at OKX's price, not the simulator's.
        #expect(fill.price == script.entryPrice)
        // Nothing reached the venue's trading endpoints.
        #expect(fake.counters.requests["/api/v5/trade/order"] == nil)
        try d.signal(SIGTERM)
    }
}

/// Polls `condition` every 50 ms for up to `timeout` seconds.
func eventually(_ what: String, timeout: Double = 30, _ condition: () async throws -> Bool) async throws {
    let end = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for \(what)")
    throw CancellationError()
}

extension OKXRestClient {
    /// `data`, asked again while OKX answers a rate limit: botd shares the fake's per-IP
    /// limits with the test's own looks at the account.
    func patient<Item: Decodable>(_ type: Item.Type, _ request: OKXRequest) async throws -> [Item] {
        var attempt = 0
        while true {
            attempt += 1
            do { return try await data(type, request) } catch let e as OKXError where e.kind == .rateLimited && attempt < 10 {
                try await Task.sleep(for: .milliseconds(300))
            }
        }
    }
}
