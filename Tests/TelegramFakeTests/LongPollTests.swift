import FakeKit
import Foundation
import TelegramFake
import Testing

/// A poll with nothing to give is held until an update arrives or its timeout passes on the
/// fake's clock (never the wall clock), at most 50 s as the Bot API server caps it.
struct LongPollTests {
    @Test func aHeldPollIsAnsweredByANewUpdate() async throws {
        try await withFake { (bot: Bot) async throws in
            let start = ContinuousClock.now
            async let polled = bot.call("getUpdates", [("timeout", "30")], timeout: .seconds(40))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            let id = bot.fake.userSends("hi", from: alice, in: .privateChat(of: alice))
            let r = try await polled
            #expect(r.status == 200 && r.json.updateIDs == [id])
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(!bot.fake.isHoldingPoll)
        }
    }

    @Test func aHeldPollEndsEmptyWhenItsTimeoutPassesOnTheFakesClock() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            async let polled = bot.call("getUpdates", [("timeout", "20")], timeout: .seconds(20))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            clock.advance(by: 19_000)
            try await Task.sleep(for: .milliseconds(100))
            #expect(bot.fake.isHoldingPoll, "19 s of 20: still held")
            clock.advance(by: 1_000)
            let r = try await polled
            #expect(r.status == 200 && r.text == #"{"ok":true,"result":[]}"#)
        }
    }

    @Test func aTimeoutOver50SecondsIsHeld50() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            async let polled = bot.call("getUpdates", [("timeout", "600")], timeout: .seconds(20))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            clock.advance(by: 50_000)
            #expect(try await polled.result?.array?.isEmpty == true)
        }
    }

    @Test func anUpdateOfAKindNotAskedForDoesNotEndTheHold() async throws {
        let clock = FakeClock(rate: 0)
        try await withFake(clock: clock) { (bot: Bot) async throws in
            async let polled = bot.call("getUpdates", [("timeout", "30"), ("allowed_updates", #"["callback_query"]"#)], timeout: .seconds(20))
            try await until("the poll is held") { bot.fake.isHoldingPoll }
            _ = bot.fake.userSends("not this", from: alice, in: .privateChat(of: alice))
            try await Task.sleep(for: .milliseconds(100))
            #expect(bot.fake.isHoldingPoll)
            let press = bot.fake.userPresses("x", onMessage: 1, in: .privateChat(of: alice), from: alice)
            #expect(try await polled.json.updateIDs == [press])
        }
    }

    @Test func aPollWhoseClientLeftIsForgotten() async throws {
        try await withFake { (bot: Bot) async throws in
            await #expect(throws: (any Error).self) { _ = try await bot.call("getUpdates", [("timeout", "30")], timeout: .milliseconds(300)) }
            try await until("the poll is forgotten") { !bot.fake.isHoldingPoll }
            let id = bot.fake.userSends("kept", from: alice, in: .privateChat(of: alice))
            #expect(try await bot.updateIDs() == [id], "the update waits for the next poll")
        }
    }
}
