import BotCore
import Commands
import Telegram
import Testing

/// Chat commands read into the router's commands: abbreviated ids, `all`, confirmations, and
/// `/start` alone never starting anything.
struct ChatCommandTests {
    let mine = ["hyperrsi-btc", "hyperrsi-eth", "grid-sol"]

    func parse(_ text: String) -> ChatRequest {
        let words = text.split(separator: " ").map(String.init)
        return ChatCommands.parse(words[0], Array(words.dropFirst()), visible: mine, timeZone: "Asia/Seoul")
    }

    @Test func startAloneOnlyGreets() {
        #expect(parse("start") == .greet)
        #expect(parse("start grid") == .run([.start("grid-sol")]))
        #expect(parse("start all") == .confirm([.start("grid-sol"), .start("hyperrsi-btc"), .start("hyperrsi-eth")]))
    }

    @Test func idsMayBeAbbreviatedWhenThatNamesOneBot() {
        #expect(parse("pause hyperrsi-btc") == .run([.pause("hyperrsi-btc")]))
        #expect(parse("pause btc") == .run([.pause("hyperrsi-btc")]))
        #expect(parse("pause HYPERRSI-E") == .run([.pause("hyperrsi-eth")]))
        #expect(parse("pause hyper") == .refuse(.ambiguousBot("hyper", candidates: ["hyperrsi-btc", "hyperrsi-eth"])))
        #expect(parse("pause doge") == .refuse(.noSuchBot("doge", candidates: ["grid-sol", "hyperrsi-btc", "hyperrsi-eth"])))
        #expect(parse("pause") == .refuse(.usage("pause")))
        #expect(parse("resume all") == .run([.resume("grid-sol"), .resume("hyperrsi-btc"), .resume("hyperrsi-eth")]))
    }

    @Test func moneyAndEveryBotWaitForAConfirmation() {
        #expect(parse("close sol") == .confirm([.close("grid-sol")]))
        #expect(parse("forceexit all") == .confirm([.close("grid-sol"), .close("hyperrsi-btc"), .close("hyperrsi-eth")]))
        #expect(parse("stop all") == .confirm([.stop("grid-sol"), .stop("hyperrsi-btc"), .stop("hyperrsi-eth")]))
        #expect(parse("stop eth") == .run([.stop("hyperrsi-eth")]))
    }

    @Test func queriesTakeTheirNumbersAndTheUsersTimeZone() {
        #expect(parse("status") == .run([.status]) && parse("status btc") == .run([.bot("hyperrsi-btc")]))
        #expect(parse("trades") == .run([.trades(limit: 10)]) && parse("trades 500") == .run([.trades(limit: 50)]))
        #expect(parse("trades x") == .refuse(.usage("trades")) && parse("daily 0") == .refuse(.usage("daily")))
        #expect(parse("daily 30") == .run([.daily(days: 30, timeZone: "Asia/Seoul")]))
        #expect(parse("orders") == .run([.orders(bot: nil, openOnly: true)]))
        #expect(parse("profit") == .run([.pnl]) && parse("balance") == .run([.balance]) && parse("reload") == .run([.reload]))
        #expect(parse("tp btc 105000.5") == .run([.adjust("hyperrsi-btc", takeProfit: Price.of("105000.5"))]))
        #expect(parse("sl btc 90000") == .run([.adjust("hyperrsi-btc", stopLoss: Price.of("90000"))]))
        #expect(parse("sl btc -5") == .refuse(.usage("sl")) && parse("tp btc clear") == .refuse(.unsupported("tp clear")))
        #expect(parse("moon") == .refuse(.unknownCommand("moon")) && parse("help") == .help)
    }
}
