import BotCore
import Logging
import VenueSocket

/// The feed's sockets, and the life of their connections: opened and asked for every followed
/// stream, subscribed once Binance has confirmed them (the rotation then takes the connection
/// on), dropped. A socket whose connection drops is given the generation the rotation opens
/// next and connects again after its own backoff, so failures in a row back off further; one
/// the rotation no longer needs ends.
extension BinanceMarketFeed {
    /// One socket: its task, its connection's writer while one is open, what that connection
    /// was asked for and which requests await an answer, and when it last showed life.
    struct Slot {
        var generation: Int
        let task: Task<Void, Never>
        var writer: SocketWriter?
        var asked: Set<String> = []
        /// What Binance has confirmed.
        var acked: Set<String> = []
        var requests: [Int64: (op: Operation, streams: [String])] = [:]
        var subscribed = false
        var flush: Task<Void, Never>?
        var lastRequest: ContinuousClock.Instant?
        var lastSign: ContinuousClock.Instant
        /// Replaced: read until it closes, never asked anything again.
        var draining = false

        init(generation: Int, task: Task<Void, Never>) {
            self.generation = generation
            self.task = task
            lastSign = .now
        }
    }

    func startSocket(generation: Int) {
        nextSlot += 1
        let id = nextSlot
        let handler = BinanceFeedStream(socket: id, feed: self)
        let socket = ReconnectingSocket(url: streamsURL, caFile: caFile, policy: policy, handler: handler, logger: logger)
        slots[id] = Slot(generation: generation, task: Task { await socket.run() })
    }

    /// A new connection is asked for every followed stream; with none, it is subscribed as is.
    func opened(_ socket: Int, _ writer: SocketWriter) async throws {
        guard let s = slots[socket], !s.draining else { throw CancellationError() }
        stats.connections += 1
        s.flush?.cancel()
        slots[socket]!.flush = nil
        slots[socket]!.writer = writer
        slots[socket]!.asked = []
        slots[socket]!.acked = []
        slots[socket]!.requests = [:]
        slots[socket]!.subscribed = false
        slots[socket]!.lastRequest = nil
        slots[socket]!.lastSign = .now
        if wantedStreams.isEmpty { subscribed(socket) } else { requestChanges(socket) }
    }

    func dropped(_ socket: Int, reason: String) {
        guard let s = slots[socket] else { return }
        s.flush?.cancel()
        guard !s.draining else {
            s.task.cancel()
            slots[socket] = nil
            return
        }
        if s.writer != nil { stats.drops += 1 }
        slots[socket]!.flush = nil
        slots[socket]!.writer = nil
        slots[socket]!.subscribed = false
        slots[socket]!.lastSign = .now
        let actions = rotation.dropped(s.generation)
        if actions.contains(where: { if case .open = $0 { true } else { false } }) {
            perform(actions, reusing: socket)
        } else {
            s.task.cancel()
            slots[socket] = nil
            perform(actions)
        }
    }

    /// The connection has every followed stream: the rotation takes it, closing the one it
    /// replaces; one that takes over after a loss backfills what was missed.
    func subscribed(_ socket: Int) {
        guard let s = slots[socket], !s.subscribed else { return }
        slots[socket]!.subscribed = true
        let hadCurrent = rotation.current != nil
        let actions = rotation.subscribed(s.generation, nowMs: rest.clock.nowMs)
        guard rotation.current?.generation == s.generation else { return }
        if !hadCurrent && everSubscribed {
            stats.reconnects += 1
            logger.info("Binance market stream reconnected", metadata: ["generation": "\(s.generation)"])
            if catchesUp { startCatchUp() }
        }
        everSubscribed = true
        perform(actions)
    }

    /// Subscribed once every request is answered and nothing followed is left to ask for.
    func checkSubscribed(_ socket: Int) {
        guard let s = slots[socket], !s.subscribed, !s.draining, s.writer != nil, s.requests.isEmpty,
              wantedStreams.isSubset(of: s.asked) else { return }
        subscribed(socket)
    }
}
