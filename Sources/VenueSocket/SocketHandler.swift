import WSCore

/// What a venue's stream does with its connection: it (re)subscribes when one opens, reads
/// each message, and hears of each drop (a feed reports it lost, then recovered).
public protocol SocketHandler: Sendable {
    /// A connection is open: log in, subscribe. Throwing drops it (and it is made again).
    func opened(_ socket: SocketWriter) async throws
    /// One whole message, text or binary, as bytes (the hot parsers read bytes).
    func received(_ message: [UInt8], on socket: SocketWriter) async
    /// The connection is gone; `reason` says why. A new one follows after the backoff.
    func dropped(_ reason: String) async
}

/// Sends on the connection the handler was given.
public struct SocketWriter: Sendable {
    let outbound: WebSocketOutboundWriter

    public func send(_ text: String) async throws { try await outbound.write(.text(text)) }
}
