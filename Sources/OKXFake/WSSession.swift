/// Which of OKX's three WebSocket services a connection reached.
enum WSService: String {
    case `public`, `private`, business

    init?(path: String) {
        switch path {
        case "/ws/v5/public": self = .public
        case "/ws/v5/private": self = .private
        case "/ws/v5/business": self = .business
        default: return nil
        }
    }
}

/// One subscription, with the arguments the client sent (echoed back in every push).
struct WSSubscription {
    var channel: String
    var instId: String?
    var instType: String?
    var instFamily: String?
    var arg: JSON
}

/// The venue's view of one WebSocket connection.
final class WSSession {
    let id: Int
    let service: WSService
    let outlet: any WSOutlet
    let connId: String
    var loginUid: String?
    var subscriptions: [WSSubscription] = []
    var lastInboundMs: Int64
    var lastOutboundMs: Int64
    var sent = 0
    var closed = false

    init(id: Int, service: WSService, outlet: any WSOutlet, nowMs: Int64) {
        self.id = id
        self.service = service
        self.outlet = outlet
        connId = String(UInt32(truncatingIfNeeded: id &* 2_654_435_761), radix: 16)
        lastInboundMs = nowMs
        lastOutboundMs = nowMs
    }
}

/// Something that happened which subscribers of `channel` hear about.
struct Push {
    var channel: String
    var instId: String
    var instType = "SWAP"
    var instFamily = ""
    /// For private channels: the account it concerns.
    var uid: String?
    /// The `action` field of book pushes ("snapshot", "update").
    var action: String?
    var data: [JSON]
}
