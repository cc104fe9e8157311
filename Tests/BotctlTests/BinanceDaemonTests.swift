import BinanceFake
import BotCore
import BotTestKit
import Foundation
import OKXFake
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// botd trading on the Binance fake, spot, as a real subprocess: the fake's TLS servers on
/// loopback, the keys in botd's environment. The market is shaped as `OKXMarketScript`'s
/// (a steady rise, a dip, then a bounce), so rsi-cross buys in the first live minute and
/// sells at the take-profit in the next.
struct BinanceMarketScript {
    static let symbol = "BTCUSDT"
    let minute: Int64
    let clock: FakeClock
    let base = Price.of("100000")

    /// `clock`: shared with an OKX fake when both run in the same test.
    init(clock: FakeClock? = nil, minute: Int64? = nil) {
        let now = wallClockMilliseconds()
        self.minute = minute ?? now / 60_000 * 60_000
        self.clock = clock ?? FakeClock(startMs: self.minute + 45_000)
    }

    func seed(_ fake: BinanceFake) throws {
        var klines: [BinanceFake.Kline] = []
        for k in 0..<60 {
            let open = minute - Int64(60 - k) * 60_000
            let close = k == 59 ? base - Price.of("300") : base - Price(Int(58 - k) * 50)
            klines.append(BinanceFake.Kline(openTime: open, open: close, high: close, low: close, close: close, volume: 1))
        }
        try fake.seedKlines(Self.symbol, klines)
        try fake.printTrade(Self.symbol, price: entryPrice)
    }

    var entryPrice: Price { base + Price.of("100") }
    var exitPrice: Price { base + Price.of("800") }
}

let binanceKey = "BotdTestKey" + String(repeating: "K", count: 53)
let binanceSecret = "BotdTestSecret" + String(repeating: "S", count: 50)
let binanceKeys = ["T_BN_KEY": binanceKey, "T_BN_SECRET": binanceSecret]

let binanceRSIBot = """
    id = "rsi-binance"
    user = "bob"
    strategy = "rsi-cross"
    account = "ACCOUNT"
    symbol = "BTCUSDT"
    timeframe = "1m"
    [params]
    rsi_length = 2
    ema_fast = 2
    ema_slow = 5
    oversold = 30
    overbought = 95
    stop_loss = "0.5"
    take_profit = "0.002"
    size = "0.01"
    """

/// `keys`: false leaves out the `*_env` lines (the keys then come from the vault).
func binanceAccount(_ name: String, _ e: BinanceFake.Endpoints, keys: Bool = true) -> String {
    """
    [accounts.\(name)]
    venue = "binance"
    environment = "demo"
    position_mode = "net"
    \(keys ? "api_key_env = \"T_BN_KEY\"\napi_secret_env = \"T_BN_SECRET\"" : "")
    rest_url = "\(e.rest)"
    ws_public_url = "\(e.streams)"
    ws_private_url = "\(e.wsAPI)"
    ws_business_url = "\(e.streams)"
    ca_file = "\(e.caFile)"
    """
}

@Suite(.serialized)
struct BinanceDaemonTests {
    func fake(_ script: BinanceMarketScript) async throws -> (BinanceFake, BinanceFake.Endpoints) {
        let fake = BinanceFake(clock: script.clock, accounts: [BinanceFake.Account(apiKey: binanceKey, secret: binanceSecret,
                                                                                    balances: ["USDT": 100_000])])
        let e = try await fake.start()
        try script.seed(fake)
        return (fake, e)
    }

