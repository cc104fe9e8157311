import FakeKit
import Foundation
import TelegramFake
import Testing

/// Faults a test injects per method: given in order, `times` each, in place of the call (so
/// it has no effect), then normal answers again.
struct FaultTests {
    @Test func faultsComeInOrderThenNormalAnswers() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.inject(.badGateway, method: "getMe")
            bot.fake.inject(.tooManyRequests(retryAfter: 7), method: "GetMe")
            bot.fake.inject(.status(500, body: #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#), method: "getme", times: 2)
            bot.fake.inject(.close, method: "GETME")
            let gateway = try await bot.call("getMe")
            #expect(gateway.status == 502 && gateway.contentType.hasPrefix("text/html") && gateway.text.contains("<h1>502 Bad Gateway</h1>") && gateway.json == .null)
            let limited = try await bot.call("getMe")
            #expect(limited.status == 429 && limited.text == #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#)
            for _ in 0..<2 { #expect(try await bot.call("getMe").text == #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#) }
            await #expect(throws: (any Error).self) { _ = try await bot.call("getMe") }
            #expect(try await bot.call("getMe").status == 200)
            #expect(bot.fake.counters.requests["getme"] == 6)
        }
    }

    @Test func aHeldCallIsNeverAnswered() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.inject(.hold, method: "getMe")
            await #expect(throws: (any Error).self) { _ = try await bot.call("getMe", timeout: .milliseconds(500)) }
            #expect(bot.fake.counters.held == 1)
            #expect(try await bot.call("getMe").status == 200)
        }
    }

    @Test func aFaultedSendHasNoEffectAndOtherMethodsAreUntouched() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            bot.fake.inject(.close, method: "sendMessage")
            bot.fake.inject(.badGateway, method: "getUpdates", times: 0)
            #expect(try await bot.call("getUpdates").status == 200, "times 0 injects nothing")
            await #expect(throws: (any Error).self) { _ = try await bot.send(alice.id, "lost") }
            #expect(bot.fake.sent.isEmpty)
            #expect(try await bot.send(alice.id, "sent").status == 200)
            #expect(bot.fake.sent.map(\.plainText) == ["sent"])
        }
    }

    @Test func aDroppedConnectionEndsAHeldPoll() async throws {
        try await withFake { (bot: Bot) async throws in
            async let held = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            bot.fake.dropConnections()
            do {
                let r = try await held
                Issue.record("answered after the drop: \(r.status)")
            } catch {}
            try await until("the poll is forgotten") { !bot.fake.isHoldingPoll }
            #expect(try await bot.call("getMe").status == 200, "new connections are served")
        }
    }
}
