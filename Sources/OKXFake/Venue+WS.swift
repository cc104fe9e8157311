import BotCore

extension Venue {
    /// A text message from a client: the text `ping`, or a JSON `op`.
    func received(_ text: String, session id: Int) {
        guard let s = sessions[id], !s.closed else { return }
        s.lastInboundMs = now
        if text == "ping" {
            send("pong", to: s)
            return
        }
        guard let msg = JSON.parse(text), case .object = msg, let op = msg["op"]?.string else {
            return wsError(s, id: nil, "60012", "Invalid request: \(text)")
        }
        let reqId = msg["id"]?.string
        if ["login", "subscribe", "unsubscribe"].contains(op) {
            guard limiter.admit("ws-ops|\(s.id)", limit: wsOpsPerHour, windowMs: 3_600_000, nowMs: now) else {
                counters.wsRequestsLimited += 1
                return wsError(s, id: reqId, "60014", "Requests too frequent.")
            }
        }
        switch op {
        case "login": login(s, msg, reqId: reqId)
        case "subscribe", "unsubscribe":
            guard let args = msg["args"]?.array, !args.isEmpty else {
                return wsError(s, id: reqId, "60012", "Invalid request: \(text)")
            }
            for arg in args { subscription(s, op: op, arg: arg, reqId: reqId, raw: text) }
        default:
            wsError(s, id: reqId, "60019", "Invalid op: \(op)")
        }
    }

    func wsError(_ s: WSSession, id: String?, _ code: String, _ msg: String) {
        var f: [(String, JSON)] = []
        if let id { f.append(("id", .string(id))) }
        f += [("event", "error"), ("code", .string(code)), ("msg", .string(msg)), ("connId", .string(s.connId))]
        send(JSON.object(f).text, to: s)
    }

    /// WebSocket login: seconds timestamp, `sign = Base64(HMAC(secret, ts + "GET" + "/users/self/verify"))`,
    /// valid for 30 s after `timestamp`.
    func login(_ s: WSSession, _ msg: JSON, reqId: String?) {
        guard s.service != .public else {
            return wsError(s, id: reqId, "60028", "The current operation is not supported by this URL. Please use the correct WebSocket URL for the operation.")
        }
        guard let a = msg["args"]?[0], case .object = a else { return wsError(s, id: reqId, "60013", "Invalid args") }
        for field in ["apiKey", "passphrase", "timestamp", "sign"] where a.s(field).isEmpty {
            return wsError(s, id: reqId, "60027", "Parameter \(field) can not be empty.")
        }
        if s.loginUid != nil { return wsError(s, id: reqId, "60031", "The WebSocket endpoint does not allow multiple or repeated logins.") }
        guard let book = accounts[a.s("apiKey")] else { return wsError(s, id: reqId, "60005", "Invalid apiKey") }
        guard let ts = Int64(a.s("timestamp")) else { return wsError(s, id: reqId, "60004", "Invalid timestamp") }
        guard abs(ts * 1000 - now) <= 30_000 else { return wsError(s, id: reqId, "60006", "Timestamp request expired") }
        guard a.s("passphrase") == book.account.passphrase else { return wsError(s, id: reqId, "60024", "Wrong passphrase") }
        let expected = OKXSignature.wsLogin(secret: book.account.secret, timestamp: a.s("timestamp"))
        guard OKXSignature.matches(expected, a.s("sign")) else { return wsError(s, id: reqId, "60007", "Invalid sign") }
        s.loginUid = book.uid
        var f: [(String, JSON)] = []
        if let reqId { f.append(("id", .string(reqId))) }
        f += [("event", "login"), ("code", "0"), ("msg", ""), ("connId", .string(s.connId))]
        send(JSON.object(f).text, to: s)
    }

