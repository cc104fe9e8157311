import Synchronization

/// The venue's clock as seen from here: the local wall clock plus an offset measured against
/// the server's time. Venues judge a request's time on their own clock (OKX refuses one signed
/// more than 30 s off and judges `expTime` by it; Binance checks `timestamp` against
/// `recvWindow`), so both are taken from this, never from the local clock alone.
public final class VenueClock: Sendable {
    private let offset = Atomic<Int64>(0)
    private let measured = Atomic<Bool>(false)
    private let local: @Sendable () -> Int64

    /// `local`: the wall clock in epoch ms (a test may give its own).
    public init(local: @escaping @Sendable () -> Int64 = { wallClockMilliseconds() }) {
        self.local = local
    }

    /// Now on the venue's clock (epoch ms).
    public var nowMs: Int64 { local() &+ offset.load(ordering: .relaxed) }
    /// Venue time minus local time (ms), as last measured.
    public var offsetMs: Int64 { offset.load(ordering: .relaxed) }
    public var isMeasured: Bool { measured.load(ordering: .relaxed) }

    /// Records a measurement: the server said `serverMs` somewhere between `sentMs` and
    /// `receivedMs` (local); the midpoint is the best guess of when.
    public func record(serverMs: Int64, sentMs: Int64, receivedMs: Int64) {
        let mid = sentMs + (receivedMs - sentMs) / 2
        offset.store(serverMs - mid, ordering: .relaxed)
        measured.store(true, ordering: .relaxed)
    }

    /// The local clock, for measuring a round trip.
    public var localMs: Int64 { local() }
}
