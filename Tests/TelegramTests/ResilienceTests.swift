import BotCore
import DaemonTestKit
import Foundation
import HTTPTransport
import Store
import Telegram
import TelegramFake
import TelegramWire
import Testing

/// What goes wrong between botd and Telegram: restarts, a bad token, another poller, a
/// webhook, a server that fails. No command runs twice, none is skipped, the token is never
/// shown, and Telegram's trouble never reaches the daemon.
@Suite(.serialized) struct TelegramResilienceTests {
    typealias H = TelegramHarness

    @Test func aRestartRunsNoCommandTwiceAndSkipsNone() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/pause alice-1", as: H.alice)
                try await h.received(H.alice.id, 1)
            }
            // A command caught half-way (stored, marked started, never finished), as a kill
            // would leave it; then, while botd is down, alice writes twice more.
            let half = h.say("/stop all", as: H.alice)
            let store = h.daemon.store
            let payload = #"{"update_id":\#(half),"message":{"message_id":99,"date":1,"chat":{"id":111,"type":"private"},"from":{"id":111,"is_bot":false,"first_name":"Alice"},"text":"/stop all","entities":[{"type":"bot_command","offset":0,"length":5}]}}"#
            try await store.receiveTelegramUpdates([(half, payload)], ts: 1)
            try await store.startTelegramUpdate(half)
            h.say("/pause alice-2", as: H.alice)
            h.say("/resume alice-1", as: H.alice)
            try await h.running { _ in
                let replies = try await h.received(H.alice.id, 4).map(\.plainText)
                #expect(replies.contains { $0.contains("not run again") }, "\(replies)")
                try await eventually("both commands written while down ran") {
                    let (a2, a1) = (await h.daemon.state("alice-2"), await h.daemon.state("alice-1"))
                    return a2 == .paused && a1 == .running
                }
                let audit = try await h.daemon.audit()
                #expect(audit.filter { $0.command == "pause" && $0.args.contains("alice-1") }.count == 1)
                #expect(audit.filter { $0.command == "pause" && $0.args.contains("alice-2") }.count == 1, "the interrupted one did not run")
                #expect(audit.filter { $0.command == "stop" }.isEmpty)
            }
            #expect(try await store.telegramInbox().isEmpty)
        }
    }

    @Test func aRefusedTokenStopsTelegramAloneAndIsNeverShown() async throws {
        try await H.with { h in
            h.fake.revokeToken()
            let s = try h.service()
            await s.prepare()
            // run() returns by itself: Telegram is over for this run.
            await s.run()
            #expect(h.logs.text.contains("401"))
            #expect(!h.logs.text.contains(H.token) && !h.logs.text.contains("ABC-DEF1234ghIkl"))
            // The daemon goes on.
            let r = try await h.daemon.run(.bots, TwoUsers.alice)
            if case .bots(let bots) = r { #expect(bots.count == 2) } else { Issue.record("\(r)") }
        }
    }

    @Test func aTokenRevokedWhileRunningStopsTelegram() async throws {
        try await H.with { h in
            let s = try h.service()
            await s.prepare()
            let task = Task { await s.run() }
            h.say("/help", as: H.alice)
            try await h.received(H.alice.id, 1)
            h.fake.revokeToken()
            try await eventually("telegram stops", timeout: 15) { h.logs.text.contains("telegram stopped") || h.logs.text.contains("401") }
            task.cancel()
            await task.value
            #expect(!h.logs.text.contains(H.token))
        }
    }

    @Test func anotherPollerOrAWebhookIsReportedAndWaitedOut() async throws {
        try await H.with { h in
            try await h.running { _ in
                h.say("/help", as: H.alice)
                try await h.received(H.alice.id, 1)
                h.fake.setWebhook("https://example.invalid/hook")
                try await eventually("the webhook conflict is reported") { h.logs.text.contains("webhook is set") }
                h.fake.setWebhook(nil)
                h.say("/bots", as: H.alice)
                try await h.received(H.alice.id, 2, timeout: 30)
                // A second program polling with the same token.
                let other = TelegramClient(endpoint: TelegramEndpoint(base: h.endpoint.apiURL, token: try TelegramToken(H.token)),
                                           caFile: h.endpoint.caFile)
                defer { other.close() }
                for _ in 0..<3 { _ = try? await other.call(try TelegramAPI.getUpdates(offset: nil, timeout: 1)) }
                #expect(h.fake.counters.conflicts >= 1)
                try await eventually("the other poller is reported") { h.logs.text.contains("another program is polling") }
                h.say("/status", as: H.alice)
                try await h.received(H.alice.id, 3, timeout: 30)
            }
        }
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetried() async throws {
        try await H.with { h in
            h.fake.inject(.badGateway, method: "getUpdates", times: 2)
            h.fake.inject(.close, method: "sendMessage", times: 1)
            h.fake.inject(.badGateway, method: "sendMessage", times: 1)
            try await h.running { _ in
                h.say("/help", as: H.alice)
                let m = try await h.received(H.alice.id, 1, timeout: 30)
                #expect(m[0].plainText.contains("/status"))
            }
            #expect(!h.logs.text.contains(H.token))
        }
    }
}
