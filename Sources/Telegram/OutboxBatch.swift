import Store

/// The next message to send from the outbox: one row, or several notifications to one chat
/// packed together (a burst arrives as few messages as fit), each row once and in order.
public struct OutboxBatch: Equatable, Sendable {
    public var rows: [Int64]
    public var message: TelegramOutgoing

    /// The batches the pending rows make, in the order they must leave: per chat, rows keep
    /// their order; consecutive packable rows of one chat with the same silence share one
    /// message while its visible length (`measure`) stays within `limit`, joined by a blank
    /// line. A row of its own (a reply, an edit, one with buttons) is never packed, nor is one
    /// whose send may have begun before a stop (`sending`): it goes again as it was.
    public static func plan(_ pending: [TelegramOutboxRow], limit: Int = 4_096, measure: (String) -> Int) -> [OutboxBatch] {
        var out: [OutboxBatch] = []
        var open: [Int64: Int] = [:]  // chat → index in `out` of its batch still taking rows
        for row in pending {
            let m = row.message
            let packable = m.packable && m.replyMarkup == nil && m.editMessageID == nil && !row.sending
            if packable, let i = open[m.chatID], out[i].message.silent == m.silent,
               measure(out[i].message.text) + 2 + measure(m.text) <= limit {
                out[i].rows.append(row.id)
                out[i].message.text += "\n\n" + m.text
                continue
            }
            out.append(OutboxBatch(rows: [row.id], message: m))
            open[m.chatID] = packable ? out.count - 1 : nil
        }
        return out
    }
}
