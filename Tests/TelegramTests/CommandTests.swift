import BotCore
import Commands
import DaemonTestKit
import Foundation
import Runtime
import Store
import Telegram
import TelegramFake
import Testing

/// Commands from chats reach the one command router as their users, each seeing only their
/// own bots; strangers never reach it.
@Suite(.serialized) struct TelegramCommandTests {
    typealias H = TelegramHarness

    @Test func eachUserSeesOnlyTheirOwnBotsInTheirOwnLanguage() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/bots", as: H.alice)
                h.say("/status", as: H.bob)
                h.say("/bots", as: H.root)
                let alice = try await h.received(H.alice.id, 1)[0].plainText
                #expect(alice.contains("alice-1") && alice.contains("alice-2") && !alice.contains("bob-1"))
                let bob = try await h.received(H.bob.id, 1)[0].plainText
                #expect(bob.contains("bob-1") && !bob.contains("alice"))
                #expect(bob.contains("포지션") || bob.contains("순손익"), "bob reads Korean: \(bob)")
                let root = try await h.received(H.root.id, 1)[0].plainText
                #expect(["alice-1", "alice-2", "bob-1"].allSatisfy(root.contains))
                // Each went through the router as its user, and is on record.
                let audit = try await h.daemon.audit()
                #expect(audit.contains { $0.who == "user:alice" && $0.command == "bots" })
                #expect(audit.contains { $0.who == "user:bob" && $0.command == "status" })
            }
        }
    }

    @Test func aUserCannotActOnAnotherUsersBot() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/pause bob-1", as: H.alice)
                let reply = try await h.received(H.alice.id, 1)[0].plainText
                #expect(reply.contains("bob-1") && reply.contains("alice-1"), "names the bot and lists hers: \(reply)")
                #expect(await h.daemon.state("bob-1") == .running)
                // An abbreviation that names one of her bots works; an ambiguous one lists them.
                h.say("/pause alice-2", as: H.alice)
                h.say("/pause ali", as: H.alice)
                let replies = try await h.received(H.alice.id, 3).map(\.plainText)
                #expect(await h.daemon.state("alice-2") == .paused)
                #expect(replies[2].contains("alice-1") && replies[2].contains("alice-2"), "\(replies[2])")
            }
        }
    }

    @Test func startAloneGreetsAndNeverStartsAnything() async throws {
        try await H.with { h in
            _ = try await h.daemon.run(.stop("alice-1"), TwoUsers.alice)
            try await h.running { _ in
                h.say("/start", as: H.alice)
                let reply = try await h.received(H.alice.id, 1)[0].plainText
                #expect(reply.contains("Hello") && reply.contains("alice-1"))
                try await Task.sleep(for: .milliseconds(300))
                #expect(await h.daemon.state("alice-1") == .stopped)
            }
        }
    }

    @Test func strangersAreRefusedOnceAnHourAndNeverReachTheRouter() async throws {
        try await H.with { h in
            try await h.running { _ in
                let before = try await h.daemon.audit().count
                h.say("/stop all", as: H.eve)
                h.say("/status", as: H.eve)
                h.say("/status", as: H.eve, in: H.group)
                try await h.received(H.eve.id, 1)
                try await h.received(H.group.id, 1)
                // The second command in the same hour gets no second refusal.
                h.say("/help", as: H.alice)
                try await h.received(H.alice.id, 1)
                #expect(h.fake.sent(to: H.eve.id).count == 1)
                #expect(h.texts(H.eve.id)[0].contains("registered users"))
                #expect(try await h.daemon.audit().count == before, "nothing of eve's reached the router")
                #expect(h.logs.text.contains("unknown user") && h.logs.text.contains("from=555"))
                #expect(await h.daemon.state("alice-1") == .running)
            }
        }
    }

    @Test func groupsOnlyReceiveNotificationsUnlessConfigured() async throws {
        try await H.with(users: H.users(groupChats: [H.group.id])) { h in
            try await h.running { _ in
                h.say("/pause alice-1", as: H.alice, in: H.group)
                let hint = try await h.received(H.group.id, 1)[0].plainText
                #expect(hint.contains("only receives notifications"))
                try await Task.sleep(for: .milliseconds(300))
                #expect(await h.daemon.state("alice-1") == .running)
            }
        }
        try await H.with(users: H.users(groupChats: [H.group.id]), groupCommands: true) { h in
            try await h.running { _ in
                h.say("/pause alice-1", as: H.alice, in: H.group)
                h.say("/pause alice-2", as: H.eve, in: H.group)
                try await h.received(H.group.id, 2)
                #expect(await h.daemon.state("alice-1") == .paused)
                #expect(await h.daemon.state("alice-2") == .running, "only a listed user's commands count in a group")
            }
        }
    }

    @Test func theCommandMenuIsSetInEachLanguage() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/help", as: H.alice)
                try await h.received(H.alice.id, 1)
                let menu = try #require(h.fake.commands())
                #expect(menu.map(\.0) == ChatCommands.names)
                let korean = try #require(h.fake.commands(scope: "default", language: "ko"))
                #expect(korean.first { $0.0 == "status" }?.1.contains("상태") == true)
            }
        }
    }
}
