import FakeKit

/// `/bot<token>/<method>`: the token checked, the method found (case-insensitively), the
/// parameters read, a queued fault given instead of the answer.
extension BotAPI {
    enum Answer {
        case now(RESTOutcome)
        /// getUpdates with nothing to give: hold it until this time or an update.
        case wait(deadlineMs: Int64, limit: Int)
    }

    mutating func respond(_ request: RESTRequest, nowMs: Int64) -> Answer {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, parts[1].hasPrefix("bot") else { return .now(error(404, "Not Found")) }
        guard !revoked, parts[1].dropFirst(3) == token else { return .now(error(401, "Unauthorized")) }
        let method = parts[2].lowercased()
        counters.requests[method, default: 0] += 1
        guard request.method == "GET" || request.method == "POST" else { return .now(error(404, "Not Found")) }
        if let f = fault(method) { return .now(f) }
        guard let p = Params(request) else { return .now(error(400, "Bad Request: can't parse JSON")) }
        switch method {
        case "getme": return .now(Self.ok(botJSON))
        case "getupdates": return getUpdates(p, nowMs: nowMs)
        case "deletewebhook":
            webhook = nil
            if p.bool("drop_pending_updates") { updates.removeAll() }
            return .now(Self.ok(.bool(true)))
        case "setwebhook":
            let url = p.string("url") ?? ""
            webhook = url.isEmpty ? nil : url
            return .now(Self.ok(.bool(true)))
        case "getwebhookinfo":
            return .now(Self.ok(.object([("url", .string(webhook ?? "")), ("has_custom_certificate", .bool(false)),
                                         ("pending_update_count", .int(updates.count))])))
        case "sendmessage": return .now(sendMessage(p, nowMs: nowMs))
        case "editmessagetext": return .now(editMessageText(p, nowMs: nowMs))
        case "answercallbackquery": return .now(answerCallbackQuery(p, nowMs: nowMs))
        case "setmycommands": return .now(setMyCommands(p))
        case "getmycommands":
            let list = commands[Self.scopeKey(p)] ?? []
            return .now(Self.ok(.array(list.map { .object([("command", .string($0.0)), ("description", .string($0.1))]) })))
        case "deletemycommands":
            commands[Self.scopeKey(p)] = nil
            return .now(Self.ok(.bool(true)))
        default: return .now(error(404, "Not Found"))
        }
    }

    mutating func getUpdates(_ p: Params, nowMs: Int64) -> Answer {
        counters.getUpdates += 1
        guard webhook == nil else {
            return .now(error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"))
        }
        // A poll still held is ended by this one, as Telegram ends the older of two pollers.
        if let held = poll {
            poll = nil
            if held.responder.isWaiting {
                if case .respond(let r) = error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running") {
                    held.responder.respond(r)
                }
            }
        }
        if let offset = p.int("offset") {
            if offset > 0 {
                updates.removeAll { $0.id < offset }
            } else if offset < 0 {
                let keep = Int(min(Int64(updates.count), -offset))
                updates.removeFirst(updates.count - keep)
            }
        }
        if let kinds = p.json("allowed_updates")?.array { allowedUpdates = kinds.compactMap(\.string) }
        let limit = Int(min(100, max(1, p.int("limit") ?? 100)))
        let timeout = max(0, p.int("timeout") ?? 0)
        let ready = deliverable(limit: limit)
        if !ready.isEmpty || timeout == 0 { return .now(Self.ok(Self.result(ready))) }
        return .wait(deadlineMs: nowMs + min(timeout, 3_600) * 1_000, limit: limit)
    }

    /// A held poll's responder, once the host gave it: answered at once if an update came meanwhile.
    mutating func park(_ responder: RESTResponder, deadlineMs: Int64, limit: Int) {
        if let held = poll, held.responder.isWaiting, case .respond(let r) = error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running") {
            held.responder.respond(r)
        }
        poll = Poll(responder: responder, deadlineMs: deadlineMs, limit: limit)
        answerPoll()
    }

    mutating func setMyCommands(_ p: Params) -> RESTOutcome {
        guard let list = p.json("commands")?.array else { return error(400, "Bad Request: field \"commands\" must be an Array") }
        guard list.count <= 100 else { return error(400, "Bad Request: BOT_COMMANDS_TOO_MUCH") }
        var out: [(String, String)] = []
        for item in list {
            let c = item.s("command"), d = item.s("description")
            guard (1...32).contains(c.utf8.count), c.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }) else {
                return error(400, "Bad Request: BOT_COMMAND_INVALID")
            }
            guard (1...256).contains(d.utf16.count) else { return error(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID") }
            out.append((c, d))
        }
        commands[Self.scopeKey(p)] = out
        return Self.ok(.bool(true))
    }

    /// `type[:chat_id]|language`: where a command list applies.
    static func scopeKey(_ p: Params) -> String {
        let scope = p.json("scope")
        var type = scope?.s("type") ?? ""
        if type.isEmpty { type = "default" }
        if let chat = scope?["chat_id"]?.string { type += ":" + chat }
        return type + "|" + (p.string("language_code") ?? "")
    }
}
