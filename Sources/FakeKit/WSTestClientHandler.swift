import NIOCore
import NIOWebSocket
import Synchronization

/// Where the client's handler leaves what it received.
final class EventBox: Sendable {
    let events = Mutex<[WSTestClient.Event]>([])
    let channel = Mutex<(any Channel)?>(nil)
    let answersPings = Mutex(true)
    let pings = Mutex<[[UInt8]]>([])
}

final class ClientFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let box: EventBox
    private var sawClose = false

    init(box: EventBox) {
        self.box = box
    }

    func handlerAdded(context: ChannelHandlerContext) {
        box.channel.withLock { $0 = context.channel }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        // No extension was negotiated, so a reserved bit is a protocol error (RFC 6455 §5.2);
        // NIO's decoder leaves that check to the application.
        if frame.rsv1 || frame.rsv2 || frame.rsv3 {
            box.events.withLock { $0.append(.protocolError("reserved bits set without an extension")) }
            sawClose = true
            var code = context.channel.allocator.buffer(capacity: 2)
            code.write(webSocketErrorCode: .protocolError)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)))
                .whenComplete { _ in channel.close(promise: nil) }
            return
        }
        switch frame.opcode {
        case .text:
            let bytes = Array(frame.unmaskedData.readableBytesView)
            if let s = String(validating: bytes, as: UTF8.self) {
                box.events.withLock { $0.append(.text(s)) }
            } else {
                box.events.withLock { $0.append(.invalidText(bytes)) }
            }
        case .connectionClose:
            sawClose = true
            var d = frame.unmaskedData
            let code = d.readInteger(as: UInt16.self).map(Int.init) ?? 1005
            let reason = d.readString(length: d.readableBytes) ?? ""
            box.events.withLock { $0.append(.close(code: code, reason: reason)) }
            context.close(promise: nil)
        case .ping:
            box.pings.withLock { $0.append(Array(frame.unmaskedData.readableBytesView)) }
            guard box.answersPings.withLock({ $0 }) else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        box.events.withLock { $0.append(.protocolError(String(describing: error))) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !sawClose { box.events.withLock { $0.append(.disconnected) } }
        context.fireChannelInactive()
    }
}
