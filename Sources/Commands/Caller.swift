/// Who asks: decides what a command may see and do.
public enum Caller: Sendable, Hashable {
    /// A process on the control socket, identified by the kernel (SO_PEERCRED). The socket
    /// admits only the daemon's own uid and `allow_uids`, so an operator sees every bot.
    case `operator`(uid: UInt32)
    /// A user of the daemon, as a chat transport identifies them; `name` is the `user` of
    /// the bot files they own.
    case user(name: String, role: Role)

    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Sees and acts on their own bots only.
        case user
        /// Sees and acts on every bot, and may run the daemon-wide commands.
        case admin
    }

    /// How the audit log names the caller: `uid:1000`, `user:alice`.
    public var name: String {
        switch self {
        case .operator(let uid): "uid:\(uid)"
        case .user(let name, _): "user:\(name)"
        }
    }

    /// The owner whose bots alone this caller may see; nil for a caller who sees them all.
    public var restrictedTo: String? {
        switch self {
        case .operator, .user(_, .admin): nil
        case .user(let name, .user): name
        }
    }
}
