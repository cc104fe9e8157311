import OKXWire
import VenueSocket
import Synchronization

public let feedDebug = Mutex<[String: Int]>([:])

/// One of the feed's two connections (/public or /business). Frames are read here, on the
/// socket's task, so the feed's actor only sees values: the hot parser first, and the full
/// decoder for whatever is not market data (acks, errors, notices, `pong`).
final class OKXFeedStream: SocketHandler {
    let endpoint: OKXWebSocketEndpoint
    /// Weak: the feed owns the socket's task, and a feed let go without `stop` still ends it.
    weak let feed: OKXMarketFeed?

    init(endpoint: OKXWebSocketEndpoint, feed: OKXMarketFeed) {
        self.endpoint = endpoint
        self.feed = feed
    }

    func opened(_ socket: SocketWriter) async throws {
        feedDebug.withLock { $0["\(endpoint.rawValue).openIn", default: 0] += 1; $0["\(endpoint.rawValue).conn", default: 0] = 0 }
        try await feed?.opened(endpoint, socket)
        feedDebug.withLock { $0["\(endpoint.rawValue).openOut", default: 0] += 1 }
    }

    func received(_ message: [UInt8], on socket: SocketWriter) async {
        guard let feed else { return }
        feedDebug.withLock { $0["\(endpoint.rawValue).recvIn", default: 0] += 1; $0["\(endpoint.rawValue).conn", default: 0] += 1 }
        defer { feedDebug.withLock { $0["\(endpoint.rawValue).recvOut", default: 0] += 1 } }
        let push: OKXMarketPush
        do { push = try OKXMarketParser.parse(message) } catch {
            return await feed.malformed(endpoint, error.description)
        }
        guard case .notHot = push else { return await feed.deliver(push) }
        let decoded: OKXWSMessage
        do { decoded = try OKXWSMessage.decode(message) } catch {
            return await feed.malformed(endpoint, error.description)
        }
        await feed.control(decoded, on: endpoint)
    }

    func dropped(_ reason: String) async {
        await feed?.dropped(endpoint, reason: reason)
    }
}
