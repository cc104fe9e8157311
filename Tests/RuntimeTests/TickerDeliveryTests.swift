import BotCore
import Foundation
@testable import Runtime
import Testing

/// Tickers reach every bot that takes trades, on every shard: the direct shard (0) takes no
/// posted messages and is served in place, as trades are.
@Suite(.serialized)
struct TickerDeliveryTests {
    @Test func aTickerReachesBotsOnEveryShardIncludingTheDirectOne() async throws {
        let h = try Harness()
        let n = h.supervisor.shards.shards.count + 1
        let specs = try (0..<n).map { try h.bot("t\($0)", strategy: TradeCounter.key, params: "every = 1000000") }
        await h.supervisor.start(specs, coldStart: true)
        try await h.waitFor("running") { await h.supervisor.statuses().allSatisfy { $0.state == .running } }
        try await h.settle()
        let before = Dictionary(uniqueKeysWithValues: await h.supervisor.statuses().map { ($0.id, $0.events) })
        let inst = specs[0].instrument.id
        await h.hub.ticker(Ticker(ts: 1, bid: Price.of("99999"), ask: Price.of("100001"), last: Price.of("100000")), instrument: inst)
        try await h.waitFor("every bot's ticker") {
            await h.supervisor.statuses().allSatisfy { $0.events > before[$0.id] ?? 0 }
        }
        #expect(await h.supervisor.statuses().allSatisfy { $0.state == .running })
        await h.supervisor.shutdown()
    }
}
