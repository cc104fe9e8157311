import BinanceWire
import BotCore
import Logging

/// After the stream comes back from a loss, the minutes that closed while it was away are
/// fetched from REST and sent on as closed, and the live closed klines of each symbol are held
/// back until its backfill is sent, so consumers get every minute once and in order. A
/// failure here is logged and left to the consumer's gap filling through `history`.
extension BinanceMarketFeed {
    /// No further back than this: a longer outage is the consumer's gap to fill or confirm.
    static let catchUpLimitMs: Int64 = 6 * 3_600_000
    /// How long a backfill waits for the venue's clock to be past the last minute's close by
    /// the pager's margin (a reconnection just after a minute ends).
    static let closeWaitLimit: Duration = .seconds(3)
    static let catchUpAttempts = 3

    func startCatchUp() {
        guard sink != nil else { return }
        for symbol in follows.keys where follows[symbol]!.held == nil { follows[symbol]!.held = [] }
        guard catchUpTask == nil else {
            catchUpAgain = true
            return
        }
        catchUpTask = Task { await self.catchUpClosed() }
    }

    func catchUpClosed() async {
        // Cancelled only by `stop`, which has let go of it already.
        defer { if !Task.isCancelled { catchUpTask = nil } }
        repeat {
            catchUpAgain = false
            // The minutes before the one under way: that one closes after the subscription,
            // live.
            let to = Self.minute.barOpen(rest.clock.nowMs)
            await waitForClose(before: to)
            for symbol in follows.keys.sorted() {
                guard !Task.isCancelled else { return }
                await catchUp(symbol, to: to)
            }
        } while catchUpAgain && !Task.isCancelled
    }

    func waitForClose(before to: Int64) async {
        let deadline = ContinuousClock.now + Self.closeWaitLimit
        while rest.clock.nowMs < to + BinanceKlinePager.closedMarginMs, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    func catchUp(_ symbol: String, to: Int64) async {
        if let last = overlap.lastClosedKline(symbol), follows[symbol] != nil {
            let from = max(last + Self.minute.milliseconds, to - Self.catchUpLimitMs)
            if from < to {
                for c in await fetchClosed(symbol, from: from, to: to) {
                    guard !Task.isCancelled else { return }
                    await publishClosed(c, symbol, caughtUp: true)
                }
            }
        }
        await release(symbol)
    }

    /// The minutes of `from..<to`, asked again a little later when the answer does not come
    /// (the connection that dropped the stream may have taken REST's with it); on a last
    /// failure, the part fetched.
    func fetchClosed(_ symbol: String, from: Int64, to: Int64) async -> [Candle] {
        var attempt = 1
        while true {
            var pager = BinanceKlinePager(rest: rest, symbol: symbol, interval: .oneMinute, span: Self.minute.milliseconds,
                                          from: from, to: to)
            do {
                try await pager.run()
                return pager.bars
            } catch {
                guard attempt < Self.catchUpAttempts, !Task.isCancelled else {
                    logger.info("backfilling Binance klines after a reconnection failed; gaps wait for the consumer",
                                metadata: ["symbol": "\(symbol)", "error": "\(error)"])
                    return pager.bars
                }
            }
            try? await Task.sleep(for: .milliseconds(200 * attempt))
            attempt += 1
        }
    }

    /// The live klines held back, in order; ones arriving meanwhile join the queue. Still held
    /// when another backfill is to run.
    func release(_ symbol: String) async {
        while let c = follows[symbol]?.held?.first {
            follows[symbol]!.held!.removeFirst()
            await publishClosed(c, symbol, caughtUp: false)
        }
        if !catchUpAgain { follows[symbol]?.held = nil }
    }
}
