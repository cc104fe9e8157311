import Binance
import BinanceFake
import BinanceWire
import BotCore
import Foundation
import Synchronization

// The account gateway (BinanceVenue) against the fake, on real time: orders per second at
// Binance's limits.

/// Every order event a gateway delivered, counted.
final class GatewayEvents: VenueEventSink {
    struct State {
        var accepted = 0
        var filled = 0
        var other = 0
    }

    let state = Mutex(State())

    func deliver(_ event: OrderEvent, instrument: InstrumentID) {
        state.withLock { s in
            switch event {
            case .accepted: s.accepted += 1
            case .filled: s.filled += 1
            default: s.other += 1
            }
        }
    }

    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) {}
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {}

    var snapshot: State { state.withLock { $0 } }
}

/// A Binance API key and secret as Binance issues them: 64 letters and digits each.
let benchKey = "BnchK3y0aLiveBenchmarkKeyForTheLocalFakeOnLoopbackQ7x9Z2m4P6r8T1"
let benchSecret = "BnchS3cr3tLiveBenchmarkSecretForTheLocalFakeOnLoopbackW5v3N7k9JQ"

/// Enough USDT for thousands of resting 10 USDT buys.
let benchAccount = BinanceFake.Account(apiKey: benchKey, secret: benchSecret, balances: ["USDT": 100_000_000, "BTC": 10])

struct Gateway {
    let venue: BinanceVenue
    let events: GatewayEvents

    /// A gateway as the tests' harness and botd make one: its own REST client with the IP's
    /// limits of its own (`BinanceIPLimits()`: nothing else on this IP), botd's default timeout
    /// (5 s) and recvWindow (5 s), its own clock measured against the fake's by `open`.
    static func make(_ ep: BinanceFake.Endpoints, _ account: BinanceFake.Account, name: String) async -> Gateway {
        let creds = BinanceCredentials(apiKey: account.apiKey, secret: account.secret)
        let rest = BinanceRestClient(base: ep.rest, credentials: creds, caFile: ep.caFile, clock: VenueClock(),
                                     limits: BinanceIPLimits(), name: name)
        let settings = BinanceAccountSettings(account: name, webSocketAPIURL: ep.wsAPI, caFile: ep.caFile)
        let venue = BinanceVenue(settings: settings, rest: rest, credentials: creds, logger: benchLogger)
        let events = GatewayEvents()
        await venue.connect(events)
        return Gateway(venue: venue, events: events)
    }

    /// Opens the account, readies BTCUSDT (its rules and the limits from exchangeInfo), and
    /// waits for the user data stream's first reconciliation.
    func open() async throws -> Instrument {
        try await venue.open()
        let inst = try await venue.prepare(btc, leverage: nil, sides: [.net])
        try await waitFor("the user data stream's first reconciliation", seconds: 15) { await venue.stats.reconciliations >= 1 }
        return inst
    }
}

/// Far below the market (half the last price): the buy rests, 10 USDT of notional.
func restingBuy(_ bot: String, _ seq: Int) -> OrderRequest {
    OrderRequest(id: ClientOrderID(bot: bot, sequence: UInt64(seq)), side: .buy, type: .limit(Price.of("50000")),
                 quantity: Quantity.of("0.0002"))
}

/// Waits until `phaseMs` into one of the fake's fixed windows of `lengthMs` (its clock), so a
/// run starts at the same place in Binance's windows every time.
func align(_ clock: FakeClock, windowMs lengthMs: Int64, phaseMs: Int64) async {
    let now = clock.nowMs
    var target = now - now % lengthMs + phaseMs
    if target < now + 20 { target += lengthMs }
    try? await Task.sleep(for: .milliseconds(max(0, target - now - 5)))
    while clock.nowMs < target { try? await Task.sleep(for: .milliseconds(1)) }
}

// MARK: Orders per second

struct BurstResult {
    var label: String
    var orders: Int
    /// The binding window (10 s for the order count, 60 s for weight) and the start's place in it.
    var windowMs: Int64
    var phaseMs: Int64
    var seconds = 0.0
    var accepted = 0
    var rejected = 0
    var unknown = 0
    var firstRejection = ""
    var openAfter = -1
    /// What the fake counted: unfilled orders in its 10 s windows (the most in one), weight in
    /// its minutes (the most in one, refused requests' included), and its refusals.
    var fakeMaxOrders10s = 0
    var fakeMaxWeight = 0
    var orderLimited = 0
    var weightLimited = 0
    var forced = 0
    var bans = 0
    var bannedRequests = 0
    var timestampRejections = 0
    var orderRequests = 0
    /// The gateway's side: 429/418 answers it got, waits for the order counts, sends after an
    /// unanswered one, clock resyncs (-1021), requests sent; and the IP's weight as it counts it.
    var gatewayRateLimited = 0
    var gatewayBans = 0
    var orderLimitWaits = 0
    var resends = 0
    var unknownOutcomes = 0
    var clockResyncs = 0
    var requests = 0
    var clientWeight = 0
    /// Answers per fixed window of the fake's clock (by the time each answer came back).
    var perWindow: [Int] = []
    /// When the first window's worth had been answered, and answers per second after it.
    var firstWindowSeconds = Double.nan
    var steady = Double.nan
    /// The soonest the last order could go: the window it needs opening, from the start (with
    /// the gateway's 250 ms guard after a window's end).
    var minimumSeconds = 0.0
    var answerMs: (p50: Double, max: Double) = (.nan, .nan)

