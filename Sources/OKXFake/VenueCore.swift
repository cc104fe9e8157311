import Synchronization

/// The lock around the venue, shared by the servers' handlers, the housekeeping task and the
/// test's calls. Nothing run under it writes to a socket directly (`WSOutlet` only queues work
/// on a connection's event loop), so no channel event can re-enter it.
final class VenueCore: Sendable {
    private let venue: Mutex<Venue>

    init(_ venue: sending Venue) {
        self.venue = Mutex(venue)
    }

    func with<R: Sendable, E: Error>(_ body: (Venue) throws(E) -> R) throws(E) -> R {
        try venue.withLock { v throws(E) in try body(v) }
    }
}
