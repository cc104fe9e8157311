import FakeKit
import Foundation
import TelegramFake
import Testing

/// Flood control on the fake's clock, and the faults a test can ask for.
struct LimitsTests {
    @Test func aChatTakesABurstThenOneASecond() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            for i in 0..<3 { #expect(try await bot.send(alice.id, "m\(i)").status == 200) }
            let r = try await bot.send(alice.id, "m3")
            #expect(r.status == 429 && r.json["parameters"]?.s("retry_after") == "1" && r.json.descriptionText == "Too Many Requests: retry after 1")
            clock.advance(by: 1_000)
            #expect(try await bot.send(alice.id, "m3").status == 200)
            #expect(try await bot.send(alice.id, "m4").status == 429)
            #expect(bot.fake.counters.tooManyRequests == 2 && bot.fake.sent.count == 4, "a refused message does not count")
        }
    }

    @Test func aGroupTakes20AMinute() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock, limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(FakeChat(id: -9, type: "group", title: "g"))
            for i in 0..<20 {
                #expect(try await bot.send(-9, "m\(i)").status == 200)
                clock.advance(by: 1_000)
            }
            let r = try await bot.send(-9, "late")
            #expect(r.status == 429 && r.json["parameters"]?.s("retry_after") == "40")
            clock.advance(by: 40_000)
            #expect(try await bot.send(-9, "late").status == 200)
        }
    }

    @Test func allChatsTogetherTake30ASecond() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            for i in 0..<31 { bot.fake.addChat(FakeChat(id: Int64(1_000 + i), type: "private")) }
            for i in 0..<30 { #expect(try await bot.send(Int64(1_000 + i), "m").status == 200) }
            #expect(try await bot.send(1_030, "m").status == 429)
            clock.advance(by: 1_000)
            #expect(try await bot.send(1_030, "m").status == 200)
        }
    }

    @Test func faultsComeInOrderThenNormalAnswers() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.inject(.badGateway, method: "getMe")
            bot.fake.inject(.tooManyRequests(retryAfter: 7), method: "GetMe")
            bot.fake.inject(.status(500, body: #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#), method: "getme")
            bot.fake.inject(.close, method: "getMe")
            #expect(try await bot.call("getMe").status == 502)
            let limited = try await bot.call("getMe")
            #expect(limited.status == 429 && limited.json["parameters"]?.s("retry_after") == "7")
            #expect(try await bot.call("getMe").status == 500)
            await #expect(throws: (any Error).self) { _ = try await bot.call("getMe") }
            #expect(try await bot.call("getMe").status == 200)
            bot.fake.inject(.hold, method: "getMe")
            await #expect(throws: (any Error).self) { _ = try await bot.call("getMe", timeout: .milliseconds(500)) }
            #expect(bot.fake.counters.held == 1)
        }
    }
}
