import BotConfig
import BotCore
import Commands
import Feeds
import Foundation
import Logging
import PaperTrading
import Runtime
import Store
import Telegram
import TelegramFake
import TelegramWire

// Telegram notifications end to end: the event log, the notifier, the outbox, the paced
// sender and libcurl, against the Bot API fake on loopback (TLS, Telegram's limits on its
// clock: a message a second per chat, 30 a second in all).
//
//   telegram-bench throughput USERS   one daemon-wide event told to USERS users (one chat each):
//                                     messages a second, and 429s earned
//   telegram-bench latency EVENTS     a fill and its position, logged every 50 ms for 100 users
//                                     in turn: from the log to Telegram's receipt, p50/p99

let token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"

func users(_ n: Int) -> [String: UserConfig] {
    Dictionary(uniqueKeysWithValues: (0..<n).map { i in
        ("u\(i)", UserConfig(name: "u\(i)", telegramIDs: [Int64(10_000 + i)]))
    })
}

func daemon() throws -> (CommandRouter, Store, Supervisor) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tgbench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let d = Diagnostics()
    let config = RuntimeConfig.parse("""
        [storage]
        path = "s.sqlite"
        """, file: dir.appendingPathComponent("runtime.toml").path, diagnostics: d)!
    let store = try Store(path: config.daemon.storagePath)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let hub = MarketDataHub(historyMinutes: 10, feed: SimulatorFeed(seed: 1), logger: logger)
    let sup = Supervisor(config: config, store: store, hub: hub, metrics: RuntimeMetrics(), logger: logger,
                         makeVenue: PaperVenue.factory(config: config, prices: hub.prices))
    let router = CommandRouter(supervisor: sup, store: store, metrics: RuntimeMetrics(), runtimePath: config.file) {}
    return (router, store, sup)
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count == 2, let n = Int(args[1]), n > 0, ["throughput", "latency"].contains(args[0]) else {
    print("usage: telegram-bench throughput USERS | latency EVENTS")
    exit(2)
}
let fake = TelegramFake(token: token)
let endpoint = try await fake.start()
let (router, store, supervisor) = try daemon()
let people = users(args[0] == "throughput" ? n : 100)
// Every user has written once, so their chats exist for the fake.
for i in 0..<people.count {
    let u = FakeUser(id: Int64(10_000 + i), firstName: "u\(i)")
    fake.addChat(.privateChat(of: u))
}
var logger = Logger(label: "telegram-bench")
logger.logLevel = .error
let service = TelegramService(config: TelegramConfig(tokenVariable: "T", apiURL: endpoint.apiURL, caFile: endpoint.caFile, pollTimeoutSeconds: 5),
                              users: people, token: try TelegramToken(token), router: router, store: store, logger: logger)
await service.prepare()
let task = Task { await service.run() }
// The menus are set once the service is connected.
while fake.commands() == nil { try await Task.sleep(for: .milliseconds(10)) }

switch args[0] {
case "throughput":
    let start = wallClockMilliseconds()
    try await store.appendEvents([RuntimeEvent(ts: start, .feedLost("okx:public"))])
    while fake.sent.count < n { try await Task.sleep(for: .milliseconds(5)) }
    let sent = fake.sent
    let first = sent.map(\.atMs).min()!, last = sent.map(\.atMs).max()!
    let seconds = Double(last - start) / 1000
    print(String(format: "throughput users=%d messages=%d first_after_ms=%d seconds=%.2f messages_per_s=%.1f (after the first: %.1f) 429s=%d",
                 n, sent.count, first - start, seconds, Double(sent.count) / seconds,
                 Double(sent.count - 1) / (Double(last - first) / 1000), fake.counters.tooManyRequests))
default:
    var logged: [Int: Int64] = [:]
    for i in 0..<n {
        let user = "u\(i % 100)", bot = "b\(i)"
        let at = wallClockMilliseconds()
        logged[i] = at
        let id = ClientOrderID(bot: bot, sequence: 1)
        try await store.appendEvents([
            RuntimeEvent(ts: at, bot: bot, user: user, .orderFilled(id, side: .buy, price: Price.of("2500"), quantity: Quantity.of("0.1"),
                                                                     fee: Money.of("0.1"), tradeID: "t\(i)")),
            RuntimeEvent(ts: at, bot: bot, user: user, .positionOpened(.net, quantity: Quantity.of("0.1"), entry: Price.of("2500"))),
        ])
        try await Task.sleep(for: .milliseconds(50))
    }
    while fake.sent.count < n { try await Task.sleep(for: .milliseconds(5)) }
    var latencies: [Double] = []
    for m in fake.sent {
        guard let b = m.plainText.split(separator: " ").first(where: { $0.hasPrefix("b") }), let i = Int(b.dropFirst()), let at = logged[i] else { continue }
        latencies.append(Double(m.atMs - at))
    }
    print(String(format: "latency events=%d measured=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f 429s=%d", n, latencies.count,
                 percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.max() ?? 0, fake.counters.tooManyRequests))
}
task.cancel()
await task.value
await supervisor.shutdown()
await fake.stop()
