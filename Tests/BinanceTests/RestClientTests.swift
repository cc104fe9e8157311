import Binance
import BinanceFake
import BinanceWire
import BotCore
import Testing

/// The REST client against the Binance fake over TLS: the clock measured, signed calls
/// accepted, the IP's weight taken from the answers, and a ban waited out.
@Suite(.serialized) struct RestClientTests {
    static let key = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    func start(weightPerMinute: Int = 6_000) async throws -> (BinanceFake, BinanceRestClient, BinanceIPLimits) {
        let fake = BinanceFake(accounts: [BinanceFake.Account(apiKey: Self.key, secret: Self.secret, balances: ["USDT": 1_000, "BTC": 1])])
        fake.setLimits { $0.weightPerMinute = weightPerMinute }
        let urls = try await fake.start()
        let clock = fake.clock
        let limits = BinanceIPLimits(weightPerMinute: weightPerMinute)
        let client = BinanceRestClient(base: urls.rest, credentials: BinanceCredentials(apiKey: Self.key, secret: Self.secret),
                                       caFile: urls.caFile, clock: VenueClock(local: { clock.nowMs }), limits: limits)
        return (fake, client, limits)
    }

    @Test func signedCallsAreAcceptedAndTheWeightIsTheVenues() async throws {
        let (fake, client, limits) = try await start()
        defer { Task { client.close(); await fake.stop() } }
        try await client.syncClock()
        #expect(abs(client.clock.offsetMs) < 1_000)
        let info = try await client.decode(BinanceExchangeInfo.self, try BinanceRest.exchangeInfo(symbols: ["BTCUSDT"]))
        #expect(info.symbols.map(\.symbol) == ["BTCUSDT"])
        let account = try await client.decode(BinanceAccount.self, BinanceRest.account(omitZeroBalances: true))
        #expect(account.canTrade && !account.canWithdraw)
        #expect(account.balances.first { $0.asset == "BTC" }?.free == 1)
        // What the fake counted for this IP (its headers said) is what the client now holds.
        #expect(await limits.usedWeight == fake.counters.maxWeightPerMinute)
        #expect(await limits.usedWeight > 0)
    }

    @Test func aBanIsWaitedOutBeforeTheNextRequest() async throws {
        let (fake, client, limits) = try await start()
        defer { Task { client.close(); await fake.stop() } }
        fake.faults { $0.rateLimitNext = 1 }
        let (r, _) = try await client.send(BinanceRest.serverTime())
        #expect(r.status == 429)
        let until = try #require(await limits.backoff?.untilMs)
        #expect(until > client.clock.nowMs)
        // The next request waits for the Retry-After on the fake's clock (run fast here), so the
        // fake never sees a request inside it: no strike, no 418.
        fake.clock.run(rate: 60)
        let (again, _) = try await client.send(BinanceRest.serverTime())
        #expect(again.status == 200 && client.clock.nowMs >= until)
        #expect(fake.counters.bans == 0)
    }
}
