import FakeKit

/// `/bot<token>/<method>`: the token checked, the method found (case-insensitively, as
/// Telegram does), a queued fault given instead of the answer, the parameters read.
extension BotAPI {
    enum Answer {
        case now(RESTOutcome)
        /// getUpdates with nothing to give: hold it until this time or an update. `ticket`
        /// tells whether a newer poll came before the responder was handed over.
        case wait(deadlineMs: Int64, limit: Int, ticket: Int)
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
        case "getme": return .now(Self.ok(getMe))
        case "getupdates": return getUpdates(p, nowMs: nowMs)
        case "setwebhook": return .now(setWebhook(p))
        case "deletewebhook":
            webhook = nil
            if p.bool("drop_pending_updates") { updates.removeAll() }
            return .now(Self.ok(.bool(true)))
        case "getwebhookinfo":
            prune(nowMs: nowMs)
            return .now(Self.ok(.object([("url", .string(webhook ?? "")), ("has_custom_certificate", .bool(false)),
                                         ("pending_update_count", .int(updates.count))])))
        case "sendmessage": return .now(sendMessage(p, nowMs: nowMs))
        case "editmessagetext": return .now(editMessageText(p, nowMs: nowMs))
        case "answercallbackquery": return .now(answerCallbackQuery(p, nowMs: nowMs))
        case "setmycommands": return .now(setMyCommands(p))
        case "getmycommands": return .now(getMyCommands(p))
        case "deletemycommands":
            commands[Self.scopeKey(p)] = nil
            return .now(Self.ok(.bool(true)))
        default: return .now(error(404, "Not Found"))
        }
    }

    var getMe: JSON {
        .object(botJSON.pairs + [("can_join_groups", .bool(true)), ("can_read_all_group_messages", .bool(false)),
                                 ("supports_inline_queries", .bool(false))])
    }

    /// setWebhook as Telegram takes it: an HTTPS URL (an empty one removes the webhook); a
    /// poll being held is ended with 409. Nothing is ever posted to the URL: the fake serves
    /// polling clients only.
    mutating func setWebhook(_ p: Params) -> RESTOutcome {
        let url = p.string("url") ?? ""
        if !url.isEmpty, !url.lowercased().hasPrefix("https://") {
            return error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        }
        if let kinds = p.json("allowed_updates")?.array { allowedUpdates = UpdateKinds.read(kinds) }
        if p.bool("drop_pending_updates") { updates.removeAll() }
        placeWebhook(url.isEmpty ? nil : url)
        return Self.ok(.bool(true))
    }

    /// A webhook set or removed, by the bot or by someone else (`TelegramFake.setWebhook`).
    mutating func placeWebhook(_ url: String?) {
        webhook = url
        if url != nil { endPoll(.webhookSet) }
    }
}
