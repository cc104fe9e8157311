import BotCore

/// The text frames this runtime sends on the WebSocket API, `{"id":…,"method":…,"params":{…}}`,
/// one request a frame; `id` comes back in the answer. With an HMAC key the user data stream
/// is opened with `userDataStream.subscribe.signature`: the session logon route takes Ed25519
/// keys only, so it is not offered here.
public enum BinanceWSAPIRequest {
    /// `userDataStream.subscribe.signature` (weight 2): the account's events on this
    /// connection, answered `{"subscriptionId":N}`. The key goes among the params, covered by
    /// the signature together with `timestamp` (the server's clock, ms) and `recvWindow`
    /// (1…60,000 ms; Binance's default 5,000 when nil), sorted by name and not percent-encoded.
    public static func subscribeUserData(_ credentials: BinanceCredentials, timestampMs: Int64, recvWindowMs: Int? = nil,
                                         id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: true)
        guard !credentials.apiKey.isEmpty else { throw BinanceRequestError(field: "apiKey", reason: "empty") }
        guard timestampMs >= 0 else { throw BinanceRequestError(field: "timestamp", reason: "\(timestampMs) is before 1970") }
        if let recvWindowMs, !(1...60_000).contains(recvWindowMs) {
            throw BinanceRequestError(field: "recvWindow", reason: "\(recvWindowMs) ms must be 1 to 60000")
        }
        var signed: [(name: String, value: String)] = [("apiKey", credentials.apiKey)]
        if let recvWindowMs { signed.append(("recvWindow", String(recvWindowMs))) }
        signed.append(("timestamp", String(timestampMs)))
        let signature = credentials.webSocketSignature(signed)
        var params = "\"apiKey\":" + JSONText.quoted(credentials.apiKey)
        if let recvWindowMs { params += ",\"recvWindow\":\(recvWindowMs)" }
        params += ",\"timestamp\":\(timestampMs),\"signature\":\"\(signature)\""
        return frame(id, "userDataStream.subscribe.signature", params: "{" + params + "}")
    }

    /// `userDataStream.unsubscribe` (weight 2, unsigned): one subscription, or all of this
    /// connection's when `subscriptionID` is nil. An `eventStreamTerminated` event follows.
    public static func unsubscribeUserData(subscriptionID: Int? = nil, id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: true)
        if let subscriptionID, subscriptionID < 0 {
            throw BinanceRequestError(field: "subscriptionId", reason: "\(subscriptionID) is not a subscription id")
        }
        return frame(id, "userDataStream.unsubscribe", params: subscriptionID.map { "{\"subscriptionId\":\($0)}" })
    }

    /// `session.subscriptions` (weight 2): the connection's subscription ids.
    public static func sessionSubscriptions(id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: true)
        return frame(id, "session.subscriptions", params: nil)
    }

    /// `ping` (weight 1): answered `{}`; tests that requests are handled (the connection's
    /// own keep-alive is WebSocket ping frames).
    public static func ping(id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: true)
        return frame(id, "ping", params: nil)
    }

    /// `time` (weight 1): answered `{"serverTime":…}`.
    public static func time(id: BinanceRequestID) throws(BinanceRequestError) -> String {
        try id.check(allowingDashes: true)
        return frame(id, "time", params: nil)
    }

    private static func frame(_ id: BinanceRequestID, _ method: String, params: String?) -> String {
        "{\"id\":\(id.json),\"method\":\"\(method)\"" + (params.map { ",\"params\":" + $0 } ?? "") + "}"
    }
}
