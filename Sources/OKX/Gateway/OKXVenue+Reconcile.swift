import BotCore
import Logging
import OKXWire

/// After every (re)connection of the private stream, the account is compared with what this
/// process believes: open orders and stops are adopted by client id, orders that finished
/// unseen report how, and fills no push brought are handed on. Orders that are not ours are
/// reported and left alone.
extension OKXVenue {
    /// `counted`: in `stats.reconciliations` (one per /private connection; the /business
    /// one's is not).
    func reconcile(counted: Bool = true) async {
        let now = rest.clock.nowMs
        // From a little before the stream was lost (or, at the first connection, the last
        // minutes: the bots themselves reconcile the orders they had open when they stopped).
        let since = (streamLostAtMs ?? now - 120_000) - 10_000
        streamLostAtMs = nil
        do {
            var pending: [ClientOrderID: String] = [:]
            for o in try await pendingOrders(instId: nil) {
                guard let id = o.runtimeOrderID else {
                    foreign("order \(o.orderID) (\(o.instId))")
                    continue
                }
                pending[id] = o.instId
                if o.clientOrderID.isEmpty && !o.algoClientOrderID.isEmpty { stopChildren[o.orderID] = id }
                if open[id] == nil {
                    open[id] = o.instId
                    reportAccepted(id, instId: o.instId)
                    if o.filledSize.raw > 0 { try await handOnFills(instId: o.instId, since: o.createdMs, only: id) }
                }
            }
            for a in try await pendingStops(instId: nil) {
                guard let id = a.runtimeOrderID else {
                    foreign("stop \(a.algoID) (\(a.instId))")
                    continue
                }
                stopIDs.insert(id)
                pending[id] = a.instId
                if open[id] == nil {
                    open[id] = a.instId
                    reportAccepted(id, instId: a.instId)
                }
            }
            // Believed open, no longer pending: finished while nobody listened.
            for (id, instId) in open where pending[id] == nil && !placing.contains(id) {
                guard let o = try await lookUp(id, instId: instId) else { continue }
                if o.filled.raw > 0 { try await handOnFills(instId: instId, since: o.createdMs ?? since, only: id) }
                switch o.status {
                case .cancelled: deliver(.cancelled(id), instId: instId)
                case .expired: deliver(.expired(id), instId: instId)
                case .rejected: deliver(.rejected(id, reason: o.reason ?? "refused by OKX"), instId: instId)
                default: break
                }
                if !o.status.isOpen { finished(id) }
            }
            try await handOnFills(instId: nil, since: since, only: nil)
            if !liquidationsRecovered {
                try await recoverLiquidations()
                liquidationsRecovered = true
            }
            if counted { stats.reconciliations += 1 }
        } catch {
            logger.warning("reconciling the account with OKX failed; retried at the next connection", metadata: ["error": "\(error)"])
        }
    }

    /// Fills since `since` (of one order when `only` is given), handed to their bots.
    func handOnFills(instId: String?, since: Int64, only: ClientOrderID?) async throws {
        for f in try await venueFills(instId: instId, since: since) {
            guard let id = f.runtimeOrderID ?? stopChildren[f.orderID] else {
                // A liquidation while the stream was down: OKX's order, the bots' positions.
                if only == nil, f.liquidationKind != nil, let inst = await rulesFor(f.instId), let l = try? f.liquidation(instrument: inst) {
                    reportLiquidation(l, instId: f.instId)
                }
                continue
            }
            if let only, id != only { continue }
            guard let inst = instrument(f.instId) else { continue }
            do {
                let fill = try f.fill(instrument: inst, orderID: id)
                lastFillMs = max(lastFillMs, fill.ts)
                stats.fillsRecovered += 1
                deliver(.filled(fill), instId: f.instId)
            } catch {
                logger.error("a fill OKX reported could not be read", metadata: ["trade_id": "\(f.tradeID)", "error": "\(error)"])
            }
        }
    }
}
