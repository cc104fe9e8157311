/// The text frames this runtime sends on OKX's WebSocket. Each counts against OKX's 480
/// subscribe/unsubscribe/login requests per hour per connection; `args` stay under 64 KB.
public enum OKXWSRequest {
    /// Sent after N < 30 s without a message; OKX answers the text `pong`. Neither a WebSocket
    /// ping frame nor JSON.
    public static let ping = "ping"

    /// `{"id":…,"op":"subscribe","args":[…]}`; `id` (letters and digits, up to 32) is echoed
    /// in the ack or error.
    public static func subscribe(_ args: [OKXChannelArg], id: String? = nil) throws(OKXRequestError) -> String {
        try operation("subscribe", args, id: id)
    }

    public static func unsubscribe(_ args: [OKXChannelArg], id: String? = nil) throws(OKXRequestError) -> String {
        try operation("unsubscribe", args, id: id)
    }

    /// `{"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}`: the timestamp is Unix
    /// seconds as text, and OKX refuses it 30 s later.
    public static func login(_ credentials: OKXCredentials, nowMs: Int64) -> String {
        let seconds = OKXTimestamp.seconds(milliseconds: nowMs)
        var a = OKXJSONBody()
        a.add("apiKey", credentials.apiKey)
        a.add("passphrase", credentials.passphrase)
        a.add("timestamp", seconds)
        a.add("sign", credentials.loginSignature(seconds: seconds))
        return "{\"op\":\"login\",\"args\":[" + a.json + "]}"
    }

    private static func operation(_ op: String, _ args: [OKXChannelArg], id: String?) throws(OKXRequestError) -> String {
        guard !args.isEmpty else { throw OKXRequestError(field: "args", reason: "nothing to \(op)") }
        if let id { try OKXCheck.clientID(id, field: "id") }
        for a in args {
            guard !a.channel.isEmpty else { throw OKXRequestError(field: "channel", reason: "empty") }
            if let i = a.instId { try OKXCheck.instId(i) }
        }
        var head = OKXJSONBody()
        head.add("id", id)
        head.add("op", op)
        let prefix = String(head.json.dropLast())
        let text = prefix + ",\"args\":[" + args.map(\.json.json).joined(separator: ",") + "]}"
        guard text.utf8.count <= 64 * 1024 else { throw OKXRequestError(field: "args", reason: "over OKX's 64 KB per request") }
        return text
    }
}
