import BinanceWire
import BotCore
import Logging

/// After every (re)subscription of the user data stream, the account is compared with what
/// this process believes: open orders are adopted by client id, orders that finished unseen
/// report how, and fills no event brought are handed on. Orders that are not ours are
/// reported and left alone. Binance answers per symbol: the symbols the account's bots trade.
extension BinanceVenue {
    func reconcile() async {
        let now = rest.clock.nowMs
        // From a little before the stream was lost (or, at the first subscription, the last
        // minutes: the bots themselves reconcile the orders they had open when they stopped).
        let since = (streamLostAtMs ?? now - 120_000) - 10_000
        streamLostAtMs = nil
        do {
            var pending: [ClientOrderID: String] = [:]
            for o in try await venueOpenOrders(symbol: nil) {
                guard let id = o.runtimeOrderID else {
                    foreign("order \(o.orderID) (\(o.symbol))")
                    continue
                }
                pending[id] = o.symbol
                if open[id] == nil {
                    open[id] = o.symbol
                    reportAccepted(id, symbol: o.symbol)
                    if o.executedQuantity.raw > 0 { try await handOnFills(symbol: o.symbol, since: o.timeMs ?? since, only: id) }
                }
            }
            // Believed open, no longer open: finished while nobody listened.
            for (id, symbol) in open where pending[id] == nil && !placing.contains(id) {
                guard let o = try await venueOrder(.client(id.description), symbol: symbol) else { continue }
                if o.executedQuantity.raw > 0 { try await handOnFills(symbol: symbol, since: o.timeMs ?? since, only: id) }
                endIfFinished(o)
            }
            for symbol in tradedSymbols() {
                try await handOnFills(symbol: symbol, since: lastTrade[symbol].map { min($0.ms, since) } ?? since, only: nil)
            }
            stats.reconciliations += 1
        } catch {
            logger.warning("reconciling the account with Binance failed; retried at the next subscription", metadata: ["error": "\(error)"])
        }
    }

    /// Fills on `symbol` since `since` (of one order when `only` is given), handed to their bots.
    func handOnFills(symbol: String, since: Int64, only: ClientOrderID?) async throws {
        guard let inst = instrument(symbol) else { return }
        for t in try await trades(symbol: symbol, since: since) {
            guard let id = try await runtimeID(orderID: t.orderID, symbol: symbol) else { continue }
            if let only, id != only { continue }
            do {
                let fill = try t.fill(instrument: inst, orderID: id)
                noteTrade(symbol: symbol, ms: fill.ts, id: t.tradeID)
                stats.fillsRecovered += 1
                deliver(.filled(fill), symbol: symbol)
            } catch {
                logger.error("a fill Binance reported could not be read", metadata: ["trade_id": "\(t.tradeID)", "error": "\(error)"])
            }
        }
    }
}
