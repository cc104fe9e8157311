import BotConfig
import BotCore

/// The one path to an account's venue for every bot on it: a token bucket per endpoint class,
/// shared by the account's bots, with cancels ahead of new orders (a cancel waiting for a
/// token holds back placing and amending until it has gone). It is itself a `Venue`, so the
/// bots never see the difference; the live venues add their documented limits and the usage
/// they report behind it.
public actor RateGate: Venue {
    public nonisolated let account: String
    let venue: any Venue
    private var buckets: [VenueEndpoint: TokenBucket]
    /// Cancels waiting for a token: new orders wait until these have gone.
    private var cancelsWaiting = 0
    public private(set) var waits = 0

    public init(venue: any Venue, limits: [VenueEndpoint: RateLimit]) {
        account = venue.account
        self.venue = venue
        buckets = limits.mapValues { TokenBucket(perSecond: $0.perSecond, burst: $0.burst) }
    }

    public func connect(_ sink: any VenueEventSink) async {
        await venue.connect(sink)
    }

    public func call(_ call: VenueCall, instrument: Instrument) async -> VenueAck {
        if case .cancel = call {
            cancelsWaiting += 1
            await take(.cancelOrder)
            cancelsWaiting -= 1
        } else {
            while cancelsWaiting > 0 { try? await Task.sleep(for: .milliseconds(1)) }
            await take(call.endpoint)
        }
        return await venue.call(call, instrument: instrument)
    }

    /// Waits for a token of `endpoint`'s bucket (none configured: no limit).
    func take(_ endpoint: VenueEndpoint) async {
        guard var bucket = buckets[endpoint] else { return }
        let wait = bucket.take(now: monotonicSeconds())
        buckets[endpoint] = bucket
        if wait > 0 {
            waits += 1
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    public func openOrders(instrument: InstrumentID?) async throws -> [VenueOrder] {
        await take(.query)
        return try await venue.openOrders(instrument: instrument)
    }

    public func order(_ id: ClientOrderID, instrument: InstrumentID) async throws -> VenueOrder? {
        await take(.query)
        return try await venue.order(id, instrument: instrument)
    }

    public func fills(instrument: InstrumentID, since: Int64) async throws -> [Fill] {
        await take(.query)
        return try await venue.fills(instrument: instrument, since: since)
    }

    public func positions() async throws -> [VenuePosition] {
        await take(.query)
        return try await venue.positions()
    }

    public func balances() async throws -> [VenueBalance] {
        await take(.query)
        return try await venue.balances()
    }

    public func rules(_ id: InstrumentID) async throws -> Instrument? {
        try await venue.rules(id)
    }

    public func open() async throws { try await venue.open() }

    public func prepare(_ instrument: Instrument, leverage: Ratio?, sides: [PositionSide]) async throws -> Instrument {
        try await venue.prepare(instrument, leverage: leverage, sides: sides)
    }

    public func close() async { await venue.close() }
}
