extension TelegramAPI {
    /// Long polling. `offset`: one more than the highest update id already handled
    /// (`TelegramUpdate.nextOffset`); it confirms everything below it. `limit` 1–100.
    /// `timeout` in seconds, 0 for a short poll. `allowedUpdates`: nil keeps the previous
    /// setting, [] means every kind but the chat_member and reaction ones.
    public static func getUpdates(offset: Int64? = nil, limit: Int? = nil, timeout: Int = 0,
                                  allowedUpdates: [String]? = nil) throws(TelegramRequestError) -> TelegramRequest<[TelegramUpdate]> {
        if let limit, !(1...TelegramLimits.getUpdatesLimit).contains(limit) {
            throw TelegramRequestError(field: "limit", reason: "\(limit) must be 1 to \(TelegramLimits.getUpdatesLimit)")
        }
        // Seconds: an hour is far beyond any sensible hold, and catches milliseconds passed by mistake.
        guard (0...3_600).contains(timeout) else {
            throw TelegramRequestError(field: "timeout", reason: "\(timeout) must be 0 to 3600 seconds")
        }
        for (i, kind) in (allowedUpdates ?? []).enumerated() where !TelegramCheck.word(kind, lengths: 1...64) {
            throw TelegramRequestError(field: "allowed_updates[\(i)]", reason: "'\(kind.prefix(40))' is not an update kind")
        }
        var o = TelegramJSON()
        o.add("offset", offset)
        o.add("limit", limit)
        o.add("timeout", timeout)
        o.add("allowed_updates", json: allowedUpdates.map { TelegramJSON.array($0.map(TelegramJSON.quoted)) })
        return TelegramRequest("getUpdates", o, pollTimeoutSeconds: timeout)
    }

    /// Polling and a webhook exclude each other: remove any webhook before the first poll.
    /// `dropPendingUpdates` also forgets what is queued.
    public static func deleteWebhook(dropPendingUpdates: Bool = false) -> TelegramRequest<Bool> {
        var o = TelegramJSON()
        if dropPendingUpdates { o.add("drop_pending_updates", true) }
        return TelegramRequest("deleteWebhook", o)
    }

    /// The bot itself: checks the token and gives the username commands may be addressed to.
    public static func getMe() -> TelegramRequest<TelegramUser> { TelegramRequest("getMe", TelegramJSON()) }
}
