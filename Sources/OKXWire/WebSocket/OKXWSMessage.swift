import Foundation

/// Any text frame OKX's WebSocket sends, read in full (JSONDecoder). Market pushes normally
/// go through `OKXMarketParser` first; this reads everything, those included.
public enum OKXWSMessage: Hashable, Sendable {
    case pong
    case subscribed(OKXChannelArg, id: String?)
    case unsubscribed(OKXChannelArg, id: String?)
    case loggedIn(connectionID: String)
    /// `event` `error` (or `channel-conn-count-error`), with OKX's code classified.
    case error(OKXError, id: String?)
    /// `event` `notice`: 64008, the connection closes for an upgrade in about 60 s.
    case notice(code: String, message: String)
    /// The private channel's connection count (OKX allows 30 per channel and sub-account).
    case connectionCount(channel: String, count: Int)
    case orders([OKXOrder])
    case algoOrders([OKXAlgoOrder])
    case positions([OKXPosition])
    case market(OKXMarketPush)
    /// A push of a channel this layer does not read (books, account, …).
    case other(channel: String)

    public static func decode(_ text: String) throws(OKXError) -> OKXWSMessage { try decode(Array(text.utf8)) }

    public static func decode(_ frame: [UInt8]) throws(OKXError) -> OKXWSMessage {
        if frame == Array("pong".utf8) { return .pong }
        let p = try OKXResponse.decode(Probe.self, status: nil, body: frame)
        if let event = p.event {
            switch event {
            case "subscribe", "unsubscribe":
                guard let arg = p.arg else { throw OKXError.malformed("arg", "missing") }
                return event == "subscribe" ? .subscribed(arg, id: p.id) : .unsubscribed(arg, id: p.id)
            case "login":
                guard p.code == nil || p.code == "0" else { return .error(OKXError(code: p.code ?? "", message: p.msg ?? ""), id: p.id) }
                return .loggedIn(connectionID: p.connId ?? "")
            case "error", "channel-conn-count-error":
                return .error(OKXError(code: p.code ?? "", message: p.msg ?? event), id: p.id)
            case "notice":
                return .notice(code: p.code ?? "", message: p.msg ?? "")
            case "channel-conn-count":
                guard let s = p.connCount, let n = Int(s) else { throw OKXError.malformed("connCount", "not a count") }
                return .connectionCount(channel: p.channel ?? "", count: n)
            default:
                throw OKXError.malformed("event", "unknown event '\(event.prefix(40))'")
            }
        }
        guard let arg = p.arg else { throw OKXError.malformed("arg", "missing: neither an event nor a push") }
        switch arg.channel {
        case "orders": return .orders(try OKXResponse.decode(Push<OKXOrder>.self, status: nil, body: frame).data)
        case "orders-algo": return .algoOrders(try OKXResponse.decode(Push<OKXAlgoOrder>.self, status: nil, body: frame).data)
        case "positions": return .positions(try OKXResponse.decode(Push<OKXPosition>.self, status: nil, body: frame).data)
        default:
            let push: OKXMarketPush
            do { push = try OKXMarketParser.parse(frame) } catch { throw OKXError.malformed(error.field, error.reason) }
            if case .notHot = push { return .other(channel: arg.channel) }
            return .market(push)
        }
    }

    struct Probe: Decodable {
        var event: String?
        var id: String?
        var code: String?
        var msg: String?
        var connId: String?
        var arg: OKXChannelArg?
        var channel: String?
        var connCount: String?
    }

    struct Push<Item: Decodable>: Decodable {
        var data: [Item]
    }
}
