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
        return try await rest.data(OKXPosition.self, OKXRest.positions(instId: OKXMarketScript.instId)).map(\.signedQuantity)
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
