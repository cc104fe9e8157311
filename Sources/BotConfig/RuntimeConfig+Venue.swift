import BotCore

extension RuntimeConfig {
    /// An account's venue keys: its environment (required for a real venue), the dry-run
    /// market of a paper account, and its servers (the documented hosts, each overridable).
    static func readVenue(_ t: ConfigReader, venue: String) -> (VenueEnvironment?, String?, VenueEndpoints?) {
        let environment = t.oneOf("environment", VenueEnvironment.allCases.map(\.rawValue)).flatMap(VenueEnvironment.init)
        var market: String?
        if venue == "paper" {
            market = t.oneOf("market", ["okx", "binance"])
        } else if t.has("market") {
            t.error("market", "only a paper account takes its market from another venue (dry-run); a \(venue) account trades on its own")
            t.touch("market")
        }
        if venue != "paper" && environment == nil && !t.has("environment") {
            // Never a default: live by accident is real money.
            t.error("environment", "required for a \(venue) account: \"demo\" (the venue's simulated trading) or \"live\" (real money)")
        }
        if venue == "paper" && market == nil && t.has("environment") {
            t.error("environment", "a paper account without a market trades on the simulator; give market = \"okx\" or \"binance\" for a venue's prices")
            t.touch("environment")
        }
        guard let served = venue == "paper" ? market : venue else {
            for key in urlKeys where t.has(key) {
                t.error(key, "a paper account on the simulator has no venue servers")
                t.touch(key)
            }
            return (environment, market, nil)
        }
        // A dry-run follows the public market, which is the same data in both environments.
        guard var endpoints = VenueEndpoints.documented(venue: served, environment ?? .live) else { return (environment, market, nil) }
        if let u = url(t, "rest_url", schemes: ["https"]) { endpoints.rest = u }
        if let u = url(t, "ws_public_url", schemes: ["wss"]) { endpoints.wsPublic = u }
        if let u = url(t, "ws_private_url", schemes: ["wss"]) { endpoints.wsPrivate = u }
        if let u = url(t, "ws_business_url", schemes: ["wss"]) { endpoints.wsBusiness = u }
        return (environment, market, endpoints)
    }

    static let urlKeys = ["rest_url", "ws_public_url", "ws_private_url", "ws_business_url"]

    /// A server URL: encrypted, except on loopback, where a test's fake may listen in clear.
    static func url(_ t: ConfigReader, _ key: String, schemes: [String]) -> String? {
        guard let u = t.string(key) else { return nil }
        let plain = schemes.map { $0 == "https" ? "http" : "ws" }
        guard let colon = u.firstIndex(of: ":"), u[colon...].hasPrefix("://") else {
            t.error(key, "must be a URL (\(schemes[0])://HOST[:PORT][/PATH])")
            return nil
        }
        let scheme = String(u[..<colon]).lowercased()
        let rest = u[u.index(colon, offsetBy: 3)...]
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        let loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]"
        guard !host.isEmpty, schemes.contains(scheme) || (loopback && plain.contains(scheme)) else {
            t.error(key, "must be a \(schemes[0]):// URL with a host (\(plain[0]):// only on loopback)")
            return nil
        }
        return u
    }
}
