extension Venue {
    /// Sends `push` to every session subscribed to it, each with its own `arg`.
    func publish(_ push: Push) {
        for session in sessions.values.sorted(by: { $0.id < $1.id }) where !session.closed {
            if let uid = push.uid, session.loginUid != uid { continue }
            for sub in session.subscriptions where matches(sub, push) {
                var arg = sub.arg
                if let uid = push.uid, case JSON.object(var pairs) = arg {
                    pairs.append(("uid", .string(uid)))
                    arg = .object(pairs)
                }
                var message: [(String, JSON)] = [("arg", arg)]
                if let action = push.action { message.append(("action", .string(action))) }
                message.append(("data", .array(push.data)))
                send(JSON.object(message).text, to: session)
            }
        }
    }

    func matches(_ sub: WSSubscription, _ push: Push) -> Bool {
        guard sub.channel == push.channel else { return false }
        if push.uid == nil { return sub.instId == push.instId }
        if let t = sub.instType, t != "ANY", t != push.instType { return false }
        if let f = sub.instFamily, f != push.instFamily { return false }
        if let i = sub.instId, i != push.instId { return false }
        return true
    }

    func isSubscribed(channel: String, instId: String) -> Bool {
        sessions.values.contains { s in s.subscriptions.contains { $0.channel == channel && $0.instId == instId } }
    }

    /// Every message to a client goes through here: it counts toward idling, the counters and
    /// the drop-after-N-messages fault.
    func send(_ text: String, to session: WSSession) {
        guard !session.closed else { return }
        session.outlet.send(text)
        session.sent += 1
        session.lastOutboundMs = now
        counters.wsMessagesSent += 1
        if let n = faults.dropAfterMessages, session.sent >= n {
            drop(session)
        }
    }

    func drop(_ session: WSSession) {
        guard !session.closed else { return }
        session.closed = true
        session.outlet.drop()
        sessions[session.id] = nil
        counters.droppedConnections += 1
    }
}
