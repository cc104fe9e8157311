import FakeKit

/// getUpdates as Telegram runs it: an offset confirms (removes) what is below it, a
/// negative one keeps only the last updates, a poll with nothing to give is held until an
/// update or its timeout (on the fake's clock, at most 50 s as the Bot API server caps it),
/// and only one poll at a time: a newer one, a webhook or a revoked token ends the held one.
extension BotAPI {
    struct Poll { var responder: RESTResponder; var deadlineMs: Int64; var limit: Int }

    /// Why a held poll was ended, and the answer it gets.
    enum PollEnd {
        case otherPoll, webhookSet, revoked
    }

    /// Telegram keeps unconfirmed updates 24 hours.
    static let keepMs: Int64 = 86_400_000
    /// The Bot API server's LONG_POLL_MAX_TIMEOUT.
    static let maxPollSeconds: Int64 = 50

    mutating func enqueue(kind: String, _ body: JSON, nowMs: Int64) -> Int64 {
        nextUpdateID += 1
        updates.append(Update(id: nextUpdateID, atMs: nowMs, kind: kind, json: body))
        answerPoll()
        return nextUpdateID
    }

    mutating func prune(nowMs: Int64) {
        updates.removeAll { $0.atMs < nowMs - Self.keepMs }
    }

    mutating func getUpdates(_ p: Params, nowMs: Int64) -> Answer {
        counters.getUpdates += 1
        guard webhook == nil else {
            return .now(error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"))
        }
        endPoll(.otherPoll)
        prune(nowMs: nowMs)
        if let offset = p.int("offset") {
            if offset > 0 {
                updates.removeAll { $0.id < offset }
            } else if offset < 0 {
                // "All previous updates will be forgotten." (magnitude: -Int64.min would trap)
                let keep = Int(min(UInt64(updates.count), offset.magnitude))
                updates.removeFirst(updates.count - keep)
            }
        }
        if let kinds = p.json("allowed_updates")?.array { allowedUpdates = UpdateKinds.read(kinds) }
        let limit = Int(min(100, max(1, p.int("limit") ?? 100)))
        let timeout = min(Self.maxPollSeconds, max(0, p.int("timeout") ?? 0))
        let ready = deliverable(limit: limit)
        if !ready.isEmpty || timeout == 0 { return .now(Self.ok(Self.result(ready))) }
        return .wait(deadlineMs: nowMs + timeout * 1_000, limit: limit, ticket: pollTicket)
    }

    /// A held poll's responder, once the host handed it over: answered at once if an update
    /// came meanwhile, or with its 409 (401) if something ended it before it got here.
    mutating func park(_ responder: RESTResponder, deadlineMs: Int64, limit: Int, ticket: Int) {
        guard ticket == pollTicket else {
            responder.respond(endResponse(lastPollEnd))
            return
        }
        poll = Poll(responder: responder, deadlineMs: deadlineMs, limit: limit)
        answerPoll()
    }

    /// Ends the poll being held (if its client still waits) and any not yet parked.
    mutating func endPoll(_ why: PollEnd) {
        pollTicket += 1
        lastPollEnd = why
        guard let held = poll else { return }
        poll = nil
        if held.responder.isWaiting { held.responder.respond(endResponse(why)) }
    }

    mutating func endResponse(_ why: PollEnd) -> RESTResponse {
        switch why {
        case .otherPoll:
            errorResponse(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        case .webhookSet: errorResponse(409, "Conflict: terminated by setWebhook request")
        case .revoked: errorResponse(401, "Unauthorized")
        }
    }

    /// Updates the waiting poll (or the next) may take: the kinds asked for, oldest first.
    func deliverable(limit: Int) -> [Update] {
        Array(updates.lazy.filter { UpdateKinds.wanted($0.kind, allowed: allowedUpdates) }.prefix(limit))
    }

    static func result(_ updates: [Update]) -> JSON {
        .array(updates.map { u in .object([("update_id", .int(u.id)), (u.kind, u.json)]) })
    }

    /// Answers the waiting poll if something arrived for it.
    mutating func answerPoll() {
        guard let p = poll else { return }
        let ready = deliverable(limit: p.limit)
        guard !ready.isEmpty else { return }
        poll = nil
        p.responder.respond(Self.okResponse(Self.result(ready)))
    }

    /// The clock moved: old updates go; a poll whose hold is over is answered empty, one
    /// whose client left is forgotten.
    mutating func tick(nowMs: Int64) {
        prune(nowMs: nowMs)
        if let p = poll, nowMs >= p.deadlineMs || !p.responder.isWaiting {
            poll = nil
            p.responder.respond(Self.okResponse(.array([])))
        }
    }
}
