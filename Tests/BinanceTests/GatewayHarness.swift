import Binance
import BinanceFake
import BinanceWire
import BotCore
import Logging
import Synchronization

/// A Binance fake on loopback with one account, and a gateway on it.
struct BinanceGatewayHarness {
    static let key = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    static let btc = Instrument(id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), kind: .spot, base: "BTC", quote: "USDT",
                                tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"),
                                minNotional: 5, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"))

    let fake: BinanceFake
    let endpoints: BinanceFake.Endpoints
    let venue: BinanceVenue
    let sink: BinanceEvents
    let prices: PriceTable
    let account: BinanceFake.Account

    /// `symbols`: the fake's (a test removes stop types from one); `timeout`: how long a call
    /// may go unanswered; `tune`: the gateway's settings.
    static func start(account: BinanceFake.Account = BinanceFake.Account(apiKey: key, secret: secret,
                                                                          balances: ["USDT": 100_000, "BTC": 1]),
                      symbols: [BinanceFake.Symbol] = [.btcUsdt, .ethUsdt], limits: BinanceIPLimits? = nil,
                      timeout: Duration = .seconds(5), recvWindowMs: Int = 1_000,
                      tune: (inout BinanceAccountSettings) -> Void = { _ in }) async throws -> BinanceGatewayHarness {
        let fake = BinanceFake(symbols: symbols, accounts: [account])
        let endpoints = try await fake.start()
        try fake.printTrade("BTCUSDT", price: 100_000)
        var settings = BinanceAccountSettings(account: "spot", webSocketAPIURL: endpoints.wsAPI, caFile: endpoints.caFile,
                                              settleMs: 200, keptStopPollEvery: .milliseconds(10))
        tune(&settings)
        return gateway(fake, endpoints, account, settings, limits: limits ?? BinanceIPLimits(), timeout: timeout, recvWindowMs: recvWindowMs)
    }

    /// A second gateway on the same account and settings: botd started again.
    static func reopen(_ h: BinanceGatewayHarness) async throws -> BinanceGatewayHarness {
        let again = gateway(h.fake, h.endpoints, h.account, h.venue.settings, limits: BinanceIPLimits(), timeout: .seconds(5),
                            recvWindowMs: h.venue.rest.recvWindowMs)
        try await again.open()
        return again
    }

    private static func gateway(_ fake: BinanceFake, _ endpoints: BinanceFake.Endpoints, _ account: BinanceFake.Account,
                                _ settings: BinanceAccountSettings, limits: BinanceIPLimits, timeout: Duration,
                                recvWindowMs: Int) -> BinanceGatewayHarness {
        let clock = fake.clock
        let creds = BinanceCredentials(apiKey: account.apiKey, secret: account.secret)
        let rest = BinanceRestClient(base: endpoints.rest, credentials: creds, caFile: endpoints.caFile,
                                     clock: VenueClock(local: { clock.nowMs }), timeout: timeout, recvWindowMs: recvWindowMs,
                                     limits: limits)
        var logger = Logger(label: "binance-test")
        logger.logLevel = .critical
        let prices = PriceTable()
        let venue = BinanceVenue(settings: settings, rest: rest, credentials: creds, logger: logger,
                                 lastPrice: { prices.price($0.symbol) })
        let sink = BinanceEvents()
        return BinanceGatewayHarness(fake: fake, endpoints: endpoints, venue: venue, sink: sink, prices: prices, account: account)
    }

    func stop() async {
        await venue.close()
        await fake.stop()
    }

    /// Connects the sink, opens the account, readies BTCUSDT, and waits until the user data
    /// stream is subscribed (its first reconciliation done).
    @discardableResult
    func open() async throws -> Instrument {
        await venue.connect(sink)
        try await venue.open()
        let inst = try await venue.prepare(Self.btc, leverage: nil, sides: [.net])
        try await bnWait { await venue.stats.reconciliations >= 1 }
        return inst
    }
}

/// The last trade price a test sets, standing in for the market-data hub's board.
final class PriceTable: Sendable {
    private let prices = Mutex<[String: Price]>([:])
    func set(_ symbol: String, _ p: Price) { prices.withLock { $0[symbol] = p } }
    func price(_ symbol: String) -> Price? { prices.withLock { $0[symbol] } }
}

/// Every order event a gateway delivered, in order.
final class BinanceEvents: VenueEventSink {
    private let events = Mutex<[OrderEvent]>([])

    func deliver(_ event: OrderEvent, instrument: InstrumentID) { events.withLock { $0.append(event) } }
    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) {}
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {}

    var all: [OrderEvent] { events.withLock { $0 } }

    /// The fills, each once by trade id (as a bot's ledger applies them), and how many
    /// deliveries there were in all.
    var fills: [Fill] {
        var seen = Set<String>(), out: [Fill] = []
        for case .filled(let f) in all where seen.insert(f.tradeID ?? "").inserted { out.append(f) }
        return out
    }

    func count(_ match: (OrderEvent) -> Bool) -> Int { all.filter(match).count }
}

/// Polls `condition` until it holds, for at most `seconds`.
func bnWait(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    struct Timeout: Error {}
    if try await condition() { return }
    throw Timeout()
}
