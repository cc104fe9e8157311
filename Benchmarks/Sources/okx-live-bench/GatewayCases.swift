import BotCore
import Foundation
import OKX
import OKXFake
import OKXWire
import Synchronization

// Cases 1 and 2: the account gateway (OKXVenue) against the fake, on real time.

/// Every order event a gateway delivered: counts and when the latest came.
final class GatewayEvents: VenueEventSink {
    struct State {
        var accepted = 0
        var filled = 0
        var other = 0
        var firstNs: UInt64 = 0
        var lastNs: UInt64 = 0
    }

    let state = Mutex(State())

    func deliver(_ event: OrderEvent, instrument: InstrumentID) {
        let now = monoNs()
        state.withLock { s in
            switch event {
            case .accepted: s.accepted += 1
            case .filled: s.filled += 1
            default: s.other += 1
            }
            if s.firstNs == 0 { s.firstNs = now }
            s.lastNs = now
        }
    }

    func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) {}
    func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {}

    var snapshot: State { state.withLock { $0 } }
}

struct Gateway {
    let venue: OKXVenue
    let events: GatewayEvents

    /// A gateway as botd makes one: its own clock (measured against the fake's by `open`), the
    /// default expiry and settling times, isolated margin, one-way positions.
    static func make(_ ep: OKXFake.Endpoints, _ account: FakeAccount, name: String) async -> Gateway {
        let creds = OKXCredentials(apiKey: account.apiKey, secret: account.secret, passphrase: account.passphrase)
        let rest = OKXRestClient(base: ep.rest, environment: .demo, credentials: creds, caFile: ep.caFile,
                                 clock: VenueClock(), timeout: .seconds(5), name: name)
        let settings = OKXAccountSettings(account: name, positionMode: .net, privateURL: ep.wsPrivate,
                                          businessURL: ep.wsBusiness, caFile: ep.caFile)
        let venue = OKXVenue(settings: settings, rest: rest, credentials: creds, logger: benchLogger)
        let events = GatewayEvents()
        await venue.connect(events)
        return Gateway(venue: venue, events: events)
    }

    /// Opens the account and waits for the private stream's first reconciliation.
    func open() async throws {
        try await venue.open()
        try await waitFor("the private stream's first reconciliation", seconds: 15) { await venue.stats.reconciliations >= 1 }
    }
}

let benchAccount = FakeAccount(apiKey: "bench-key", secret: "bench-secret", passphrase: "bench-pass", usdt: 1_000_000_000)

func requestDelta(_ after: FakeCounters, _ before: FakeCounters) -> [String: Int] {
    var d: [String: Int] = [:]
    for (path, n) in after.requests where n - (before.requests[path] ?? 0) > 0 { d[path] = n - (before.requests[path] ?? 0) }
    return d
}

func describe(_ d: [String: Int]) -> String {
    d.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "/api/v5/", with: "")) \($0.value)" }.joined(separator: ", ")
}

// MARK: 1. Orders per second at the venue's limits

struct BurstResult {
    var label: String
    var orders: Int
    var instruments: Int
    var seconds: Double
    var accepted = 0
    var rejected = 0
    var unknown = 0
    var firstRejection = ""
    var fakeRateLimited = 0
    var fakeRateLimitedByPath: [String: Int] = [:]
    var accountRateLimited = 0
    var forced = 0
    var gatewayRateLimited = 0
    var limitWaits = 0
    var placeRequests = 0
    var resends = 0
    /// The most acknowledgements in any 2 s (by ack time), over the account.
    var peak2s = 0
    /// The first window's worth acknowledged after (s): how fast client and fake serve a burst.
    var firstWindowSeconds = 0.0
    /// Acknowledgements per second after the first window's worth.
    var sustained = 0.0
    /// Open at the venue afterwards (all of them should be).
    var openAfter = -1
    /// What the limits allow: OKX's own windows (2 s), and the gateway's (a slot is held from
    /// send until 2 s + its 50 ms guard after the answer: 2.05 s plus a round trip).
    var okxCeiling = 0.0
    var gatewayCeiling = 0.0

