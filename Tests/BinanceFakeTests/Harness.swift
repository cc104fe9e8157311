import BinanceFake
import BotCore
import Foundation

/// Signs requests as a Binance client does, with the test's HMAC (swift-crypto through
/// `BinanceSignature`, pinned by the documented vectors in SignatureTests), on the fake's clock.
struct BinanceClient {
    let fake: BinanceFake
    let urls: BinanceFake.Endpoints
    var account: BinanceFake.Account

    init(_ fake: BinanceFake, _ urls: BinanceFake.Endpoints, _ account: BinanceFake.Account = TestAccounts.main) {
        self.fake = fake
        self.urls = urls
        self.account = account
    }

    /// `params`, then `timestamp` (the fake's time plus `skewMs`), then `signature` over it all.
    func signed(_ params: [(String, String)], skewMs: Int64 = 0) -> String {
        let query = encode(params + [("timestamp", String(fake.clock.nowMs + skewMs))])
        return query + "&signature=" + BinanceSignature.rest(secret: account.secret, query: query)
    }

    func encode(_ params: [(String, String)]) -> String {
        params.map { $0.0 + "=" + ($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? $0.1) }
            .joined(separator: "&")
    }

    var keyHeader: [(String, String)] { [("X-MBX-APIKEY", account.apiKey)] }

    /// A signed request with everything in the query string.
    func send(_ method: String, _ path: String, _ params: [(String, String)] = [], skewMs: Int64 = 0,
              timeoutMs: Int = 5000) async throws -> CurlAnswer {
        try await Curl.perform(method, urls.rest + path + "?" + signed(params, skewMs: skewMs), headers: keyHeader,
                               caFile: urls.caFile, timeoutMs: timeoutMs)
    }

    /// A request exactly as given: the raw query and body, with the key header.
    func raw(_ method: String, _ path: String, query: String, body: String? = nil) async throws -> CurlAnswer {
        var headers = keyHeader
        if body != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        return try await Curl.perform(method, urls.rest + path + (query.isEmpty ? "" : "?" + query), headers: headers, body: body,
                                      caFile: urls.caFile)
    }

    func publicGet(_ target: String) async throws -> CurlAnswer {
        try await Curl.perform("GET", urls.rest + target, caFile: urls.caFile)
    }

    /// `POST /api/v3/order` on BTCUSDT unless `params` names another symbol.
    func place(_ params: [(String, String)], timeoutMs: Int = 5000) async throws -> CurlAnswer {
        let p = params.contains { $0.0 == "symbol" } ? params : [("symbol", "BTCUSDT")] + params
        return try await send("POST", "/api/v3/order", p, timeoutMs: timeoutMs)
    }

    func limit(_ side: String, price: String, quantity: String, id: String? = nil, tif: String = "GTC",
               symbol: String = "BTCUSDT") async throws -> CurlAnswer {
        var p = [("symbol", symbol), ("side", side), ("type", "LIMIT"), ("timeInForce", tif), ("quantity", quantity), ("price", price)]
        if let id { p.append(("newClientOrderId", id)) }
        return try await place(p)
    }

    func market(_ side: String, quantity: String, id: String? = nil) async throws -> CurlAnswer {
        var p = [("side", side), ("type", "MARKET"), ("quantity", quantity)]
        if let id { p.append(("newClientOrderId", id)) }
        return try await place(p)
    }

    /// The order's status by client id (GET /api/v3/order).
    func status(_ clientId: String, symbol: String = "BTCUSDT") async throws -> String? {
        try await send("GET", "/api/v3/order", [("symbol", symbol), ("origClientOrderId", clientId)]).json?.s("status")
    }

    /// An asset's free and locked balance from GET /api/v3/account.
    func balance(_ asset: String) async throws -> (free: String, locked: String)? {
        let account = try await send("GET", "/api/v3/account")
        guard let b = account.json?["balances"]?.array?.first(where: { $0.s("asset") == asset }) else { return nil }
        return (b.s("free"), b.s("locked"))
    }
}

/// Runs `body` against a fresh fake (frozen clock by default), stopped afterwards whatever happens.
func withFake(accounts: [BinanceFake.Account] = [TestAccounts.main], clock: FakeClock = FakeClock(startMs: TestAccounts.t0, rate: 0),
              symbols: [BinanceFake.Symbol] = [.btcUsdt, .ethUsdt], limits: BinanceFake.Limits = BinanceFake.Limits(),
              _ body: (BinanceFake, BinanceFake.Endpoints) async throws -> Void) async throws {
    let fake = BinanceFake(clock: clock, symbols: symbols, accounts: accounts, limits: limits)
    let urls = try await fake.start()
    do { try await body(fake, urls) } catch {
        await fake.stop()
        throw error
    }
    await fake.stop()
}

enum TestAccounts {
    /// A time on a minute boundary (2023-11-14 22:14), so candles start where a test expects.
    static let t0: Int64 = 1_700_000_040_000

    /// The documentation's key and secret (vectors B1–B6).
    static let docKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let docSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    static let main = BinanceFake.Account(apiKey: docKey, secret: docSecret, balances: ["USDT": 100_000, "BTC": 2, "ETH": 10])
    static let other = BinanceFake.Account(apiKey: String(repeating: "B", count: 64), secret: "other-secret",
                                           balances: ["USDT": 50_000, "BTC": 1])
    static let readOnly = BinanceFake.Account(apiKey: String(repeating: "R", count: 64), secret: "ro-secret",
                                              enableSpotAndMarginTrading: false)
}

/// Waits (real time, up to `timeout`) until `condition` holds; false if it never did.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

extension BinanceFake {
    /// Connects to `url` and waits until the fake has registered the connection, so that
    /// what the test prints next reaches it.
    func connect(_ url: String, _ urls: Endpoints) async throws -> WSTestClient {
        let before = counters.wsConnectionsOpened
        let ws = try await WSTestClient.open(url, urls)
        _ = await eventually { self.counters.wsConnectionsOpened > before }
        return ws
    }
}
