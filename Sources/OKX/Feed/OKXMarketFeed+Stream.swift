import BotCore
import Logging
import OKXWire
import VenueSocket

/// What the two connections bring: new connections to subscribe on, market data for the sink,
/// OKX's events, unreadable frames, and drops.
extension OKXMarketFeed {
    /// A new connection subscribes everything followed on its service. Throwing (the request
    /// could not be sent, or the socket was replaced) drops it.
    func opened(_ endpoint: OKXWebSocketEndpoint, _ generation: Int, _ writer: SocketWriter) async throws {
        guard isCurrent(endpoint, generation) else { throw CancellationError() }
        let reconnected = stats.opened(endpoint) > 1
        connections[endpoint]?.writer = writer
        connections[endpoint]?.lastSign = .now
        let args = followedChannels(on: endpoint)
        if !args.isEmpty { try await Self.send(.subscribe, args, with: writer) }
        if reconnected { logger.info("OKX market stream reconnected", metadata: ["endpoint": "\(endpoint.rawValue)"]) }
        if reconnected && endpoint == .business && catchesUp { startCatchUp() }
    }

    func dropped(_ endpoint: OKXWebSocketEndpoint, _ generation: Int, reason: String) {
        guard isCurrent(endpoint, generation) else { return }
        connections[endpoint]?.writer = nil
        connections[endpoint]?.lastSign = .now
        stats.drops += 1
    }

    func received(_ frame: OKXFeedFrame, on endpoint: OKXWebSocketEndpoint, _ generation: Int) async {
        guard isCurrent(endpoint, generation) else { return }
        connections[endpoint]?.lastSign = .now
        switch frame {
        case .market(let push): await deliver(push)
        case .event(let message): control(message, on: endpoint)
        case .unreadable(let why): malformed(endpoint, why)
        }
    }

    /// Market data of a followed instrument, on to the sink. Closed candles go on strictly in
    /// order: one at or before the last sent (a snapshot after resubscribing, a bar the
    /// catch-up sent first) is dropped, and so is a forming bar of a minute already closed.
    func deliver(_ push: OKXMarketPush) async {
        guard let sink else { return }
        switch push {
        case .trades(let instId, let trades):
            guard let id = follows[instId]?.id else { return }
            for t in trades { await sink.trade(t, instrument: id) }
        case .tickers(let instId, let tickers):
            guard let id = follows[instId]?.id else { return }
            for t in tickers { await sink.ticker(t, instrument: id) }
        case .candles(let instId, let bar, let rows):
            guard bar == Self.candleBar else { return }
            for row in rows {
                // Looked up again for each row: the sink's await may have seen it unfollowed.
                guard let f = follows[instId] else { return }
                if let last = f.lastClosed, row.candle.ts <= last { continue }
                if row.confirmed {
                    follows[instId]!.lastClosed = row.candle.ts
                    stats.closedCandles += 1
                }
                await sink.candle(row.candle, instrument: f.id, closed: row.confirmed)
            }
        case .notHot:
            break
        }
    }

    /// Everything OKX sends besides market data.
    func control(_ message: OKXWSMessage, on endpoint: OKXWebSocketEndpoint) {
        switch message {
        case .subscribed:
            stats.subscribeAcks += 1
        case .unsubscribed:
            stats.unsubscribeAcks += 1
        case .error(let e, _):
            stats.venueErrors += 1
            logger.warning("OKX market stream error", metadata: [
                "endpoint": "\(endpoint.rawValue)", "code": "\(e.code)", "cause": "\(e.kind)", "message": "\(e.message)"])
        case .notice(let code, let text):
            stats.notices += 1
            // 64008: the server goes down for an upgrade in about 60 s; the drop that follows
            // is reconnected like any other.
            logger.notice(code == "64008" ? "OKX announces a service upgrade: the market stream will reconnect"
                                          : "OKX notice on the market stream",
                          metadata: ["endpoint": "\(endpoint.rawValue)", "code": "\(code)", "message": "\(text)"])
        case .pong, .loggedIn, .connectionCount, .orders, .algoOrders, .positions, .market, .other:
            break
        }
    }

    /// A frame that could not be read: counted and skipped, and logged a few times a minute
    /// at most, since a server sending garbage may send a lot of it.
    func malformed(_ endpoint: OKXWebSocketEndpoint, _ error: String) {
        stats.malformedFrames += 1
        guard let suppressed = malformedLog.admit() else { return }
        logger.warning("unreadable frame on OKX's market stream", metadata: [
            "endpoint": "\(endpoint.rawValue)", "error": "\(error)", "not_logged_since": "\(suppressed)"])
    }
}
