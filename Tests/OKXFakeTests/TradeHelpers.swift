import BotCore
import OKXFake

extension SignedClient {
    /// Places an order; `fields` are added to the body in order after instId and tdMode.
    func place(_ fields: [(String, String)], instId: String = "BTC-USDT-SWAP", extra: [(String, String)] = []) async throws -> CurlAnswer {
        let body = JSON.object([("instId", .string(instId)), ("tdMode", "cross")] + fields.map { ($0.0, JSON.string($0.1)) })
        return try await post("/api/v5/trade/order", body, extra: extra)
    }

    func order(ordId: String = "", clOrdId: String = "", instId: String = "BTC-USDT-SWAP") async throws -> JSON? {
        let q = ordId.isEmpty ? "clOrdId=\(clOrdId)" : "ordId=\(ordId)"
        return try await get("/api/v5/trade/order?instId=\(instId)&\(q)").data.first
    }

    func positions() async throws -> [JSON] { try await get("/api/v5/account/positions").data }

    func usdt() async throws -> JSON? { try await get("/api/v5/account/balance").data.first?["details"]?[0] }
}

extension CurlAnswer {
    /// The first item's result code: trade calls report per item.
    var sCode: String? { data.first?.s("sCode") }
    var ordId: String { data.first?.s("ordId") ?? "" }
}
