import OKXWire
import VenueSocket

/// One socket of the feed (/public or /business). Frames are read here, on the socket's task,
/// so the feed's actor only sees values: the hot parser first, and the full decoder for what
/// is not market data (acks, errors, notices, `pong`).
final class OKXFeedStream: SocketHandler {
    let endpoint: OKXWebSocketEndpoint
    /// Which of the feed's sockets this is: a replaced one's calls are ignored.
    let generation: Int
    /// Weak: the feed owns the socket's task, and a feed let go without `stop` still ends it.
    weak let feed: OKXMarketFeed?

    init(endpoint: OKXWebSocketEndpoint, generation: Int, feed: OKXMarketFeed) {
        self.endpoint = endpoint
        self.generation = generation
        self.feed = feed
    }

    func opened(_ socket: SocketWriter) async throws {
        try await feed?.opened(endpoint, generation, socket)
    }

    func received(_ message: [UInt8], on socket: SocketWriter) async {
        await feed?.received(Self.read(message), on: endpoint, generation)
    }

    func dropped(_ reason: String) async {
        await feed?.dropped(endpoint, generation, reason: reason)
    }

    static func read(_ message: [UInt8]) -> OKXFeedFrame {
        let push: OKXMarketPush
        do { push = try OKXMarketParser.parse(message) } catch { return .unreadable(error.description) }
        guard case .notHot = push else { return .market(push) }
        do { return .event(try OKXWSMessage.decode(message)) } catch { return .unreadable(error.description) }
    }
}

/// One frame as the feed's actor receives it.
enum OKXFeedFrame: Sendable {
    case market(OKXMarketPush)
    /// Acks, errors, notices, `pong`.
    case event(OKXWSMessage)
    /// Why it could not be read.
    case unreadable(String)
}
