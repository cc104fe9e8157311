import DaemonTestKit
import BotCore
import Commands
import Testing

/// The command and caller values on their own.
struct CommandTests {
    @Test func callersAreNamedForTheAuditLog() {
        #expect(Caller.operator(uid: 1000).name == "uid:1000")
        #expect(Caller.user(name: "alice", role: .user).name == "user:alice")
        #expect(Caller.user(name: "root", role: .admin).name == "user:root")
        #expect(Caller.user(name: "alice", role: .user).restrictedTo == "alice")
        #expect(Caller.user(name: "root", role: .admin).restrictedTo == nil)
        #expect(Caller.operator(uid: 0).restrictedTo == nil)
    }

    @Test func mutatingAndDaemonWideCommands() {
        let all: [Command] = [.status, .bots, .bot("a"), .start("a"), .stop("a"), .pause("a"), .resume("a"), .restart("a"),
                              .adjust("a", takeProfit: Price.of("1")), .close("a"), .reload,
                              .add(file: "f"), .remove("a"), .orders(), .trades(), .daily(), .positions, .pnl, .balance, .metrics, .events(), .subscribe(), .shutdown]
        #expect(all.map(\.name) == Command.Name.allCases)
        #expect(all.filter(\.isMutating).map(\.name.rawValue) == ["start", "stop", "pause", "resume", "restart", "adjust", "close", "reload", "add", "remove", "shutdown"])
        #expect(all.filter(\.isDaemonWide).map(\.name.rawValue) == ["reload", "add", "balance", "metrics", "shutdown"])
        #expect(all.compactMap(\.targetBot).count == 9)
        #expect(Command.orders(bot: "b").targetBot == "b" && Command.orders().targetBot == nil)
    }

    @Test func auditArgumentsUseTheProtocolsKeys() {
        #expect(Command.status.auditArguments == "{}")
        #expect(Command.stop("a\"b").auditArguments == #"{"bot":"a\"b"}"#)
        #expect(Command.stop("a", policy: .closePosition).auditArguments == #"{"bot":"a","on_stop":"close_position"}"#)
        #expect(Command.add(file: "bots/x.toml").auditArguments == #"{"file":"bots/x.toml"}"#)
        #expect(Command.orders().auditArguments == "{}")
        #expect(Command.orders(bot: "a", openOnly: true).auditArguments == #"{"bot":"a","open":true}"#)
        #expect(Command.adjust("a", positionSide: .short, takeProfit: Price.of("95000.5"), stopLoss: Price.of("101000")).auditArguments
                == #"{"bot":"a","side":"short","take_profit":"95000.5","stop_loss":"101000"}"#)
    }
}
