import CPeerCred
import NIOCore

/// The uid and pid of the process at the other end of a Unix socket (SO_PEERCRED), read
/// through the channel's socket options: the kernel's word, not the client's.
struct PeerCredentials: Sendable {
    var uid: UInt32
    var pid: Int32

    /// Nil when the channel is not a socket or the kernel would not say.
    static func read(_ channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        // SwiftNIO asks these calls to be made from non-inlinable code (see its
        // SocketOptionProvider), which this is.
        let future: EventLoopFuture<botruntime_ucred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(botruntime_sol_socket()), name: SocketOptionName(botruntime_so_peercred()))
        return future.map { PeerCredentials(uid: $0.uid, pid: $0.pid) }.recover { _ in nil }
    }
}

extension botruntime_ucred: @retroactive @unchecked Sendable {}
