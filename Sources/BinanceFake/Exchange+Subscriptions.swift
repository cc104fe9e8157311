extension Exchange {
    /// `userDataStream.subscribe.signature`: `apiKey`, `timestamp`, `signature` and an optional
    /// `recvWindow`, signed as hex HMAC over the other params sorted by name, not
    /// percent-encoded. Subscription ids count from 0 on each connection; one per account.
    func subscribe(_ fields: [(String, JSON)], _ s: WSConnection) throws(APIError) -> JSON {
        let params = Params(fields.map { ($0.0, Self.paramText($0.1)) })
        try params.checkAllRead(["apiKey", "timestamp", "signature", "recvWindow", "returnRateLimits"])
        let key = try params.required("apiKey")
        let timestamp = try params.required("timestamp")
        let signature = try params.required("signature")
        if let rw = params["recvWindow"], let ms = Double(rw), ms > 60_000 { throw .notGreaterThan("recvWindow", 60_000) }
        guard let a = accounts[key] else {
            counters.keyRejections += 1
            throw .keyRefused
        }
        let expected = BinanceSignature.wsAPI(secret: a.account.secret, params: params.pairs)
        guard BinanceSignature.matches(expected, signature) else {
            counters.signatureRejections += 1
            throw .badSignature
        }
        try checkTimestamp(timestamp, recvWindow: params["recvWindow"])
        if s.subscriptions.contains(where: { $0.apiKey == key }) { throw .subscriptionActive }
        guard s.nextSubscriptionId <= 65_535 else { throw .subscriptionIdsExhausted }
        let id = s.nextSubscriptionId
        s.nextSubscriptionId += 1
        s.subscriptions.append((id, key))
        return .object([("subscriptionId", .int(id))])
    }

    /// `userDataStream.unsubscribe`: one subscription (`subscriptionId`) or all. Each one
    /// closed hears `eventStreamTerminated` before the answer.
    func unsubscribe(_ fields: [(String, JSON)], _ s: WSConnection) throws(APIError) -> JSON {
        let params = Params(fields.map { ($0.0, Self.paramText($0.1)) })
        try params.checkAllRead(["subscriptionId", "returnRateLimits"])
        var ending = s.subscriptions
        if let text = params["subscriptionId"] {
            guard let id = Int(text) else { throw .mandatory("subscriptionId") }
            ending = s.subscriptions.filter { $0.id == id }
            guard !ending.isEmpty else { throw .subscriptionInactive }
        }
        for sub in ending {
            send(JSON.object([("subscriptionId", .int(sub.id)),
                              ("event", .object([("e", "eventStreamTerminated"), ("E", .int(now))]))]).text, to: s)
        }
        s.subscriptions.removeAll { sub in ending.contains { $0.id == sub.id } }
        return .object([])
    }

    /// A param's value as it is signed: a string's text, a number's or a boolean's as written.
    static func paramText(_ v: JSON) -> String {
        switch v {
        case .string(let t), .number(let t): t
        case .bool(let b): b ? "true" : "false"
        default: v.text
        }
    }
}
