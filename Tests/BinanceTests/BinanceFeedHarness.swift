import Binance
import BinanceFake
import BinanceWire
import BotCore
import Logging
import Synchronization
import VenueSocket

/// A Binance fake on loopback and a market feed on it, the REST client reading the fake's clock.
struct BinanceFeedHarness {
    let fake: BinanceFake
    let urls: BinanceFake.Endpoints
    let rest: BinanceRestClient
    let feed: BinanceMarketFeed

    static let btc = binanceInstrument("BTCUSDT")
    static let eth = binanceInstrument("ETHUSDT")
    /// 2023-11-14T22:00:00Z: an hour boundary.
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 3_600_000

    /// Reconnections in a few milliseconds, so a test spends its time on what it checks, and a
    /// keep-alive short enough for the feed's watchdog to replace a connection the fake dropped
    /// without the client hearing of it within seconds.
    static var fastPolicy: SocketPolicy {
        var p = SocketPolicy.binanceMarket
        p.keepAlive = p.keepAlive.map { ($0.text, .seconds(1), .seconds(1)) }
        p.backoffInitial = .milliseconds(5)
        p.backoffMax = .milliseconds(50)
        return p
    }

    static func start(clock: FakeClock, limits: BinanceFake.Limits = BinanceFake.Limits(),
                      maxConnectionAgeMs: Int64 = 23 * 3_600_000) async throws -> BinanceFeedHarness {
        let fake = BinanceFake(clock: clock, symbols: [.btcUsdt, .ethUsdt], limits: limits)
        let urls = try await fake.start()
        let rest = BinanceRestClient(base: urls.rest, credentials: nil, caFile: urls.caFile, clock: VenueClock(local: { clock.nowMs }),
                                     limits: BinanceIPLimits(weightPerMinute: 6_000), name: "binance-feed-test")
        var logger = Logger(label: "binance-feed-test")
        logger.logLevel = .critical
        let feed = BinanceMarketFeed(streamsURL: urls.streams, rest: rest, caFile: urls.caFile, policy: fastPolicy,
                                     maxConnectionAgeMs: maxConnectionAgeMs, housekeeping: .milliseconds(20), logger: logger)
        return BinanceFeedHarness(fake: fake, urls: urls, rest: rest, feed: feed)
    }

    /// A harness with a `BinanceFeedSink` connected, stopped however `body` ends.
    static func with(clock: FakeClock, limits: BinanceFake.Limits = BinanceFake.Limits(), maxConnectionAgeMs: Int64 = 23 * 3_600_000,
                     _ body: (BinanceFeedHarness, BinanceFeedSink) async throws -> Void) async throws {
        let h = try await start(clock: clock, limits: limits, maxConnectionAgeMs: maxConnectionAgeMs)
        let sink = BinanceFeedSink()
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

    /// Subscribes and waits until Binance has confirmed the symbol's three streams.
    @discardableResult
    func follow(_ inst: Instrument, now: Int64 = 0, minutes: Int = 0) async throws -> [Candle] {
        let warmUp = await feed.subscribe(inst, now: now, minutes: minutes)
        try await confirmed(inst)
        return warmUp
    }

    /// Waits until the connection carrying the market has `inst`'s three streams confirmed.
    func confirmed(_ inst: Instrument) async throws {
        let lower = inst.id.symbol.lowercased()
        try await binanceWait("\(inst.id)'s streams confirmed") {
            Set(await feed.streams).isSuperset(of: [lower + "@trade", lower + "@kline_1m", lower + "@bookTicker"])
        }
    }

    /// What the fake's REST holds for `inst`'s closed minutes in `from..<to`.
    func record(_ inst: Instrument, from: Int64, to: Int64) async throws -> [Candle] {
        try await feed.history(inst.id, timeframe: Timeframe(seconds: 60), from: from, to: to)
    }

    /// Closed one-minute klines for the fake's history, `price(i)` the close of minute `i`.
    static func minutes(from start: Int64, count: Int, price: (Int) -> Int = { 1000 + $0 }) -> [BinanceFake.Kline] {
        (0..<count).map { i in
            let p = Price(price(i))
            return BinanceFake.Kline(openTime: start + Int64(i) * 60_000, open: p, high: p + Price(2), low: p - Price(1), close: p,
                                     volume: 10)
        }
    }
}

func binanceInstrument(_ symbol: String) -> Instrument {
    Instrument(id: InstrumentID(venue: "binance", symbol: symbol), kind: .spot, base: String(symbol.dropLast(4)), quote: "USDT",
               tickSize: Price.of("0.01"), lotSize: Quantity.of("0.00001"), minSize: Quantity.of("0.00001"), minNotional: 5,
               contractValue: 1, makerFee: Ratio.of("0.001"), takerFee: Ratio.of("0.001"), maxLeverage: 1)
}

/// Everything a feed pushed, in order.
final class BinanceFeedSink: MarketSink {
    private let state = Mutex<(trades: [(InstrumentID, Trade)], tickers: [(InstrumentID, Ticker)],
                               candles: [(InstrumentID, Candle, Bool)])>(([], [], []))

    func trade(_ t: Trade, instrument: InstrumentID) async { state.withLock { $0.trades.append((instrument, t)) } }
    func ticker(_ t: Ticker, instrument: InstrumentID) async { state.withLock { $0.tickers.append((instrument, t)) } }
    func candle(_ c: Candle, instrument: InstrumentID, closed: Bool) async {
        state.withLock { $0.candles.append((instrument, c, closed)) }
    }

    func trades(_ id: InstrumentID) -> [Trade] { state.withLock { $0.trades.filter { $0.0 == id }.map(\.1) } }
    func tickers(_ id: InstrumentID) -> [Ticker] { state.withLock { $0.tickers.filter { $0.0 == id }.map(\.1) } }
    /// Closed candles only (the feed sends no other).
    func candles(_ id: InstrumentID) -> [Candle] { state.withLock { $0.candles.filter { $0.0 == id && $0.2 }.map(\.1) } }
    var formingCandles: Int { state.withLock { $0.candles.filter { !$0.2 }.count } }
}

struct BinanceFeedTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every 5 ms for up to `seconds`.
func binanceWait(_ what: String, _ seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw BinanceFeedTimedOut(description: "timed out waiting for \(what)")
}
