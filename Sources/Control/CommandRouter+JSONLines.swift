import Commands

/// The control protocol over the router: one JSON request line in, one response line out.
///
/// Requests are `{"id", "cmd", "args": {...}}`; responses `{"id", "ok": true, "result"}` or
/// `{"id", "ok": false, "error": {"code", "message"}}` with the request's id echoed.
extension CommandRouter {
    /// Answers one request line (without its newline).
    public func respond(to line: [UInt8], caller: Caller) async -> CommandResponse {
        let request: ControlRequest
        switch ControlRequest.parse(line) {
        case .success(let r): request = r
        case .failure(let e): return CommandResponse(line: CommandResponse.failure(e.id, e.error))
        }
        let command: Command
        do { command = try request.command() } catch {
            auditRejected(command: request.cmd, arguments: request.args.text, caller: caller, error: error)
            return CommandResponse(line: CommandResponse.failure(request.id, error))
        }
        do {
            let result = try await execute(command, caller: caller)
            var after: Int?
            if case .subscribed(let a) = result { after = Int(a) }
            return CommandResponse(line: CommandResponse.success(request.id, result.json), subscribedAfter: after)
        } catch {
            return CommandResponse(line: CommandResponse.failure(request.id, error))
        }
    }

    /// A logged event as the `{"event": …}` line a subscription streams.
    public static func eventLine(_ e: LoggedEvent) -> String {
        JSONValue.object([("event", JSONValue(e))]).text
    }
}