    /// One daemon, two venues: rsi-cross on the Binance fake (spot) and on the OKX fake (swap),
    /// each trading its entry and its exit; the Binance account's BTC is what the bot's fills
    /// say it holds, the fee Binance took in BTC included.
    @Test func rsiCrossTradesOnBinanceAndOKXInOneDaemon() async throws {
        let okxScript = OKXMarketScript()
        let script = BinanceMarketScript(clock: okxScript.clock, minute: okxScript.minute)
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        let okx = OKXFake(clock: okxScript.clock, accounts: [FakeAccount(apiKey: "demo-key", secret: "demo-secret", passphrase: "demo-pass",
                                                                       positionMode: .net, usdt: 100_000)])
        let oe = try await okx.start()
        defer { Task { await okx.stop() } }
        try okxScript.seed(okx)
        let d = try Daemon(bots: ["rsi-bn.toml": binanceRSIBot.replacingOccurrences(of: "ACCOUNT", with: "binance-test"),
                                  "rsi-okx.toml": okxRSIBot.replacingOccurrences(of: "ACCOUNT", with: "okx-demo")])
        try d.start(speed: 1, extra: binanceAccount("binance-test", e) + "\n" + okxAccount("okx-demo", oe),
                    environment: binanceKeys.merging(okxKeys) { a, _ in a })
        try d.waitUntil("both running") { try d.status().filter { $0["state"] as? String == "running" }.count == 2 }
        let store = try Store(path: d.storage)
        try await eventually("both entries' fills", timeout: 30) {
            let bn = try await store.fills(bot: "rsi-binance"), ok = try await store.fills(bot: "rsi-okx")
            return !bn.isEmpty && !ok.isEmpty
        }
        // The next minute closes above both take-profits.
        try fake.printTrade(BinanceMarketScript.symbol, price: script.exitPrice)
        try okx.printTrade(OKXMarketScript.instId, px: okxScript.exitPrice, sz: Quantity.of("1"), side: .buy)
        try await eventually("both exits", timeout: 90) {
            let bn = try await store.fills(bot: "rsi-binance"), ok = try await store.fills(bot: "rsi-okx")
            return bn.count >= 2 && ok.count >= 2
        }
        let fills = try await store.fills(bot: "rsi-binance")
        #expect(fills.map(\.side) == ["buy", "sell"])
        // Market orders take the fake's book, one tick either side of the last trade.
        #expect(fills.first?.price == script.entryPrice + Price.of("0.01"), "\(fills)")
        #expect(fills.last?.price == script.exitPrice - Price.of("0.01"))
        #expect(fills.allSatisfy { $0.tradeID != nil })
        // Bought 0.01, charged 0.00001 in BTC, sold what was left: the account holds nothing.
        #expect(fills.first?.quantity == Quantity.of("0.01") && fills.first?.baseFee == Quantity.of("0.00001"))
        #expect(fills.last?.quantity == Quantity.of("0.00999"))
        #expect(fake.balance(binanceKey, "BTC")?.total ?? .zero == .zero)
        #expect(try await store.orders(bot: "rsi-binance").map(\.status) == ["filled", "filled"])
        #expect(try await store.fills(bot: "rsi-okx").map(\.side) == ["buy", "sell"])
        #expect(try d.signal(SIGTERM) == 0)
        let log = try String(contentsOfFile: d.logPath, encoding: .utf8)
        #expect(log.contains("Binance account ready") && log.contains("OKX account ready"))
        #expect(!log.contains(binanceSecret) && !log.contains(binanceKey))
    }

    /// botd killed between sending an order and its answer (Binance executed it, the answer
    /// never came), then started again: the bot adopts the order and its fill, and nothing is
    /// sent twice.
    @Test func killedBetweenAnOrderAndItsAnswerAdoptsItAfterARestart() async throws {
        let script = BinanceMarketScript()
        let (fake, e) = try await fake(script)
        defer { Task { await fake.stop() } }
        fake.faults { $0.failNextOrders = 1; $0.afterExecuting = .noAnswer }
        let d = try Daemon(bots: ["rsi.toml": binanceRSIBot.replacingOccurrences(of: "ACCOUNT", with: "binance-test")])
        try d.start(speed: 1, extra: binanceAccount("binance-test", e), environment: binanceKeys)
        try await eventually("the entry executed and its answer held", timeout: 40) { fake.counters.heldResponses == 1 }
        try d.signal(SIGKILL)
        let store = try Store(path: d.storage)
        let journaled = try await store.orders(bot: "rsi-binance")
        #expect(journaled.count == 1 && journaled.first?.status == "pendingNew", "\(journaled)")
        #expect(try await store.fills(bot: "rsi-binance").isEmpty)
        try d.start(speed: 1, extra: binanceAccount("binance-test", e), environment: binanceKeys)
        try await eventually("the adopted fill", timeout: 30) { !(try await store.fills(bot: "rsi-binance")).isEmpty }
        let fills = try await store.fills(bot: "rsi-binance")
        #expect(fills.count == 1 && fills.first?.clientOrderID == journaled.first?.clientOrderID)
        #expect(try await store.orders(bot: "rsi-binance").map(\.status) == ["filled"])
        #expect(fake.counters.ordersPlaced == 1)
        #expect(fake.balance(binanceKey, "BTC")?.total == Money.of("0.00999"))
        try d.signal(SIGTERM)
    }
}
