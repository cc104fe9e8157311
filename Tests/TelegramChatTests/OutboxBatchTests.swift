import Store
import Telegram
import Testing

/// A burst to one chat leaves as few messages as fit, every row once and in order; replies,
/// buttons, edits and silence keep their own messages.
struct OutboxBatchTests {
    func row(_ id: Int64, chat: Int64 = 1, _ text: String, packable: Bool = true, silent: Bool = false,
             buttons: Bool = false, sending: Bool = false) -> TelegramOutboxRow {
        TelegramOutboxRow(id: id, message: TelegramOutgoing(chatID: chat, kind: packable ? "entry" : "reply", text: text,
                                                            replyMarkup: buttons ? "{}" : nil, silent: silent, packable: packable),
                          sending: sending, createdMs: id)
    }

    @Test func aBurstOfFiveHundredIsPackedEachOnceInOrder() {
        let rows = (1...500).map { row(Int64($0), "🟢 <b>bot-\($0)</b> entered 0.01 @ 100000.5") }
        let batches = OutboxBatch.plan(rows, measure: { $0.utf16.count })
        #expect(batches.flatMap(\.rows) == (1...500).map(Int64.init))
        #expect(batches.allSatisfy { $0.message.text.utf16.count <= 4_096 })
        let total = rows.reduce(0) { $0 + $1.message.text.utf16.count + 2 }
        #expect(batches.count == (total + 4_095) / 4_096 || batches.count == (total + 4_095) / 4_096 + 1, "\(batches.count)")
        #expect(batches.map(\.message.text).joined(separator: "\n\n") == rows.map(\.message.text).joined(separator: "\n\n"))
    }

    @Test func repliesButtonsSilenceAndChatsKeepTheirOwnMessages() {
        let rows = [row(1, "a"), row(2, "b"), row(3, "reply", packable: false), row(4, "c"), row(5, chat: 2, "x"),
                    row(6, "d", silent: true), row(7, "e", silent: true), row(8, "confirm?", packable: false, buttons: true),
                    row(9, chat: 2, "y"), row(10, "f", sending: true), row(11, "g")]
        let batches = OutboxBatch.plan(rows, measure: { $0.count })
        #expect(batches.map(\.rows) == [[1, 2], [3], [4], [5, 9], [6, 7], [8], [10], [11]])
        #expect(batches[0].message.text == "a\n\nb" && batches[3].message.chatID == 2 && batches[4].message.silent)
    }
}
