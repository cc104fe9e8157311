import NIOCore
import NIOWebSocket

/// One WebSocket connection after the upgrade: text frames go to the venue, protocol frames
/// (ping, close) are answered here.
final class WSHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let core: VenueCore
    private let service: WSService
    private var sessionId: Int?

    init(core: VenueCore, service: WSService) {
        self.core = core
        self.service = service
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let outlet = NIOWSOutlet(channel: context.channel)
        let service = service
        sessionId = core.with { $0.openSession(service: service, outlet: outlet) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            guard let id = sessionId else { return }
            let text = String(buffer: frame.unmaskedData)
            core.with { $0.received(text, session: id) }
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)),
                                  promise: nil)
        case .connectionClose:
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode() ?? .normalClosure
            var reply = context.channel.allocator.buffer(capacity: 2)
            reply.write(webSocketErrorCode: code)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply)))
                .whenComplete { _ in channel.close(promise: nil) }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = sessionId {
            core.with { $0.sessionEnded(id) }
            sessionId = nil
        }
        context.fireChannelInactive()
    }
}

/// Queues frames on the connection's event loop, in the order the venue produced them.
struct NIOWSOutlet: WSOutlet {
    let channel: any Channel

    func send(_ text: String) {
        let channel = channel
        channel.eventLoop.execute {
            let frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: text))
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    func send(malformed: MalformedFrame) {
        let channel = channel
        channel.eventLoop.execute {
            let frame: WebSocketFrame
            switch malformed {
            case .truncatedJSON:
                frame = WebSocketFrame(fin: true, opcode: .text,
                                       data: channel.allocator.buffer(string: #"{"arg":{"channel":"tickers","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SW"#))
            case .invalidUTF8:
                frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]))
            case .reservedBits:
                frame = WebSocketFrame(fin: true, rsv1: true, opcode: .text, data: channel.allocator.buffer(string: "{}"))
            }
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    func close(code: UInt16, reason: String) {
        let channel = channel
        channel.eventLoop.execute {
            var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
            data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code)))
            data.writeString(reason)
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
                .whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func drop() {
        let channel = channel
        channel.eventLoop.execute { channel.close(promise: nil) }
    }
}
