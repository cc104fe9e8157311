import BotCore
import Logging
import VenueSocket

/// What `StreamRotation` says, done: connections opened and retired. A connection replaced on
/// purpose is read a little longer before it is closed: what it received just before its
/// successor's ack may still be on its way, and repeats are dropped anyway.
///
/// A watchdog as in the OKX feed: a connection whose end the client never hears of can stay
/// open past its keep-alive, reading nothing, for good; a socket silent for twice its
/// keep-alive's whole wait (plus two of the longest backoffs while unconnected) is replaced.
extension BinanceMarketFeed {
    /// How long a replaced connection is still read.
    static let drainFor: Duration = .milliseconds(500)

    /// Does what the rotation says. `reusing`: the socket that just dropped, which takes the
    /// generation opened (it reconnects by itself after its backoff).
    func perform(_ actions: [StreamRotation.Action], reusing socket: Int? = nil) {
        for action in actions {
            switch action {
            case .open(let g):
                if let socket, slots[socket] != nil {
                    slots[socket]!.generation = g
                } else {
                    startSocket(generation: g)
                }
            case .close(let g):
                guard let id = slots.first(where: { $0.value.generation == g && !$0.value.draining })?.key else { continue }
                retire(id)
            }
        }
    }

    func retire(_ id: Int) {
        stats.rotations += 1
        slots[id]!.draining = true
        slots[id]!.flush?.cancel()
        slots[id]!.flush = nil
        logger.info("Binance market stream connection replaced", metadata: ["generation": "\(slots[id]!.generation)"])
        Task { [weak self] in
            try? await Task.sleep(for: Self.drainFor)
            await self?.close(id)
        }
    }

    func close(_ id: Int) {
        guard let s = slots[id], s.draining else { return }
        s.task.cancel()
        slots[id] = nil
    }

    /// The rotation's clock and the watchdog, every `housekeeping`.
    func startHousekeeping() {
        guard timer == nil else { return }
        let every = housekeeping
        // Weak between rounds: the timer alone does not keep a feed that was let go.
        timer = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                guard let self else { return }
                await self.keepHouse()
            }
        }
    }

    func keepHouse() {
        perform(rotation.tick(nowMs: rest.clock.nowMs))
        replaceSilent()
    }

    /// How long an open connection may stay silent: twice the keep-alive's idle time and answer.
    var silenceLimit: Duration? {
        policy.keepAlive.map { ($0.idle + $0.answerWithin) * 2 }
    }

    func replaceSilent() {
        guard let open = silenceLimit else { return }
        let unconnected = open + policy.backoffMax * 2
        let now = ContinuousClock.now
        for (id, s) in slots where !s.draining {
            let silent = s.lastSign.duration(to: now)
            guard silent > (s.writer == nil ? unconnected : open) else { continue }
            stats.replacedSockets += 1
            logger.warning("Binance market stream silent past its keep-alive: replacing the socket", metadata: [
                "connected": "\(s.writer != nil)", "silent_for": "\(silent)"])
            s.task.cancel()
            s.flush?.cancel()
            slots[id] = nil
            perform(rotation.dropped(s.generation))
        }
    }
}
