extension Exchange {
    /// Binance's checks of a signed REST request: the key (`X-MBX-APIKEY`), the mandatory
    /// `timestamp` and `signature`, the signature over the raw query ‖ raw body, the time
    /// window, then what the key may do.
    func authenticate(_ r: RESTRequest, _ p: Params, _ security: Route.Security) throws(APIError) -> AccountState {
        guard let key = r.header("X-MBX-APIKEY"), !key.isEmpty else {
            counters.keyRejections += 1
            throw .badKeyFormat
        }
        guard let a = accounts[key] else {
            counters.keyRejections += 1
            throw Self.looksLikeKey(key) ? .keyRefused : .badKeyFormat
        }
        let timestamp = try p.required("timestamp")
        let signature = try p.required("signature")
        let payload = Self.withoutSignature(r.rawQuery) + Self.withoutSignature(r.bodyText)
        guard BinanceSignature.matches(BinanceSignature.hex(secret: a.account.secret, payload: payload), signature) else {
            counters.signatureRejections += 1
            throw .badSignature
        }
        try checkTimestamp(timestamp, recvWindow: p["recvWindow"])
        let allowed = switch security {
        case .none: true
        case .userData, .sapi: a.account.enableReading
        case .trade: a.account.canTrade && a.account.enableSpotAndMarginTrading
        }
        guard allowed else {
            counters.keyRejections += 1
            throw .keyRefused
        }
        return a
    }

    /// Accepted only if `timestamp < serverTime + 1000` and `serverTime - timestamp <= recvWindow`
    /// (ms, up to three decimals; 5000 by default, at most 60000). A timestamp of 16 digits or
    /// more is in microseconds.
    func checkTimestamp(_ text: String, recvWindow: String?) throws(APIError) {
        guard let ts = Int64(text), ts > 0 else { throw .mandatory("timestamp") }
        var windowUs: Int64 = 5_000_000
        if let rw = recvWindow {
            guard let ms = Double(rw), ms.isFinite, ms > 0 else { throw .mandatory("recvWindow") }
            guard ms <= 60_000 else { throw .notGreaterThan("recvWindow", 60_000) }
            windowUs = Int64((ms * 1000).rounded())
        }
        let tsUs = ts >= 100_000_000_000_000 ? ts : ts * 1000
        let nowUs = now * 1000
        if tsUs >= nowUs + 1_000_000 {
            counters.timestampRejections += 1
            throw .aheadOfServer
        }
        if nowUs - tsUs > windowUs {
            counters.timestampRejections += 1
            throw .outsideRecvWindow
        }
    }

    /// The query or body as sent, less its `signature` pair: what was signed.
    static func withoutSignature(_ raw: String) -> String {
        raw.split(separator: "&", omittingEmptySubsequences: false).filter { !$0.hasPrefix("signature=") }.joined(separator: "&")
    }

    /// Binance's keys are 64 letters and digits; anything else is "format invalid" (-2014).
    static func looksLikeKey(_ key: String) -> Bool {
        key.utf8.count == 64 && key.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}
