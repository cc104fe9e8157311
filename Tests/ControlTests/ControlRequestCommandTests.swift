import BotConfig
import BotCore
import BotTestKit
import Commands
import Control
import Feeds
import Foundation
import Logging
import PaperTrading
import Runtime
import Store
import Testing

/// Request lines into typed commands: what each name and its arguments become, and the
/// `bad_request` that names a wrong argument.
struct ControlRequestCommandTests {
    func command(_ line: String) -> Result<Command, CommandError> {
        switch ControlRequest.parse(Array(line.utf8)) {
        case .failure(let e): return .failure(e.error)
        case .success(let r): return Result { () throws(CommandError) in try r.command() }
        }
    }

    @Test func everyNameBecomesItsCommand() throws {
        let cases: [(String, Command)] = [
            (#"{"cmd":"status"}"#, .status), (#"{"cmd":"bots"}"#, .bots), (#"{"cmd":"bot","args":{"bot":"a"}}"#, .bot("a")),
            (#"{"cmd":"start","args":{"bot":"a"}}"#, .start("a")), (#"{"cmd":"stop","args":{"bot":"a"}}"#, .stop("a")),
            (#"{"cmd":"stop","args":{"bot":"a","on_stop":"leave"}}"#, .stop("a", policy: .leave)),
            (#"{"cmd":"pause","args":{"bot":"a"}}"#, .pause("a")), (#"{"cmd":"close","args":{"bot":"a"}}"#, .close("a")),
            (#"{"cmd":"trades","args":{"bot":"a","limit":3}}"#, .trades(bot: "a", limit: 3)), (#"{"cmd":"trades"}"#, .trades()),
            (#"{"cmd":"daily","args":{"days":30,"time_zone":"Asia/Seoul"}}"#, .daily(days: 30, timeZone: "Asia/Seoul")), (#"{"cmd":"resume","args":{"bot":"a"}}"#, .resume("a")),
            (#"{"cmd":"restart","args":{"bot":"a"}}"#, .restart("a")), (#"{"cmd":"reload"}"#, .reload),
            (#"{"cmd":"adjust","args":{"bot":"a","take_profit":"2650.5"}}"#, .adjust("a", takeProfit: Price.of("2650.5"))),
            (#"{"cmd":"adjust","args":{"bot":"a","stop_loss":"2400","side":"long"}}"#,
             .adjust("a", positionSide: .long, stopLoss: Price.of("2400"))),
            (#"{"cmd":"add","args":{"file":"bots/x.toml"}}"#, .add(file: "bots/x.toml")), (#"{"cmd":"remove","args":{"bot":"a"}}"#, .remove("a")),
            (#"{"cmd":"orders"}"#, .orders()), (#"{"cmd":"orders","args":{"bot":"a","open":true}}"#, .orders(bot: "a", openOnly: true)),
            (#"{"cmd":"positions"}"#, .positions), (#"{"cmd":"pnl"}"#, .pnl), (#"{"cmd":"balance"}"#, .balance),
            (#"{"cmd":"metrics"}"#, .metrics), (#"{"cmd":"events"}"#, .events()), (#"{"cmd":"subscribe"}"#, .subscribe()),
            (#"{"cmd":"events","args":{"since":12}}"#, .events(since: 12)), (#"{"cmd":"subscribe","args":{"since":0}}"#, .subscribe(since: 0)),
            (#"{"cmd":"shutdown"}"#, .shutdown),
        ]
        #expect(Set(cases.map(\.1.name)) == Set(Command.Name.allCases))
        for (line, expected) in cases {
            #expect(try command(line).get() == expected, "\(line)")
        }
    }

    @Test func badArgumentsAreNamed() {
        let bot = CommandError("bad_request", "'args.bot' must name a bot")
        for line in [#"{"cmd":"pause"}"#, #"{"cmd":"bot","args":{"bot":""}}"#, #"{"cmd":"remove","args":{"bot":7}}"#] {
            #expect(command(line) == .failure(bot), "\(line)")
        }
        #expect(command(#"{"cmd":"stop","args":{"bot":"a","on_stop":"explode"}}"#)
                == .failure(CommandError("bad_request", "'args.on_stop' must be cancel_orders, close_position or leave")))
        #expect(command(#"{"cmd":"add","args":{"file":1}}"#) == .failure(CommandError("bad_request", "'args.file' must name a bot file")))
        let since = CommandError("bad_request", "'args.since' must be an event sequence number (0 or more)")
        for line in [#"{"cmd":"events","args":{"since":-1}}"#, #"{"cmd":"subscribe","args":{"since":"x"}}"#] {
            #expect(command(line) == .failure(since), "\(line)")
        }
        let price = { (name: String) in
            CommandError("bad_request", "'args.\(name)' must be a price above 0, as a decimal string (\"2650.5\")")
        }
        #expect(command(#"{"cmd":"adjust","args":{"bot":"a","take_profit":2650}}"#) == .failure(price("take_profit")))
        #expect(command(#"{"cmd":"adjust","args":{"bot":"a","stop_loss":"-1"}}"#) == .failure(price("stop_loss")))
        #expect(command(#"{"cmd":"adjust","args":{"bot":"a","stop_loss":"1e3"}}"#) == .failure(price("stop_loss")))
        #expect(command(#"{"cmd":"adjust","args":{"bot":"a"}}"#)
                == .failure(CommandError("bad_request", "'args.take_profit' or 'args.stop_loss' must give a price")))
        #expect(command(#"{"cmd":"adjust","args":{"bot":"a","take_profit":"1","side":"up"}}"#)
                == .failure(CommandError("bad_request", "'args.side' must be long, short or net")))
        #expect(command(#"{"cmd":"adjust","args":{"take_profit":"1"}}"#) == .failure(bot))
        guard case .failure(let e) = command(#"{"cmd":"fly"}"#) else { Issue.record("fly parsed"); return }
        #expect(e.code == "unknown_command" && e.message.hasPrefix("unknown command 'fly' (known: status, bots, bot, start, stop,"))
    }

    @Test func aRejectedRequestIsAuditedWithItsCaller() async throws {
        let dir = try SharedData.temporaryDirectory("reject")
        let config = try #require(RuntimeConfig.parse("[storage]\npath = \"s.sqlite\"\n", file: dir.appendingPathComponent("runtime.toml").path,
                                                      diagnostics: Diagnostics()))
        let store = try Store(path: config.daemon.storagePath)
        let logger = Logger(label: "test")
        let hub = MarketDataHub(historyMinutes: 1, feed: SimulatorFeed(seed: 1), logger: logger)
        let supervisor = Supervisor(config: config, store: store, hub: hub, metrics: RuntimeMetrics(), logger: logger,
                                    makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
        let router = CommandRouter(supervisor: supervisor, store: store, metrics: RuntimeMetrics(), runtimePath: "") {}
        let r = await router.respond(to: Array(#"{"id":5,"cmd":"pause","args":{"bot":3}}"#.utf8), caller: .operator(uid: 77))
        #expect(r.line == #"{"id":5,"ok":false,"error":{"code":"bad_request","message":"'args.bot' must name a bot"}}"#)
        let ok = await router.respond(to: Array(#"{"id":6,"cmd":"subscribe"}"#.utf8), caller: .operator(uid: 77))
        #expect(ok.line == #"{"id":6,"ok":true,"result":{"subscribed":true,"after":0}}"#)
        #expect(ok.subscribedAfter == 0)
        let log = try await store.auditLog()
        #expect(log.map(\.who) == ["uid:77", "uid:77"])
        #expect(log.last?.command == "pause" && log.last?.args == #"{"bot":3}"# && log.last?.result == "bad_request")
    }
}