    var perSecond: Double { Double(accepted) / seconds }
    var violations: Int { fakeRateLimited + accountRateLimited + gatewayRateLimited }
}

/// Fires every order at once, each from a task of its own, through one gateway; waits for all
/// the acknowledgements.
func burst(_ label: String, gateway: Gateway, fake: OKXFake, orders: [(OrderRequest, Instrument)]) async -> BurstResult {
    let instruments = Set(orders.map { $0.1.id.symbol }).count
    let before = await gateway.venue.stats
    fake.resetCounters()
    let t0 = monoNs()
    let acks = await withTaskGroup(of: (VenueAck, UInt64).self) { group in
        for (r, inst) in orders {
            group.addTask {
                let a = await gateway.venue.call(.submit(r), instrument: inst)
                return (a, monoNs())
            }
        }
        var out: [(VenueAck, UInt64)] = []
        out.reserveCapacity(orders.count)
        for await a in group { out.append(a) }
        return out
    }
    let t1 = acks.map(\.1).max() ?? t0
    let after = await gateway.venue.stats
    let c = fake.counters
    var r = BurstResult(label: label, orders: orders.count, instruments: instruments, seconds: Double(t1 - t0) / 1e9)
    for (a, _) in acks {
        switch a {
        case .accepted: r.accepted += 1
        case .rejected(let code, let message):
            r.rejected += 1
            if r.firstRejection.isEmpty { r.firstRejection = "\(code) \(message)" }
        case .unknown: r.unknown += 1
        }
    }
    r.fakeRateLimited = c.totalRateLimited
    r.fakeRateLimitedByPath = c.rateLimited
    r.accountRateLimited = c.accountRateLimited
    r.forced = c.forcedRateLimits
    r.gatewayRateLimited = after.rateLimitedAnswers - before.rateLimitedAnswers
    r.limitWaits = after.limitWaits - before.limitWaits
    r.resends = after.resends - before.resends
    r.placeRequests = c.requests["/api/v5/trade/order"] ?? 0
    let times = acks.map(\.1).sorted()
    var lo = 0
    for hi in times.indices {
        while times[hi] - times[lo] >= 2_000_000_000 { lo += 1 }
        r.peak2s = max(r.peak2s, hi - lo + 1)
    }
    // Windows needed: the first is free; each further one holds up to `perWindow` more.
    let perInstrument = 60, account = 1000
    let perWindow = min(instruments * perInstrument, account)
    if times.count > perWindow {
        let first = times[perWindow - 1]
        r.firstWindowSeconds = Double(first - t0) / 1e9
        r.sustained = Double(times.count - perWindow) / (Double(times.last! - first) / 1e9)
    }
    let windows = Double((orders.count - 1) / perWindow)
    r.okxCeiling = windows == 0 ? .infinity : Double(orders.count) / (windows * 2.0)
    r.gatewayCeiling = windows == 0 ? .infinity : Double(orders.count) / (windows * 2.05)
    return r
}

/// Far from the market (half the last price): they rest, and take little margin.
func restingBuy(_ bot: String, _ seq: Int, price: Price) -> OrderRequest {
    OrderRequest(id: ClientOrderID(bot: bot, sequence: UInt64(seq)), side: .buy, type: .limit(price), quantity: Quantity.of("0.01"))
}