    var perSecond: Double { Double(accepted) / seconds }
    var violations: Int { orderLimited + weightLimited + forced + bans + bannedRequests + gatewayRateLimited + gatewayBans }
}

/// Fires every order at once, each from a task of its own, through one gateway; waits for
/// every answer. `firstWindow`: how many orders the binding limit lets through in the first
/// window (for the steady rate after it); nil: as many as were answered in it.
func burst(_ label: String, gateway: Gateway, fake: BinanceFake, orders: [OrderRequest], instrument: Instrument,
           windowMs: Int64, phaseMs: Int64, firstWindow: Int?) async -> BurstResult {
    let clock = fake.clock
    await align(clock, windowMs: windowMs, phaseMs: phaseMs)
    let before = await gateway.venue.stats
    fake.resetCounters()
    let t0 = monoNs(), t0Venue = clock.nowMs
    let acks = await withTaskGroup(of: (VenueAck, UInt64, Int64).self) { group in
        for r in orders {
            group.addTask {
                let a = await gateway.venue.call(.submit(r), instrument: instrument)
                return (a, monoNs(), clock.nowMs)
            }
        }
        var out: [(VenueAck, UInt64, Int64)] = []
        out.reserveCapacity(orders.count)
        for await a in group { out.append(a) }
        return out
    }
    let after = await gateway.venue.stats
    let c = fake.counters
    var r = BurstResult(label: label, orders: orders.count, windowMs: windowMs, phaseMs: t0Venue % windowMs)
    let times = acks.map(\.1).sorted()
    r.seconds = Double((times.last ?? t0) - t0) / 1e9
    for (a, _, _) in acks {
        switch a {
        case .accepted: r.accepted += 1
        case .rejected(let code, let message):
            r.rejected += 1
            if r.firstRejection.isEmpty { r.firstRejection = "\(code) \(message)" }
        case .unknown: r.unknown += 1
        }
    }
    r.fakeMaxOrders10s = c.maxOrdersPer10s
    r.fakeMaxWeight = c.maxWeightPerMinute
    r.orderLimited = c.orderLimited
    r.weightLimited = c.weightLimited
    r.forced = c.forcedRateLimits
    r.bans = c.bans
    r.bannedRequests = c.bannedRequests
    r.timestampRejections = c.timestampRejections
    r.orderRequests = c.requests["/api/v3/order"] ?? 0
    r.gatewayRateLimited = after.rateLimitedAnswers - before.rateLimitedAnswers
    r.gatewayBans = after.bans - before.bans
    r.orderLimitWaits = after.orderLimitWaits - before.orderLimitWaits
    r.resends = after.resends - before.resends
    r.unknownOutcomes = after.unknownOutcomes - before.unknownOutcomes
    r.clockResyncs = after.clockResyncs - before.clockResyncs
    r.requests = after.requests - before.requests
    r.clientWeight = await gateway.venue.rest.limits.usedWeight
    // Answers per window of the fake's clock, from the start's window on.
    let w0 = t0Venue / windowMs
    var buckets: [Int] = []
    for (_, _, ms) in acks {
        let i = Int(ms / windowMs - w0)
        while buckets.count <= i { buckets.append(0) }
        buckets[i] += 1
    }
    r.perWindow = buckets
    let inFirst = max(1, firstWindow ?? buckets.first ?? orders.count)
    if times.count > inFirst {
        let first = times[inFirst - 1]
        r.firstWindowSeconds = Double(first - t0) / 1e9
        r.steady = Double(times.count - inFirst) / (Double(times.last! - first) / 1e9)
    }
    let lat = times.map { Double($0 - t0) / 1e6 }
    r.answerMs = (lat.isEmpty ? .nan : lat[lat.count / 2], lat.last ?? .nan)
    // The window the last order needs opens this long after the start (without an order
    // limit, the gateway's count of weight binds: 6,000 a minute, 1 per order).
    let windows = Int64((orders.count - 1) / (firstWindow ?? 6_000))
    r.minimumSeconds = windows == 0 ? 0 : Double(windows * windowMs - r.phaseMs + 250) / 1e3
    return r
}

/// One fake, one gateway, one burst; the fake's limits changed first by `limits` (before the
/// gateway reads them from exchangeInfo).
func run(_ label: String, orders n: Int, windowMs: Int64, phaseMs: Int64, firstWindow: Int?,
         limits: @escaping (inout BinanceFake.Limits) -> Void = { _ in }) async throws -> BurstResult {
    let fake = BinanceFake(clock: FakeClock(rate: 1), symbols: [.btcUsdt], accounts: [benchAccount])
    fake.setLimits(limits)
    let ep = try await fake.start()
    try fake.printTrade("BTCUSDT", price: 100_000)
    let gw = await Gateway.make(ep, benchAccount, name: "bench-\(n)")
    do {
        let inst = try await gw.open()
        let orders = (0..<n).map { i in restingBuy("bot-\(i % 100)", i / 100) }
        var r = await burst(label, gateway: gw, fake: fake, orders: orders, instrument: inst, windowMs: windowMs, phaseMs: phaseMs,
                            firstWindow: firstWindow)
        r.openAfter = fake.openOrders(benchAccount.apiKey).count
        await gw.venue.close()
        await fake.stop()
        return r
    } catch {
        await gw.venue.close()
        await fake.stop()
        throw error
    }
}
