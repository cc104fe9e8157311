/// One Bot API call as a value: the method and its JSON body, nothing sent. `Result` is what
/// the call's `result` decodes to, so an answer cannot be read as the wrong type. Built by
/// `TelegramAPI`, which checks the arguments first.
public struct TelegramRequest<Result: Decodable & Sendable>: Hashable, Sendable {
    /// The method name, the URL's last segment ("sendMessage").
    public let method: String
    /// UTF-8 JSON, sent as `application/json`.
    public let body: [UInt8]
    /// getUpdates' long-poll hold in seconds (0 for every other call): the transport must wait
    /// longer than this before it gives up on the answer.
    public let pollTimeoutSeconds: Int

    public static var contentType: String { "application/json" }

    init(_ method: String, _ body: TelegramJSON, pollTimeoutSeconds: Int = 0) {
        self.method = method
        self.body = Array(body.json.utf8)
        self.pollTimeoutSeconds = pollTimeoutSeconds
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The call's answer: its result, or the error it stands for.
    public func decode(status: Int, body: [UInt8]) throws(TelegramError) -> Result {
        try TelegramResponse.decode(Result.self, status: status, body: body)
    }
}

/// The Bot API calls the runtime makes, each checked before it is built.
public enum TelegramAPI {}