func ordersCase(oneInstrument n1: Int, manyInstruments n2: Int, listings: Int) async throws -> [BurstResult] {
    var results: [BurstResult] = []

    // (a) One instrument: 60 place requests per 2 s.
    do {
        let fake = OKXFake(clock: FakeClock(rate: 1), accounts: [benchAccount])
        let ep = try await fake.start()
        try fake.setPrice("BTC-USDT-SWAP", Price.of("100000"))
        let gw = await Gateway.make(ep, benchAccount, name: "bench-orders-a")
        do {
            try await gw.open()
            let orders = (0..<n1).map { i in (restingBuy("bot-\(i % 100)", i / 100, price: Price.of("50000")), btc) }
            var r = await burst("(a) 1 instrument", gateway: gw, fake: fake, orders: orders)
            r.openAfter = try await gw.venue.openOrders(instrument: btc.id).count
            results.append(r)
        } catch {
            await gw.venue.close()
            await fake.stop()
            throw error
        }
        await gw.venue.close()
        await fake.stop()
    }

    // (b) Many instruments: 60 per 2 s each, and 1,000 per 2 s over the account.
    do {
        let listings = (0..<listings).map(benchListing)
        let fake = OKXFake(clock: FakeClock(rate: 1), accounts: [benchAccount])
        for l in listings { fake.addInstrument(l) }
        let ep = try await fake.start()
        for l in listings { try fake.setPrice(l.instId, Price.of("100")) }
        let instruments = listings.map { swapInstrument($0.instId) }
        let gw = await Gateway.make(ep, benchAccount, name: "bench-orders-b")
        do {
            try await gw.open()
            let orders = (0..<n2).map { i in (restingBuy("bot-\(i % 200)", i / 200, price: Price.of("50")), instruments[i % instruments.count]) }
            var r = await burst("(b) \(listings.count) instruments", gateway: gw, fake: fake, orders: orders)
            r.openAfter = try await gw.venue.openOrders(instrument: nil).count
            results.append(r)
        } catch {
            await gw.venue.close()
            await fake.stop()
            throw error
        }
        await gw.venue.close()
        await fake.stop()
    }
    return results
}

// MARK: 2. Reconciliation of an account with 1,000 open orders

struct ReconcileResult {
    var openOrders = 0
    var placeSeconds = 0.0
    var placeViolations = 0
    /// `openOrders(instrument: nil)` on a fresh gateway, ms per run, and its REST requests.
    var listMs: [Double] = []
    /// The same call again on the same gateway (its connections open).
    var warmListMs: [Double] = []
    var listCount = 0
    var listRequests: [String: Int] = [:]
    /// From `open()` called: `open()` returned, `stats.reconciliations >= 1` (counted when one
    /// completes), and done by its last event (the fill it hands on, delivered); ms per run.
    var openMs: [Double] = []
    /// The fake saw the private stream's WebSocket connections (TLS and upgrade done).
    var wsMs: [Double] = []
    var startMs: [Double] = []
    /// The first adopted order handed on (every page of open orders read).
    var firstAdoptedMs: [Double] = []
    var doneMs: [Double] = []
    var adopted: [Int] = []
    var reconcileRequests: [String: Int] = [:]
    var violations = 0
    var refusedConnections = 0
}

