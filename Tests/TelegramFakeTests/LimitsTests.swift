import FakeKit
import Foundation
import TelegramFake
import Testing

/// Flood control on the fake's clock: a bucket per chat, 20 a minute per group, 30 a second
/// over all chats; a 429 says when to retry (whole seconds, at least 1); a refused message
/// does not count.
struct LimitsTests {
    @Test func aChatTakesABurstThenOneASecond() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            for i in 0..<3 { #expect(try await bot.send(alice.id, "m\(i)").status == 200) }
            let r = try await bot.send(alice.id, "m3")
            #expect(r.status == 429 && r.text == #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#)
            clock.advance(by: 1_000)
            #expect(try await bot.send(alice.id, "m3").status == 200)
            #expect(try await bot.send(alice.id, "m4").status == 429)
            #expect(bot.fake.counters.tooManyRequests == 2 && bot.fake.sent.count == 4, "a refused message does not count")
            clock.advance(by: 10_000)
            for i in 0..<3 { #expect(try await bot.send(alice.id, "n\(i)").status == 200, "the burst refills, to 3 at most") }
            #expect(try await bot.send(alice.id, "n3").status == 429)
        }
    }

    @Test func aSlowerPaceWaitsLonger() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock, limits: .init(perChatBurst: 1, perChatPerSecond: 0.25)) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            #expect(try await bot.send(alice.id, "a").status == 200)
            #expect(try await bot.send(alice.id, "b").json["parameters"]?.s("retry_after") == "4")
            clock.advance(by: 2_500)
            #expect(try await bot.send(alice.id, "b").json["parameters"]?.s("retry_after") == "2", "1.5 s left, in whole seconds up")
        }
    }

    @Test func editsCountToo() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let id = try #require(try await bot.send(alice.id, "v0").result?["message_id"]?.int)
            for i in 1...2 { #expect(try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "\(id)"), ("text", "\"v\(i)\"")]).status == 200) }
            let r = try await bot.call("editMessageText", [("chat_id", "111"), ("message_id", "\(id)"), ("text", "\"v3\"")])
            #expect(r.status == 429 && r.json["parameters"]?.s("retry_after") == "1")
        }
    }

    @Test func aGroupTakes20AMinute() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock, limits: .init(perChatBurst: 100)) { (bot: Bot) async throws in
            bot.fake.addChat(FakeChat(id: -9, type: "group", title: "g"))
            bot.fake.addChat(FakeChat(id: -100_9, type: "supergroup", title: "s"))
            for i in 0..<20 {
                #expect(try await bot.send(-9, "m\(i)").status == 200)
                clock.advance(by: 1_000)
            }
            let r = try await bot.send(-9, "late")
            #expect(r.status == 429 && r.json["parameters"]?.s("retry_after") == "40")
            #expect(try await bot.send(-100_9, "other group").status == 200, "per group")
            clock.advance(by: 39_000)
            #expect(try await bot.send(-9, "late").json["parameters"]?.s("retry_after") == "1")
            clock.advance(by: 1_000)
            #expect(try await bot.send(-9, "late").status == 200, "the first has left the 60 s window")
            for i in 0..<19 { _ = try await bot.send(-100_9, "s\(i)") }
            #expect(try await bot.send(-100_9, "21st").status == 429, "supergroups too")
        }
    }

    @Test func allChatsTogetherTake30ASecond() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            for i in 0..<31 { bot.fake.addChat(FakeChat(id: Int64(1_000 + i), type: "private")) }
            for i in 0..<15 { #expect(try await bot.send(Int64(1_000 + i), "m").status == 200) }
            clock.advance(by: 500)
            for i in 15..<30 { #expect(try await bot.send(Int64(1_000 + i), "m").status == 200) }
            let r = try await bot.send(1_030, "m")
            #expect(r.status == 429 && r.json["parameters"]?.s("retry_after") == "1")
            clock.advance(by: 500)
            #expect(try await bot.send(1_030, "m").status == 200, "the first 15 have left the 1 s window")
        }
    }
}
