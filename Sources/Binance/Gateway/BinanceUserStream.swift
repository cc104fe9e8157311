import BinanceWire
import BotCore
import VenueSocket

/// The account's connection to the WebSocket API: on every new connection it subscribes to
/// the user data stream with a signed request, and hands every message to the venue. Binance
/// pings; the socket answers (the API drops a connection 60 s without a pong).
final class BinanceUserStream: SocketHandler {
    let credentials: BinanceCredentials
    let clock: VenueClock
    let recvWindowMs: Int
    let venue: BinanceVenue

    init(credentials: BinanceCredentials, clock: VenueClock, recvWindowMs: Int, venue: BinanceVenue) {
        self.credentials = credentials
        self.clock = clock
        self.recvWindowMs = recvWindowMs
        self.venue = venue
    }

    /// The id of the subscribe request, to tell its answer from the others'.
    static let subscribeID: BinanceRequestID = .string("subscribe")

    func opened(_ socket: SocketWriter) async throws {
        try await socket.send(BinanceWSAPIRequest.subscribeUserData(credentials, timestampMs: clock.nowMs, recvWindowMs: recvWindowMs,
                                                                    id: Self.subscribeID))
    }

    func received(_ message: [UInt8], on socket: SocketWriter) async {
        await venue.received(message)
    }

    func dropped(_ reason: String) async {
        await venue.streamDropped(reason: reason)
    }
}
