import BotConfig
import Runtime

/// What a caller may see and do.
///
/// The operator and admins see and act on every bot. A user sees and acts on the bots whose
/// `user` is their name only; any other bot id, in a command or a query, fails exactly as a
/// bot that does not exist (`bot_not_found`), so a user cannot learn which ids others use.
/// The daemon-wide commands (`Command.isDaemonWide`) are `forbidden` to users.
extension CommandRouter {
    func authorise(_ command: Command, _ caller: Caller) throws(CommandError) {
        guard command.isDaemonWide, caller.restrictedTo != nil else { return }
        throw CommandError("forbidden", "'\(command.name.rawValue)' concerns the whole daemon; only an admin may run it")
    }

    /// Throws `bot_not_found` when `caller` may not see the bot `id`.
    func checkVisible(_ id: String, _ caller: Caller) async throws(RuntimeError) {
        guard let owner = caller.restrictedTo else { return }
        // A bot id names one bot file at a time; only a reload or add by an admin, between
        // this check and the command, could give it to someone else.
        guard await supervisor.spec(id)?.user == owner else { throw RuntimeError.unknownBot(id) }
    }

    /// A transport's own lookup (a chat resolving an abbreviated bot id, its greeting), not a
    /// command the caller gave: not audited.
    public func visibleStatuses(_ caller: Caller) async -> [BotStatus] {
        let all = await supervisor.statuses()
        guard let owner = caller.restrictedTo else { return all }
        return all.filter { $0.user == owner }
    }

    /// The events about bots `caller` sees. An event about a bot that is gone (removed, or
    /// its file now another user's) is hidden from users: its owner is no longer known.
    func visible(_ events: [Supervisor.Event], _ caller: Caller) async -> [Supervisor.Event] {
        guard let owner = caller.restrictedTo else { return events }
        var owns: [String: Bool] = [:]
        for bot in Set(events.map(\.bot)) { owns[bot] = await supervisor.spec(bot)?.user == owner }
        return events.filter { owns[$0.bot] == true }
    }
}