    func subscription(_ s: WSSession, op: String, arg: JSON, reqId: String?, raw: String) {
        guard case .object = arg, let channel = arg["channel"]?.string, !channel.isEmpty else {
            return wsError(s, id: reqId, "60012", "Invalid request: \(raw)")
        }
        let instId = arg["instId"]?.string
        func wrongURL() {
            wsError(s, id: reqId, "60018", "Wrong URL or channel:\(channel)\(instId.map { ",instId:\($0)" } ?? "") doesn't exist. Please use the correct URL, channel and parameters referring to API document.")
        }
        guard let home = WSChannels.home(of: channel) else { return wrongURL() }
        if home != s.service {
            if home == .business {
                return wsError(s, id: reqId, "64001", "This channel has been migrated to the '/business' URL. Please subscribe using the new URL. More details can refer to: https://www.okx.com/help-center/changes-to-v5-api-websocket-subscription-parameter-and-url.")
            }
            if s.service == .business {
                return wsError(s, id: reqId, "64002", "This channel is not supported by \"/business\" URL. Please use \"/private\" URL(for private channels), or \"/public\" URL(for public channels). More details can refer to: https://www.okx.com/help-center/changes-to-v5-api-websocket-subscription-parameter-and-url.")
            }
            return wrongURL()
        }
        let needsLogin = WSChannels.loginChannels.contains(channel)
        if needsLogin, s.loginUid == nil { return wsError(s, id: reqId, "60011", "Please log in") }
        if needsLogin {
            if WSChannels.needInstType.contains(channel), (arg["instType"]?.string ?? "").isEmpty {
                return wsError(s, id: reqId, "60013", "Invalid args")
            }
            if let i = instId, instruments[i] == nil { return wrongURL() }
        } else if channel != "account" {
            guard let i = instId, instruments[i] != nil else { return wrongURL() }
        }

        let sub = WSSubscription(channel: channel, instId: instId, instType: arg["instType"]?.string,
                                 instFamily: arg["instFamily"]?.string, arg: arg)
        if op == "subscribe" {
            if !s.subscriptions.contains(where: { $0.arg == arg }) { s.subscriptions.append(sub) }
        } else {
            s.subscriptions.removeAll { $0.arg == arg }
        }
        var f: [(String, JSON)] = []
        if let reqId { f.append(("id", .string(reqId))) }
        f += [("event", .string(op)), ("arg", arg), ("connId", .string(s.connId))]
        send(JSON.object(f).text, to: s)
        if op == "subscribe" { afterSubscribe(s, sub) }
    }

    /// What OKX sends right after the ack: the connection count of a private channel, and the
    /// snapshot of channels that start with one (tickers, candles, books, positions, account).
    func afterSubscribe(_ s: WSSession, _ sub: WSSubscription) {
        let arg = sub.arg
        func push(_ data: [JSON], arg: JSON = arg) {
            send(JSON.object([("arg", arg), ("data", .array(data))]).text, to: s)
        }
        if WSChannels.privateChannels.contains(sub.channel) || sub.channel == "orders-algo" {
            let count = sessions.values.filter { o in o.loginUid == s.loginUid && o.subscriptions.contains { $0.channel == sub.channel } }.count
            // Over the limit the newest subscription is acknowledged, then terminated.
            let over = count > privateChannelConnLimit
            send(JSON.object([("event", .string(over ? "channel-conn-count-error" : "channel-conn-count")),
                              ("channel", .string(sub.channel)), ("connCount", .string(String(count))),
                              ("connId", .string(s.connId))]).text, to: s)
            if over {
                s.subscriptions.removeAll { $0.channel == sub.channel }
                counters.channelConnCountErrors += 1
                return
            }
        }
        switch sub.channel {
        case "tickers":
            if let id = sub.instId, let inst = instruments[id], let t = tapes[id]?.tickerJSON(inst: inst, nowMs: now) { push([t]) }
        case let c where c.hasPrefix("candle"):
            guard let id = sub.instId, let tape = tapes[id], let minutes = CandleBar.minutes[String(c.dropFirst(6))] else { return }
            if let bar = CandleBar.aggregate(tape.oneMinute, barMinutes: minutes, nowMs: now).last { push([bar.row]) }
        case "books", "books5":
            if let id = sub.instId { bookSnapshot(s, sub: sub, instId: id) }
        case "positions":
            guard let uid = s.loginUid, let book = account(uid: uid) else { return }
            var withUid = arg
            if case .object(var pairs) = withUid { pairs.append(("uid", .string(uid))); withUid = .object(pairs) }
            let list = book.positions.values.filter { p in
                !p.size.isZero && (sub.instId.map { $0 == p.instId } ?? true)
            }.sorted { $0.posId < $1.posId }
            push(list.compactMap { p in
                instruments[p.instId].map { p.json(inst: $0, last: last(p.instId) ?? p.avgPx, lever: book.lever(p.instId)) }
            }, arg: withUid)
        case "account":
            guard let uid = s.loginUid, let book = account(uid: uid) else { return }
            var withUid = arg
            if case .object(var pairs) = withUid { pairs.append(("uid", .string(uid))); withUid = .object(pairs) }
            push([balanceJSON(book)], arg: withUid)
        default:
            break
        }
    }
}
