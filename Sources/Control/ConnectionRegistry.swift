import NIOCore
import Synchronization

/// The connections a server has accepted, from their admission on the event loop until they
/// are served to the end. An accepted `NIOAsyncChannel` that is dropped unserved stops the
/// process in SwiftNIO ("Deinited NIOAsyncWriter without calling finish()"), and a server that
/// stops loses the admissions still buffered in its accept loop. So each is kept here until it
/// is finished, and stopping closes every one and finishes those no task took up.
final class ConnectionRegistry<Inbound: Sendable, Outbound: Sendable>: Sendable {
    typealias Connection = NIOAsyncChannel<Inbound, Outbound>

    private struct Entry {
        var connection: Connection
        var claimed = false
    }

    private struct State {
        var stopping = false
        var entries: [ObjectIdentifier: Entry] = [:]
    }

    private let state = Mutex(State())

    /// Keeps an accepted connection; false once the server is stopping.
    func admit(_ connection: Connection) -> Bool {
        state.withLock { s in
            guard !s.stopping else { return false }
            s.entries[ObjectIdentifier(connection.channel)] = Entry(connection: connection)
            return true
        }
    }

    /// The task that serves `connection` takes it; false when stopping took it first.
    func claim(_ connection: Connection) -> Bool {
        state.withLock { s in
            let key = ObjectIdentifier(connection.channel)
            guard var e = s.entries[key], !e.claimed else { return false }
            e.claimed = true
            s.entries[key] = e
            return true
        }
    }

    func finished(_ connection: Connection) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(connection.channel)) }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Refuses new connections and closes the open ones; their tasks end as their peers would.
    func closeAll() {
        let open = state.withLock { s in
            s.stopping = true
            return s.entries.values.map(\.connection.channel)
        }
        for c in open { c.close(promise: nil) }
    }

    /// Stops a server: closes its listener and every connection, waits for the accept loop,
    /// then finishes the connections no task took up.
    func shutdown(listener: any Channel, acceptLoop: Task<Void, Never>) async {
        try? await listener.close()
        closeAll()
        await acceptLoop.value
        await finishUnclaimed()
    }

    /// After the accept loop ended: finishes the connections no task took up.
    private func finishUnclaimed() async {
        let left: [Connection] = state.withLock { s in
            let unclaimed = s.entries.filter { !$0.value.claimed }
            for key in unclaimed.keys { s.entries[key] = nil }
            return unclaimed.values.map(\.connection)
        }
        for c in left { try? await c.executeThenClose { _, _ in } }
    }
}
