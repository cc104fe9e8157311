import NIOCore
import NIOHTTP1

/// Serves HTTP requests on one connection: reads a whole request, lets the service answer it,
/// writes the answer (or, for a held request, nothing at all).
final class RESTHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let name = "fake-rest"

    private let service: any FakeService
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(service: any FakeService) {
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(let b):
            body += b.readableBytesView
        case .end:
            guard let h = head else { return }
            head = nil
            switch service.respond(to: FakeServer.request(h, body: body)) {
            case .hold:
                // The request took effect; the client only learns so by asking again.
                break
            case .close:
                context.close(promise: nil)
            case .respond(let r):
                respond(r, keepAlive: h.isKeepAlive, context: context)
            case .later(let accept):
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
                let keepAlive = h.isKeepAlive
                let channel = context.channel
                accept(RESTResponder(channel: channel) { r in
                    channel.eventLoop.execute {
                        guard channel.isActive else { return }
                        bound.value.handler.respond(r, keepAlive: keepAlive, context: bound.value.context)
                    }
                })
            }
        }
    }

    private func respond(_ r: RESTResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        let bytes = context.channel.allocator.buffer(string: r.body)
        var headers = HTTPHeaders([("Content-Type", r.contentType), ("Content-Length", String(bytes.readableBytes))])
        headers.add(contentsOf: r.headers)
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: r.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
