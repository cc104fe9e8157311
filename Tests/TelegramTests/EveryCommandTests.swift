import BotCore
import DaemonTestKit
import Foundation
import TelegramFake
import TelegramWire
import Testing
@testable import Telegram

/// A user runs and watches their bots entirely from the chat: every command answers, in
/// compact text, and what only an admin may do is refused to a user.
@Suite(.serialized) struct TelegramEveryCommandTests {
    typealias H = TelegramHarness
    /// Replies as fast as the fake lets a chat have them.
    static let quick = SendPacer.Limits(perChatMs: 10, perGroupPerMinute: 1_000, perSecond: 1_000)

    @Test func everyReadCommandAnswers() async throws {
        try await H.with(fakeLimits: .init(perChatBurst: 1_000, perChatPerSecond: 1_000, globalPerSecond: 1_000)) { h in
            try await h.running(limits: Self.quick) { _ in
                let commands = ["/status", "/status alice-1", "/bots", "/positions", "/orders", "/orders alice-2", "/trades 5", "/profit",
                                "/performance", "/daily 3", "/tp alice-1", "/sl alice-1", "/help"]
                for (i, c) in commands.enumerated() {
                    h.say(c, as: H.alice)
                    let reply = try await h.received(H.alice.id, i + 1)[i].plainText
                    #expect(!reply.contains("⚠️") && !reply.contains("Unknown command") && !reply.contains("not how"), "\(c): \(reply)")
                    #expect(!reply.contains("bob-1"), "\(c) shows only alice's bots")
                }
                let texts = h.texts(H.alice.id)
                #expect(texts[0].contains("alice-1") && texts[0].contains("Position"))
                #expect(texts[3].contains("alice-1"), "both of alice's bots hold a position")
                #expect(texts[7].contains("Net PnL"))
                #expect(texts[9].contains("Asia/Seoul"), "days in alice's time zone")
                // Accounts may be shared by users: their balances are an admin's to see.
                h.say("/balance", as: H.alice)
                #expect(try await h.received(H.alice.id, commands.count + 1)[commands.count].plainText.contains("Only an admin"))
                h.say("/balance", as: H.root)
                #expect(try await h.received(H.root.id, 1)[0].plainText.contains("paper"))
            }
        }
    }

    @Test func reloadIsForAdminsAndTakeProfitIsSetByHand() async throws {
        try await H.with(fakeLimits: .init(perChatBurst: 1_000, perChatPerSecond: 1_000, globalPerSecond: 1_000)) { h in
            try await h.running(limits: Self.quick) { _ in
                h.say("/tp alice-1 999999", as: H.alice)
                let set = try await h.received(H.alice.id, 1)[0].plainText
                #expect(set.contains("alice-1") && !set.contains("⚠️"), "\(set)")
                try await h.daemon.settle()
                #expect(try await h.daemon.store.orders(bot: "alice-1").contains { $0.side == "sell" && $0.price == Price.of("999999") },
                        "the take-profit order rests at the venue")
                h.say("/reload", as: H.alice)
                #expect(try await h.received(H.alice.id, 2)[1].plainText.contains("Only an admin"))
                // This daemon's bots were started by the test, not from files: a reload removes them.
                h.say("/reload", as: H.root)
                let reloaded = try await h.received(H.root.id, 1)[0].plainText
                #expect(reloaded.contains("Reloaded") && reloaded.contains("alice-1"), "\(reloaded)")
            }
        }
    }

    @Test func aReplyLongerThanAMessageIsSplitWhereItMayBe() {
        let rows = (0..<400).map { "row \($0) <b>bold</b> &amp; more text to fill the line" }.joined(separator: "\n")
        let parts = ChatHandler.reply(7, rows)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { TelegramText.visibleLength($0.text) <= 4_096 && $0.chatID == 7 && $0.kind == "reply" })
        #expect(parts.map { TelegramText.visibleText($0.text) }.joined() == TelegramText.visibleText(rows), "nothing lost or repeated")
    }
}
