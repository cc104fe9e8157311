import BotCore
import Logging
import OKXWire
import VenueSocket

/// The feed's two sockets, and a watchdog over them. A socket's keep-alive asks for an answer
/// after a silence and drops a connection that gives none; but a connection whose end the
/// client never hears of can stay open past that, reading nothing, for good (seen against the
/// fake when it drops a connection just as it opens), and a connection attempt could hang the
/// same way. A socket silent for twice its keep-alive's whole wait (plus two of the longest
/// backoffs while it has no connection) is therefore replaced by a new one, the old cancelled.
extension OKXMarketFeed {
    /// One service's socket: its task, its connection's writer while one is open, and when it
    /// last showed life (a frame, a connection opened or lost, the socket started).
    struct Connection {
        let generation: Int
        let task: Task<Void, Never>
        var writer: SocketWriter?
        var lastSign: ContinuousClock.Instant
    }

    func startSocket(_ endpoint: OKXWebSocketEndpoint) {
        generation += 1
        let stream = OKXFeedStream(endpoint: endpoint, generation: generation, feed: self)
        let url = endpoint == .business ? businessURL : publicURL
        let socket = ReconnectingSocket(url: url, caFile: caFile, policy: policy, handler: stream, logger: logger)
        connections[endpoint] = Connection(generation: generation, task: Task { await socket.run() }, lastSign: .now)
    }

    /// Whether `generation` is still the socket of `endpoint`.
    func isCurrent(_ endpoint: OKXWebSocketEndpoint, _ generation: Int) -> Bool {
        connections[endpoint]?.generation == generation
    }

    /// How long an open connection may stay silent: twice the keep-alive's idle time and answer.
    var silenceLimit: Duration? {
        policy.keepAlive.map { ($0.idle + $0.answerWithin) * 2 }
    }

    func startWatchdog() {
        guard let limit = silenceLimit, watchdog == nil else { return }
        let unconnected = limit + policy.backoffMax * 2
        // Weak between rounds: the watchdog alone does not keep a feed that was let go.
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: limit / 4)
                guard let self else { return }
                await self.replaceSilent(open: limit, unconnected: unconnected)
            }
        }
    }

    func replaceSilent(open: Duration, unconnected: Duration) {
        let now = ContinuousClock.now
        for endpoint in OKXWebSocketEndpoint.feed {
            guard let c = connections[endpoint] else { continue }
            let silent = c.lastSign.duration(to: now)
            guard silent > (c.writer == nil ? unconnected : open) else { continue }
            stats.replacedSockets += 1
            logger.warning("OKX market stream silent past its keep-alive: replacing the socket", metadata: [
                "endpoint": "\(endpoint.rawValue)", "connected": "\(c.writer != nil)", "silent_for": "\(silent)"])
            c.task.cancel()
            startSocket(endpoint)
        }
    }
}
