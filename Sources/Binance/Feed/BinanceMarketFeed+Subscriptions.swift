import BinanceWire
import BotCore
import Logging
import VenueSocket

/// What each connection is asked for, and how: the streams of every followed symbol, the
/// difference from what the connection was last asked sent in requests of up to 200 streams,
/// at most one request every 400 ms. Binance drops a connection that sends more than 5
/// messages a second (its pongs count too), so requests are paced, and many bots arriving
/// at once make one request rather than one each.
extension BinanceMarketFeed {
    enum Operation {
        case subscribe, unsubscribe
    }

    static let streamsPerSymbol = 3
    static let streamsPerRequest = 200
    static let requestSpacing: Duration = .milliseconds(400)
    /// The keep-alive's question (its answer is any message); an id no request of ours takes.
    static let keepAliveText = #"{"method":"LIST_SUBSCRIPTIONS","id":"keepalive"}"#

    static func streams(_ symbol: String) -> [BinanceStreamName] {
        [.trade(symbol), .kline(symbol, .oneMinute), .bookTicker(symbol)]
    }

    /// A symbol Binance's requests can carry: one that would not would spoil every request it
    /// joined.
    static func isSymbol(_ symbol: String) -> Bool {
        (try? BinanceRest.klines(symbol: symbol, interval: .oneMinute)) != nil
            && (try? BinanceStreamRequest.subscribe(streams(symbol), id: 1)) != nil
    }

    /// Every stream of every followed symbol.
    var wantedStreams: Set<String> {
        Set(follows.keys.lazy.flatMap { Self.streams($0).lazy.map(\.name) })
    }

    /// The streams Binance has confirmed on the connection that carries the market (or the
    /// one being opened to), sorted.
    public var streams: [String] {
        let live = slots.values.filter { !$0.draining && $0.writer != nil }
        let carrying = live.first { $0.generation == rotation.current?.generation } ?? live.max { $0.generation < $1.generation }
        return carrying?.acked.sorted() ?? []
    }

    /// Brings every live connection's streams up to what is followed.
    func requestAll() {
        for id in slots.keys { requestChanges(id) }
    }

    /// Sends what connection `id` lacks as soon as its pacing allows. Without a connection
    /// there is nothing to do: the next one is asked for everything when it opens.
    func requestChanges(_ id: Int) {
        guard let s = slots[id], s.writer != nil, s.flush == nil, !s.draining else { return }
        let wait = s.lastRequest.map { Self.requestSpacing - $0.duration(to: .now) } ?? .zero
        slots[id]!.flush = Task { [weak self] in
            if wait > .zero { try? await Task.sleep(for: wait) }
            guard !Task.isCancelled else { return }
            await self?.sendChanges(id)
        }
    }

    /// One request: what is no longer followed first, then what is not yet asked for. A failed
    /// send is logged; the connection it failed on is going, and its successor starts over.
    func sendChanges(_ id: Int) async {
        guard slots[id] != nil else { return }
        slots[id]!.flush = nil
        guard let slot = slots[id], let writer = slot.writer, !slot.draining else { return }
        let wanted = wantedStreams
        let gone = slot.asked.subtracting(wanted).sorted()
        let new = wanted.subtracting(slot.asked).sorted()
        let op: Operation = gone.isEmpty ? .subscribe : .unsubscribe
        let all = op == .unsubscribe ? gone : new
        let names = Array(all.prefix(Self.streamsPerRequest))
        guard !names.isEmpty else { return }
        let rid = nextRequestID
        nextRequestID += 1
        let text: String
        do {
            let streams = names.map(BinanceStreamName.init)
            text = op == .subscribe ? try BinanceStreamRequest.subscribe(streams, id: .int(rid))
                                    : try BinanceStreamRequest.unsubscribe(streams, id: .int(rid))
        } catch {
            // Symbols are checked when followed: this is a bug, not the venue.
            logger.error("a Binance stream request could not be written", metadata: ["error": "\(error)"])
            return
        }
        if op == .subscribe { slots[id]!.asked.formUnion(names) } else { slots[id]!.asked.subtract(names) }
        slots[id]!.requests[rid] = (op, names)
        slots[id]!.lastRequest = .now
        do { try await writer.send(text) } catch {
            logger.warning("a Binance \(op) request was not sent", metadata: ["error": "\(error)"])
            return
        }
        if names.count < all.count || (op == .unsubscribe && !new.isEmpty) { requestChanges(id) }
    }
}
