import BinanceFake

extension WSTestClient {
    static func open(_ url: String, _ urls: BinanceFake.Endpoints) async throws -> WSTestClient {
        try await connect(url, caFile: urls.caFile)
    }

    /// Sends a market stream control message; returns its answer (skipping pushes).
    func control(_ method: String, _ params: [String]? = nil, id: Int) async throws -> JSON? {
        var msg: [(String, JSON)] = [("method", .string(method))]
        if let params { msg.append(("params", .array(params.map(JSON.string)))) }
        msg.append(("id", .int(id)))
        try await send(JSON.object(msg).text)
        return await nextJSON { $0["stream"] == nil && $0["e"] == nil && $0["id"] != nil }
    }

    /// The next combined-stream message of `stream`.
    func push(_ stream: String, where match: (JSON) -> Bool = { _ in true }) async -> JSON? {
        await nextJSON { $0.s("stream") == stream && match($0) }
    }

    /// A WebSocket API request; returns its answer (the message with a `status` and this id).
    func request(_ method: String, _ params: [(String, JSON)]? = nil, id: String) async throws -> JSON? {
        var msg: [(String, JSON)] = [("id", .string(id)), ("method", .string(method))]
        if let params { msg.append(("params", .object(params))) }
        try await send(JSON.object(msg).text)
        return await nextJSON { $0["status"] != nil && ($0["id"] == .string(id) || $0["id"] == .null) }
    }

    /// `userDataStream.subscribe.signature` for `account`, signed as the docs say.
    func subscribeUserData(_ account: BinanceFake.Account, clock: FakeClock, skewMs: Int64 = 0, recvWindow: String? = nil,
                           secret: String? = nil, id: String = "sub") async throws -> JSON? {
        var params: [(String, String)] = [("apiKey", account.apiKey), ("timestamp", String(clock.nowMs + skewMs))]
        if let recvWindow { params.append(("recvWindow", recvWindow)) }
        let signature = BinanceSignature.wsAPI(secret: secret ?? account.secret, params: params)
        var json: [(String, JSON)] = [("apiKey", .string(account.apiKey)), ("timestamp", .int(clock.nowMs + skewMs))]
        if let recvWindow { json.append(("recvWindow", .number(recvWindow))) }
        json.append(("signature", .string(signature)))
        return try await request("userDataStream.subscribe.signature", json, id: id)
    }

    /// The next user data event of type `type` (`executionReport`, …), the whole message.
    func event(_ type: String, where match: (JSON) -> Bool = { _ in true }) async -> JSON? {
        await nextJSON { $0["event"]?.s("e") == type && match($0["event"]!) }
    }
}
