import OKXFake

extension WSTestClient {
    static func open(_ url: String, _ urls: OKXFake.Endpoints) async throws -> WSTestClient {
        try await connect(url, caFile: urls.caFile)
    }

    /// Logs in as `account` with a seconds timestamp from `clock`; returns the answer.
    func login(_ account: FakeAccount, clock: FakeClock, skewSeconds: Int64 = 0, sign: String? = nil) async throws -> JSON? {
        let ts = String(clock.nowSeconds + skewSeconds)
        let args = JSON.object([("apiKey", .string(account.apiKey)), ("passphrase", .string(account.passphrase)),
                                ("timestamp", .string(ts)),
                                ("sign", .string(sign ?? OKXSignature.wsLogin(secret: account.secret, timestamp: ts)))])
        try await send(JSON.object([("op", "login"), ("args", [args])]).text)
        return await nextJSON { $0["event"] != nil }
    }

    /// Subscribes to one channel; returns the ack (or the error).
    func subscribe(_ arg: [(String, String)], id: String? = nil) async throws -> JSON? {
        var msg: [(String, JSON)] = id.map { [("id", JSON.string($0))] } ?? []
        msg += [("op", "subscribe"), ("args", [.object(arg.map { ($0.0, JSON.string($0.1)) })])]
        try await send(JSON.object(msg).text)
        return await nextJSON { $0["event"] != nil && $0.s("event") != "channel-conn-count" }
    }

    /// The next push on `channel` (skipping acks and other channels).
    func push(_ channel: String, timeout: Duration = .seconds(5), where match: (JSON) -> Bool = { _ in true }) async -> JSON? {
        await nextJSON(timeout: timeout) { $0["arg"]?.s("channel") == channel && $0["event"] == nil && match($0) }
    }
}
