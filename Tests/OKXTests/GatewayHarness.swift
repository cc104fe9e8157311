import BotCore
import Logging
import OKX
import OKXFake
import OKXWire
import Synchronization

/// An OKX fake on loopback with one account, and a gateway on it.
struct GatewayHarness {
    let fake: OKXFake
    let endpoints: OKXFake.Endpoints
    let venue: OKXVenue
    let sink: GWEvents
    let account: FakeAccount

    static let btc = Instrument(id: InstrumentID(venue: "okx", symbol: "BTC-USDT-SWAP"), kind: .perpetual, base: "BTC", quote: "USDT",
                                tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"), minNotional: 0,
                                contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"),
                                maxLeverage: 100)

    /// `ownClock`: the gateway reads the machine's clock, not the fake's (which a test may
    /// move); by default they are one, so a fake clock running fast keeps them together.
    /// `account`: the fake's account (key, secret, passphrase, permissions, position mode);
    /// `use`: the credentials the gateway signs with, when a test wants them wrong.
    static func start(account: FakeAccount = FakeAccount(apiKey: "key-1", secret: "secret-1", passphrase: "pass-1"),
                      use credentials: OKXCredentials? = nil, environment: OKXEnvironment = .demo,
                      positionMode: OKXPositionMode = .net, timeout: Duration = .seconds(5),
                      ownClock: Bool = false,
                      tune: (inout OKXAccountSettings) -> Void = { _ in }) async throws -> GatewayHarness {
        let fake = OKXFake(accounts: [account])
        let endpoints = try await fake.start()
        try fake.setPrice("BTC-USDT-SWAP", Price.of("100000"))
        let creds = credentials ?? OKXCredentials(apiKey: account.apiKey, secret: account.secret, passphrase: account.passphrase)
        let clock = fake.clock
        let rest = OKXRestClient(base: endpoints.rest, environment: environment, credentials: creds, caFile: endpoints.caFile,
                                 clock: ownClock ? VenueClock() : VenueClock(local: { clock.nowMs }), timeout: timeout)
        var settings = OKXAccountSettings(account: "main", positionMode: positionMode, privateURL: endpoints.wsPrivate,
                                          businessURL: endpoints.wsBusiness, caFile: endpoints.caFile,
                                          expiryMs: 1_500, settleMs: 300)
        tune(&settings)
        return await gateway(fake, endpoints, account, settings, rest, creds)
    }

    /// A second gateway on the harness's account and settings: botd started again.
    static func reopen(_ h: GatewayHarness) async throws -> GatewayHarness {
        let creds = OKXCredentials(apiKey: h.account.apiKey, secret: h.account.secret, passphrase: h.account.passphrase)
        let clock = h.fake.clock
        let rest = OKXRestClient(base: h.endpoints.rest, environment: .demo, credentials: creds, caFile: h.endpoints.caFile,
                                 clock: VenueClock(local: { clock.nowMs }))
        let again = await gateway(h.fake, h.endpoints, h.account, h.venue.settings, rest, creds)
        try await again.open()
        return again
    }

    private static func gateway(_ fake: OKXFake, _ endpoints: OKXFake.Endpoints, _ account: FakeAccount, _ settings: OKXAccountSettings,
                                _ rest: OKXRestClient, _ creds: OKXCredentials) async -> GatewayHarness {
        var logger = Logger(label: "okx-test")
        logger.logLevel = .critical
        let venue = OKXVenue(settings: settings, rest: rest, credentials: creds, logger: logger)
        let sink = GWEvents()
        await venue.connect(sink)
        return GatewayHarness(fake: fake, endpoints: endpoints, venue: venue, sink: sink, account: account)
    }

    func stop() async {
        await venue.close()
        await fake.stop()
    }

    /// Opens the account and waits until the private stream is subscribed (its first
    /// reconciliation done).
    func open() async throws {
        try await venue.open()
        // Both private streams subscribed: a stop's trigger or cancel comes on /business only.
        try await gwWait {
            let s = await venue.stats
            return s.reconciliations >= 1 && s.algoSubscriptions >= 1
        }
    }
}

/// Every order event a gateway delivered, in order.
final class GWEvents: VenueEventSink {
    private let events = Mutex<[OrderEvent]>([])
    func deliver(_ event: OrderEvent, instrument: InstrumentID) { events.withLock { $0.append(event) } }
    private let settlements = Mutex<[FundingCharge]>([])
    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) { settlements.withLock { $0.append(funding) } }
    /// Funding settlements reported, in order.
    var funding: [FundingCharge] { settlements.withLock { $0 } }
    private let liquidated = Mutex<[VenueLiquidation]>([])
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {
        liquidated.withLock { $0.append(liquidation) }
    }
    /// Liquidations reported, in order.
    var liquidations: [VenueLiquidation] { liquidated.withLock { $0 } }
    private let states = Mutex<[(InstrumentID, Bool)]>([])
    func instrument(_ id: InstrumentID, suspended: Bool, account: String) { states.withLock { $0.append((id, suspended)) } }
    /// Suspensions (true) and resumptions (false) reported, in order.
    var suspensions: [Bool] { states.withLock { $0.map(\.1) } }

    var all: [OrderEvent] { events.withLock { $0 } }
    func fills(_ id: ClientOrderID) -> [Fill] {
        all.compactMap { if case .filled(let f) = $0, f.orderID == id { f } else { nil } }
    }
    /// Fills of `id` counted once per trade id, as a ledger books them.
    func distinctFills(_ id: ClientOrderID) -> [Fill] {
        var seen = Set<String>()
        return fills(id).filter { seen.insert($0.tradeID ?? "").inserted }
    }
    func count(_ match: (OrderEvent) -> Bool) -> Int { all.filter(match).count }
}

struct GWTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every 20 ms for up to `seconds`.
func gwWait(_ seconds: Double = 30, _ what: String = "condition", _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw GWTimedOut(description: "timed out waiting for \(what)")
}

func gwOrder(_ seq: UInt64, _ side: Side, _ type: OrderType, _ qty: String, reduceOnly: Bool = false,
           positionSide: PositionSide = .net) -> OrderRequest {
    OrderRequest(id: ClientOrderID(bot: "gw-test", sequence: seq), side: side, type: type, quantity: Quantity.of(qty),
                 reduceOnly: reduceOnly, positionSide: positionSide)
}
