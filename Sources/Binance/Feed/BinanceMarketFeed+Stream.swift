import BinanceWire
import BotCore
import Logging
import VenueSocket

/// What the connections bring: market data for the sink, Binance's answers and notices, and
/// unreadable frames.
extension BinanceMarketFeed {
    func received(_ frame: BinanceFeedFrame, on socket: Int) async {
        guard let s = slots[socket] else { return }
        slots[socket]!.lastSign = .now
        switch frame {
        case .market(let push):
            guard s.draining || rotation.delivers(s.generation) else { return }
            await deliver(push)
        case .event(let message): control(message, on: socket)
        case .unreadable(let why): malformed(why)
        }
    }

    /// Market data of a followed symbol, on to the sink, once: a trade by its id, a closed
    /// kline strictly after the last sent (held back while a backfill runs), a book ticker
    /// newer than the last.
    func deliver(_ push: BinanceMarketPush) async {
        guard let sink else { return }
        switch push {
        case .trade(let symbol, let t):
            guard let f = follows[symbol] else { return }
            guard overlap.firstTrade(symbol, id: t.tradeID) else {
                stats.duplicates += 1
                return
            }
            follows[symbol]!.lastPrice = t.trade.price
            await sink.trade(t.trade, instrument: f.id)
        case .kline(let symbol, let k):
            guard k.closed, k.interval == .oneMinute, let f = follows[symbol] else { return }
            if let held = f.held {
                if k.candle.ts > held.last?.ts ?? overlap.lastClosedKline(symbol) ?? .min { follows[symbol]!.held!.append(k.candle) }
                return
            }
            await publishClosed(k.candle, symbol, caughtUp: false)
        case .bookTicker(let symbol, let b):
            guard let f = follows[symbol] else { return }
            if let u = f.lastBookUpdate, b.updateID <= u { return }
            follows[symbol]!.lastBookUpdate = b.updateID
            guard let last = f.lastPrice else { return }
            await sink.ticker(Ticker(ts: rest.clock.nowMs, bid: b.bid, ask: b.ask, last: last), instrument: f.id)
        case .notHot:
            break
        }
    }

    /// A closed minute, on to the sink if it is the newest yet.
    func publishClosed(_ c: Candle, _ symbol: String, caughtUp: Bool) async {
        guard let sink, let f = follows[symbol] else { return }
        guard overlap.firstClosedKline(symbol, openMs: c.ts) else {
            if !caughtUp { stats.duplicates += 1 }
            return
        }
        if caughtUp { stats.caughtUpCandles += 1 } else { stats.closedCandles += 1 }
        await sink.candle(c, instrument: f.id, closed: true)
    }

    /// Everything Binance sends besides market data.
    func control(_ message: BinanceStreamMessage, on socket: Int) {
        switch message {
        case .done(let id):
            guard case .int(let rid)? = id, let r = slots[socket]?.requests.removeValue(forKey: rid) else { return }
            if r.op == .subscribe {
                stats.subscribeAcks += 1
                slots[socket]!.acked.formUnion(r.streams)
            } else {
                stats.unsubscribeAcks += 1
                slots[socket]!.acked.subtract(r.streams)
            }
            checkSubscribed(socket)
        case .error(let code, let text, let id):
            stats.venueErrors += 1
            logger.warning("Binance refused a market stream request", metadata: [
                "code": "\(code)", "message": "\(text)", "id": "\(id.map { "\($0)" } ?? "none")"])
            // What it asked for is not coming; waiting for it would stall the rotation.
            if case .int(let rid)? = id, slots[socket]?.requests.removeValue(forKey: rid) != nil { checkSubscribed(socket) }
        case .serverShutdown(let eventMs):
            stats.shutdownNotices += 1
            logger.notice("Binance will close a market stream connection: opening the next one first",
                          metadata: ["event_ms": "\(eventMs)"])
            guard let s = slots[socket], !s.draining else { return }
            perform(rotation.serverShutdown(s.generation))
        case .subscriptions, .other, .market:
            // The keep-alive's answer; streams not asked for; hot messages the parser already took.
            break
        }
    }

    /// A frame that could not be read: counted and skipped, and logged a few times a minute
    /// at most, since a server sending garbage may send a lot of it.
    func malformed(_ error: String) {
        stats.malformedFrames += 1
        guard let suppressed = malformedLog.admit() else { return }
        logger.warning("unreadable frame on Binance's market stream", metadata: [
            "error": "\(error)", "not_logged_since": "\(suppressed)"])
    }
}
