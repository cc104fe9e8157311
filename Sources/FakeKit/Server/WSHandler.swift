import NIOCore
import NIOWebSocket

/// One WebSocket connection after the upgrade: frames go to the service; pings are answered
/// and close frames echoed here, as every venue does.
final class WSHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let service: any FakeService
    private let request: RESTRequest
    private var sessionId: Int?

    init(service: any FakeService, request: RESTRequest) {
        self.service = service
        self.request = request
    }

    func handlerAdded(context: ChannelHandlerContext) {
        sessionId = service.webSocketOpened(request, outlet: NIOWSOutlet(channel: context.channel))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let id = sessionId else { return }
        switch frame.opcode {
        case .text:
            service.webSocketReceived(.text(String(buffer: frame.unmaskedData)), session: id)
        case .binary:
            service.webSocketReceived(.binary(Array(frame.unmaskedData.readableBytesView)), session: id)
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)),
                                  promise: nil)
            service.webSocketReceived(.ping(Array(frame.unmaskedData.readableBytesView)), session: id)
        case .pong:
            service.webSocketReceived(.pong(Array(frame.unmaskedData.readableBytesView)), session: id)
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
            service.webSocketClosed(session: id)
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

    func send(malformed: MalformedFrame, truncatedJSON: String) {
        let channel = channel
        channel.eventLoop.execute {
            let frame: WebSocketFrame
            switch malformed {
            case .truncatedJSON:
                frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: truncatedJSON))
            case .invalidUTF8:
                frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(bytes: [0x7B, 0xFF, 0xFE, 0x7D]))
            case .reservedBits:
                frame = WebSocketFrame(fin: true, rsv1: true, opcode: .text, data: channel.allocator.buffer(string: "{}"))
            }
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    func ping(_ payload: [UInt8]) {
        let channel = channel
        channel.eventLoop.execute {
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, data: channel.allocator.buffer(bytes: payload)),
                                  promise: nil)
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
