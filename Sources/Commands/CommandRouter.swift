import BotCore
import Runtime
import Store

/// One command set for every transport: the control socket now, Telegram later.
///
/// Transports turn what they receive into a `Command` and a `Caller` and render the
/// `CommandResult`; the router alone decides what the caller may see and do (see
/// `CommandRouter+Authorisation.swift`). Every command is written to the audit log with its
/// caller and outcome, whether it succeeded or not.
public final class CommandRouter: Sendable {
    let supervisor: Supervisor
    let store: Store
    let metrics: RuntimeMetrics
    let runtimePath: String
    let onShutdown: @Sendable () -> Void

    /// How long a caller waits for a command, and for a query of the database.
    static let deadline = Duration.seconds(15)
    static let storeDeadline = Duration.seconds(3)

    /// `runtimePath`: the runtime.toml that `reload` and `add` read again. `onShutdown` is
    /// called by `shutdown` and must return at once (the command answers before the daemon
    /// stops).
    public init(supervisor: Supervisor, store: Store, metrics: RuntimeMetrics, runtimePath: String,
                onShutdown: @escaping @Sendable () -> Void) {
        self.supervisor = supervisor
        self.store = store
        self.metrics = metrics
        self.runtimePath = runtimePath
        self.onShutdown = onShutdown
    }

    /// Runs `command` for `caller` and audits it.
    ///
    /// Throws a `CommandError` whose code says what went wrong: `forbidden`, `bot_not_found`
    /// (also for a bot the caller may not see), `store_busy`, `timeout` (after 15 s the caller
    /// is answered; the command itself goes on), any other `RuntimeError` code, or `internal`,
    /// whose details go to the audit log only.
    public func execute(_ command: Command, caller: Caller) async throws(CommandError) -> CommandResult {
        do {
            guard let result = try await answer(within: Self.deadline, { try await self.run(command, caller) }) else {
                throw CommandError("timeout", "botd did not finish '\(command.name.rawValue)' within \(Self.deadline); it goes on in the background (is another process holding the database's write lock?)")
            }
            audit(command.name.rawValue, command.auditArguments, caller, outcome: "ok")
            return result
        } catch {
            let e: CommandError
            switch error {
            case let c as CommandError: e = c
            case let r as RuntimeError: e = CommandError(r.code, r.description)
            default: e = CommandError("internal", "the command failed; see the daemon log")
            }
            audit(command.name.rawValue, command.auditArguments, caller, outcome: e.code == "internal" ? "internal: \(error)" : e.code)
            throw e
        }
    }

    /// Audits a request a transport could not turn into a `Command` (an unknown name, bad
    /// arguments), so that what a caller tried is on record too.
    public func auditRejected(command name: String, arguments: String, caller: Caller, error: CommandError) {
        audit(name, arguments, caller, outcome: error.code)
    }

    func audit(_ name: String, _ arguments: String, _ caller: Caller, outcome: String) {
        // Posted, not awaited: a status is answered from memory even while the database is held.
        store.postAudit(AuditRow(ts: wallClockMilliseconds(), who: caller.name, command: name, args: arguments,
                                 ok: outcome == "ok", result: outcome))
    }
}
