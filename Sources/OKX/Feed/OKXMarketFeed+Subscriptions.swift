import BotCore
import Logging
import OKXWire
import VenueSocket

/// What is asked of OKX on each socket, and how: per instrument its channels there, sent in
/// batches that stay under OKX's 64 KB per request.
extension OKXMarketFeed {
    enum Operation {
        case subscribe, unsubscribe
    }

    static let candleBar = OKXBar("1m")
    /// Under OKX's 64 KB per request, with room for the envelope.
    static let requestBudget = 60_000

    static func channels(_ instId: String, on endpoint: OKXWebSocketEndpoint) -> [OKXChannelArg] {
        endpoint == .business ? [.candles(candleBar, instId)] : [.trades(instId), .tickers(instId)]
    }

    /// Sends `op` for `args` on the socket's current connection. Without one there is nothing
    /// to do: the next connection subscribes what is followed then. A failed send is logged;
    /// the connection it failed on is going, and its successor starts over.
    func send(_ op: Operation, _ args: [OKXChannelArg], on endpoint: OKXWebSocketEndpoint) async {
        guard let writer = connections[endpoint]?.writer else { return }
        do { try await Self.send(op, args, with: writer) } catch {
            logger.warning("an OKX \(op) request was not sent", metadata: ["endpoint": "\(endpoint.rawValue)", "error": "\(error)"])
        }
    }

    static func send(_ op: Operation, _ args: [OKXChannelArg], with writer: SocketWriter) async throws {
        for text in try requests(op, args) { try await writer.send(text) }
    }

    /// `args` in as few requests as fit the budget each, in order.
    static func requests(_ op: Operation, _ args: [OKXChannelArg], budget: Int = requestBudget) throws(OKXRequestError) -> [String] {
        var out: [String] = []
        var batch: [OKXChannelArg] = []
        var size = 0
        func flush() throws(OKXRequestError) {
            guard !batch.isEmpty else { return }
            out.append(op == .subscribe ? try OKXWSRequest.subscribe(batch) : try OKXWSRequest.unsubscribe(batch))
            batch = []
            size = 0
        }
        for a in args {
            // {"channel":"…","instId":"…"}, and the comma before the next.
            let cost = a.channel.utf8.count + (a.instId?.utf8.count ?? 0) + 28
            if size + cost > budget { try flush() }
            batch.append(a)
            size += cost
        }
        try flush()
        return out
    }

    /// Everything followed, as the channels of `endpoint`, in a stable order.
    func followedChannels(on endpoint: OKXWebSocketEndpoint) -> [OKXChannelArg] {
        follows.keys.sorted().flatMap { Self.channels($0, on: endpoint) }
    }
}
