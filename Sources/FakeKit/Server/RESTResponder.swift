import NIOCore
import Synchronization

/// The answer to one held request, given once from any thread: the first `respond` is
/// written, later ones are ignored, and an answer to a connection the client already closed
/// goes nowhere (as a server's does).
public final class RESTResponder: Sendable {
    private let channel: any Channel
    private let write: @Sendable (RESTResponse) -> Void
    private let answered = Mutex(false)

    init(channel: any Channel, write: @escaping @Sendable (RESTResponse) -> Void) {
        self.channel = channel
        self.write = write
    }

    /// Whether the client is still waiting: its connection is open and nothing was answered.
    public var isWaiting: Bool { channel.isActive && !answered.withLock { $0 } }

    public func respond(_ r: RESTResponse) {
        let first = answered.withLock { a in defer { a = true }; return !a }
        if first { write(r) }
    }
}
