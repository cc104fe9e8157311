import BotCore
import Logging
import OKX
import OKXFake
import OKXWire
import Synchronization
import VenueSocket

/// An OKX fake on loopback and a market feed on it, the REST client reading the fake's clock.
struct FeedHarness {
    let fake: OKXFake
    let endpoints: OKXFake.Endpoints
    let rest: OKXRestClient
    let feed: OKXMarketFeed

    static let btc = feedInstrument("BTC-USDT-SWAP")
    static let eth = feedInstrument("ETH-USDT-SWAP")
    /// 2023-11-14T22:00:00Z: an hour boundary.
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000

    /// Reconnections in a few milliseconds, so a test spends its time on what it checks; and a
    /// short keep-alive: now and then a connection the fake drops just as it opens is never
    /// reported closed to the client (no frame, no drop), and the feed's watchdog replaces it
    /// after twice the keep-alive's wait (2 s here).
    static let fastPolicy = SocketPolicy(keepAlive: (text: "ping", idle: .milliseconds(500), answerWithin: .milliseconds(500)),
                                         backoffInitial: .milliseconds(5), backoffMax: .milliseconds(50))

    /// `connectsPerSecond`: OKX's 3 handshakes a second, raised by default, since a frozen
    /// clock never lets the fake's window slide.
    static func start(clock: FakeClock = FakeClock(), connectsPerSecond: Int = 1000, catchUp: Bool = true,
                      policy: SocketPolicy = fastPolicy) async throws -> FeedHarness {
        let fake = OKXFake(clock: clock)
        let endpoints = try await fake.start()
        fake.setLimits(wsConnectsPerSecond: connectsPerSecond)
        let rest = OKXRestClient(base: endpoints.rest, environment: .demo, credentials: nil, caFile: endpoints.caFile,
                                 clock: VenueClock(local: { clock.nowMs }), name: "okx-feed-test")
        var logger = Logger(label: "okx-feed-test")
        logger.logLevel = .critical
        let feed = OKXMarketFeed(publicURL: endpoints.wsPublic, businessURL: endpoints.wsBusiness, rest: rest,
                                 caFile: endpoints.caFile, policy: policy, catchUp: catchUp, logger: logger)
        return FeedHarness(fake: fake, endpoints: endpoints, rest: rest, feed: feed)
    }

    /// A harness with a `FeedSink` connected, stopped however `body` ends.
    static func with(clock: FakeClock = FakeClock(), _ body: (FeedHarness, FeedSink) async throws -> Void) async throws {
        let h = try await start(clock: clock)
        let sink = FeedSink()
        await h.feed.connect(sink)
        do { try await body(h, sink) } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func stop() async {
        await feed.stop()
        rest.close()
        await fake.stop()
    }

    /// Subscribes and waits for OKX's acks of its three channels (trades, tickers, candle1m).
    func follow(_ inst: Instrument, now: Int64 = 0, minutes: Int = 0) async throws -> [Candle] {
        let before = await feed.stats.subscribeAcks
        let warmUp = await feed.subscribe(inst, now: now, minutes: minutes)
        try await feedWait("subscribe acks of \(inst.id)") { await feed.stats.subscribeAcks >= before + 3 }
        return warmUp
    }

    /// Closed one-minute candles for the fake's history, `price(i)` the close of minute `i`.
    static func minutes(from start: Int64, count: Int, skipping: Range<Int> = 0..<0,
                        price: (Int) -> Int = { 1000 + $0 }) -> [FakeCandle] {
        (0..<count).filter { !skipping.contains($0) }.map { i in
            let p = Price(price(i))
            return FakeCandle(ts: start + Int64(i) * 60_000, open: p, high: p + Price(2), low: p - Price(1), close: p,
                              vol: 10, volCcy: Quantity.of("0.1"), volCcyQuote: Money(100))
        }
    }
}

func feedInstrument(_ symbol: String) -> Instrument {
    Instrument(id: InstrumentID(venue: "okx", symbol: symbol), kind: .perpetual, base: String(symbol.prefix { $0 != "-" }),
               quote: "USDT", tickSize: Price.of("0.1"), lotSize: Quantity.of("0.01"), minSize: Quantity.of("0.01"),
               minNotional: 0, contractValue: Quantity.of("0.01"), makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"),
               maxLeverage: 100)
}

/// Everything a feed pushed, in order.
final class FeedSink: MarketSink {
    struct Bar: Equatable {
        var id: InstrumentID
        var candle: Candle
        var closed: Bool
    }

    private let state = Mutex<(trades: [(InstrumentID, Trade)], tickers: [(InstrumentID, Ticker)], candles: [Bar])>(([], [], []))

    func trade(_ t: Trade, instrument: InstrumentID) async { state.withLock { $0.trades.append((instrument, t)) } }
    func ticker(_ t: Ticker, instrument: InstrumentID) async { state.withLock { $0.tickers.append((instrument, t)) } }
    func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async {
        state.withLock { $0.candles.append(Bar(id: instrument, candle: c, closed: closed)) }
    }

    func trades(_ id: InstrumentID) -> [Trade] { state.withLock { $0.trades.filter { $0.0 == id }.map(\.1) } }
    func tickers(_ id: InstrumentID) -> [Ticker] { state.withLock { $0.tickers.filter { $0.0 == id }.map(\.1) } }
    func candles(_ id: InstrumentID) -> [Bar] { state.withLock { $0.candles.filter { $0.id == id } } }
    var instruments: Set<InstrumentID> {
        state.withLock { s in Set(s.trades.map(\.0) + s.tickers.map(\.0) + s.candles.map(\.id)) }
    }
}

struct FeedTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every 5 ms for up to `seconds`.
func feedWait(_ what: String, _ seconds: Double = 5, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw FeedTimedOut(description: "timed out waiting for \(what)")
}
