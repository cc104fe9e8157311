import BinanceWire
import VenueSocket

/// One socket of the feed. Frames are read here, on the socket's task, so the feed's actor
/// only sees values: the hot parser first, and the full decoder for what is not market data
/// (acks, refusals, `serverShutdown`). Pings are answered by the WebSocket client itself, with
/// the ping's payload, while the socket reads.
final class BinanceFeedStream: SocketHandler {
    /// Which of the feed's sockets this is (its connections' generations change, this does not).
    let socket: Int
    /// Weak: the feed owns the socket's task, and a feed let go without `stop` still ends it.
    weak let feed: BinanceMarketFeed?

    init(socket: Int, feed: BinanceMarketFeed) {
        self.socket = socket
        self.feed = feed
    }

    func opened(_ writer: SocketWriter) async throws {
        guard let feed else { throw CancellationError() }
        try await feed.opened(socket, writer)
    }

    func received(_ message: [UInt8], on writer: SocketWriter) async {
        await feed?.received(Self.read(message), on: socket)
    }

    func dropped(_ reason: String) async {
        await feed?.dropped(socket, reason: reason)
    }

    static func read(_ message: [UInt8]) -> BinanceFeedFrame {
        let push: BinanceMarketPush
        do { push = try BinanceMarketParser.parse(message) } catch { return .unreadable(error.description) }
        guard case .notHot = push else { return .market(push) }
        do { return .event(try BinanceStreamMessage.decode(message)) } catch { return .unreadable(error.description) }
    }
}

/// One frame as the feed's actor receives it.
enum BinanceFeedFrame: Sendable {
    case market(BinanceMarketPush)
    /// Answers to control requests, refusals, `serverShutdown`, streams not read.
    case event(BinanceStreamMessage)
    /// Why it could not be read.
    case unreadable(String)
}
