import BotCore
import Logging

/// After the candle connection comes back, the minutes that closed while it was down are
/// fetched and sent on as closed, so consumers have them without waiting for the next bar
/// to show the gap. The hub would fill the gap from `history` anyway; this only makes it
/// sooner, so a failure here is logged and left to that.
extension OKXMarketFeed {
    /// No further back than this: a longer outage is the hub's gap to fill or confirm.
    static let catchUpLimitMs: Int64 = 6 * 3_600_000

    /// One catch-up at a time: one running covers up to its own start, and later bars come
    /// live or through the hub's gap filling.
    func startCatchUp() {
        guard catchUpTask == nil, sink != nil else { return }
        catchUpTask = Task { await self.catchUpClosed() }
    }

    func catchUpClosed() async {
        // Cancelled only by `stop`, which has let go of it already (and may have a successor).
        defer { if !Task.isCancelled { catchUpTask = nil } }
        let now = rest.clock.nowMs
        for instId in follows.keys.sorted() {
            guard !Task.isCancelled else { return }
            guard let last = follows[instId]?.lastClosed else { continue }
            let from = max(last + 60_000, now - Self.catchUpLimitMs)
            guard from < now else { continue }
            var pager = OKXCandlePager(rest: rest, instId: instId, bar: Self.candleBar, span: 60_000, from: from, to: now)
            do { try await pager.run() } catch {
                logger.info("catching up OKX candles after a reconnection failed; gaps wait for the next bar",
                            metadata: ["instId": "\(instId)", "error": "\(error)"])
                continue
            }
            for c in pager.bars {
                // Anything the live stream sent meanwhile is newer, and stays the last.
                guard let sink, !Task.isCancelled else { return }
                guard let f = follows[instId], c.ts > f.lastClosed ?? .min else { continue }
                follows[instId]!.lastClosed = c.ts
                stats.caughtUpCandles += 1
                await sink.candle(c, instrument: f.id, closed: true)
            }
        }
    }
}
