import BotCore
import OKXWire
import VenueSocket

/// One of the account's logged-in connections: /private carries `orders` and `positions`,
/// /business `orders-algo`. On every new connection it logs in, subscribes once the login is
/// answered, and hands every message to the venue.
final class OKXPrivateStream: SocketHandler {
    let endpoint: OKXWebSocketEndpoint
    let channels: [OKXChannelArg]
    let credentials: OKXCredentials
    let clock: VenueClock
    let venue: OKXVenue

    init(endpoint: OKXWebSocketEndpoint, channels: [OKXChannelArg], credentials: OKXCredentials, clock: VenueClock, venue: OKXVenue) {
        self.endpoint = endpoint
        self.channels = channels
        self.credentials = credentials
        self.clock = clock
        self.venue = venue
    }

    func opened(_ socket: SocketWriter) async throws {
        try await socket.send(OKXWSRequest.login(credentials, nowMs: clock.nowMs))
    }

    func received(_ message: [UInt8], on socket: SocketWriter) async {
        await venue.received(message, from: self, on: socket)
    }

    func dropped(_ reason: String) async {
        await venue.streamDropped(endpoint, reason: reason)
    }
}
