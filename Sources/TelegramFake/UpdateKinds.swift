import FakeKit

/// The kinds of update (Update's optional fields, Bot API 10.1) and `allowed_updates`:
/// "Specify an empty list to receive all update types except chat_member, message_reaction,
/// and message_reaction_count (default). If not specified, the previous setting will be used."
enum UpdateKinds {
    static let known: Set<String> = [
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection", "business_message",
        "edited_business_message", "deleted_business_messages", "message_reaction", "message_reaction_count",
        "inline_query", "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
        "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member", "chat_join_request",
        "chat_boost", "removed_chat_boost",
    ]

    /// Delivered only to a bot that names them.
    static let optIn: Set<String> = ["chat_member", "message_reaction", "message_reaction_count"]

    /// A list as a bot sent it: unknown names skipped and nothing known left meaning the
    /// default (nil), as the Bot API server reads it; names match in any case.
    static func read(_ names: [JSON]) -> Set<String>? {
        let kinds = Set(names.compactMap { $0.string?.lowercased() }.filter(known.contains))
        return kinds.isEmpty ? nil : kinds
    }

    /// Whether a bot that asked for `allowed` gets an update of `kind`. A kind the fake does
    /// not know (a raw update of a newer API) goes to a bot that named none.
    static func wanted(_ kind: String, allowed: Set<String>?) -> Bool {
        allowed?.contains(kind) ?? !optIn.contains(kind)
    }
}