func reconcileCase(orders n: Int, listings count: Int, runs: Int) async throws -> ReconcileResult {
    var res = ReconcileResult()
    let listings = (0..<count).map(benchListing)
    let fake = OKXFake(clock: FakeClock(rate: 1), accounts: [benchAccount])
    for l in listings { fake.addInstrument(l) }
    let ep = try await fake.start()
    try fake.setPrice("BTC-USDT-SWAP", Price.of("100000"))
    for l in listings { try fake.setPrice(l.instId, Price.of("100")) }
    let instruments = listings.map { swapInstrument($0.instId) }

    // The orders, placed by a first gateway (the process before a restart).
    let setup = await Gateway.make(ep, benchAccount, name: "bench-setup")
    var fresh: Gateway?
    do {
        try await setup.open()
        let orders = (0..<n).map { i in (restingBuy("bot-\(i % 100)", i / 100, price: Price.of("50")), instruments[i % instruments.count]) }
        let placed = await burst("setup", gateway: setup, fake: fake, orders: orders)
        res.placeSeconds = placed.seconds
        res.placeViolations = placed.violations
        guard placed.accepted == n else { throw BenchFailure("only \(placed.accepted) of \(n) orders accepted: \(placed.firstRejection)") }
        res.openOrders = n

        // openOrders(nil) on a fresh gateway: its own REST client, so its TLS connections too.
        for run in 0..<runs {
            fake.resetRateLimits()  // a fresh gateway knows nothing of the last one's windows
            let gw = await Gateway.make(ep, benchAccount, name: "bench-list-\(run)")
            fresh = gw
            let before = fake.counters
            let t0 = monoNs()
            let list = try await gw.venue.openOrders(instrument: nil)
            let t1 = monoNs()
            let after = fake.counters
            res.listMs.append(ms(t1 - t0))
            res.listCount = list.count
            res.listRequests = requestDelta(after, before)
            res.violations += after.totalRateLimited - before.totalRateLimited
            let t2 = monoNs()
            _ = try await gw.venue.openOrders(instrument: nil)
            res.warmListMs.append(ms(monoNs() - t2))
            await gw.venue.close()
            fresh = nil
        }

        // open() to the first reconciliation done, on a fresh gateway whose private stream
        // connects. Each run first fills one market order (by the setup gateway), so the
        // reconciliation ends by handing on a fill: its last act, and the moment it is done.
        for run in 0..<runs {
            let fill = OrderRequest(id: ClientOrderID(bot: "bench-fill", sequence: UInt64(run)), side: .buy, type: .market,
                                    quantity: Quantity.of("0.01"))
            guard await setup.venue.call(.submit(fill), instrument: btc) == .accepted else { throw BenchFailure("the market order was refused") }
            // OKX takes 3 WebSocket handshakes a second from an IP; the last gateway's are gone.
            try await Task.sleep(for: .milliseconds(1_100))
            fake.resetRateLimits()
            let gw = await Gateway.make(ep, benchAccount, name: "bench-open-\(run)")
            fresh = gw
            // Its rules for BTC, so the fill can be handed on (a fresh botd prepares its instruments before opening).
            _ = try await gw.venue.rules(btc.id)
            let before = fake.counters
            let t0 = monoNs()
            try await gw.venue.open()
            let tOpen = monoNs()
            var tWS: UInt64 = 0, tStart: UInt64 = 0
            let wsBefore = before.wsConnectionsOpened
            try await waitFor("reconciliation done", seconds: 30, pollMs: 1) {
                if tWS == 0, fake.counters.wsConnectionsOpened - wsBefore >= 2 { tWS = monoNs() }
                if tStart == 0, await gw.venue.stats.reconciliations >= 1 { tStart = monoNs() }
                let s = gw.events.snapshot
                return s.accepted >= n && s.filled >= 1
            }
            if tWS == 0 { tWS = monoNs() }
            if tStart == 0 { tStart = monoNs() }
            // Quiet for 300 ms: nothing more is coming.
            var last = gw.events.snapshot.lastNs
            while true {
                try await Task.sleep(for: .milliseconds(300))
                let now = gw.events.snapshot.lastNs
                if now == last { break }
                last = now
            }
            let after = fake.counters
            res.openMs.append(ms(tOpen - t0))
            res.wsMs.append(ms(tWS - t0))
            res.startMs.append(ms(tStart - t0))
            res.firstAdoptedMs.append(ms(gw.events.snapshot.firstNs - t0))
            res.doneMs.append(ms(last - t0))
            res.adopted.append(gw.events.snapshot.accepted)
            res.reconcileRequests = requestDelta(after, before)
            res.violations += after.totalRateLimited - before.totalRateLimited + after.accountRateLimited - before.accountRateLimited
            res.violations += await gw.venue.stats.rateLimitedAnswers
            res.refusedConnections += after.refusedConnections - before.refusedConnections
            await gw.venue.close()
            fresh = nil
        }
    } catch {
        await fresh?.venue.close()
        await setup.venue.close()
        await fake.stop()
        throw error
    }
    await setup.venue.close()
    await fake.stop()
    return res
}
