import BotCore
import BotConfig
import Execution
import Risk
import Store

/// What a bot reports to the event log: each event goes into the same store transaction (or
/// journal entry) as the change it reports.
extension BotActor {
    func event(_ what: RuntimeEvent.What, ts: Int64? = nil) -> RuntimeEvent {
        RuntimeEvent(ts: ts ?? recordTime, bot: id, user: spec.user, what)
    }

    /// The events of an order event just applied: the order's own, then for a fill what it did
    /// to the position (`before` is the leg before it) and whether it was a take-profit or a stop.
    func events(of e: OrderEvent, positionBefore before: Position?) -> [RuntimeEvent] {
        var out = [event(RuntimeEvent.What(e))]
        guard case .filled(let f) = e, let before else { return out }
        out += positionEvents(before: before, after: ledger.position(f.positionSide))
        if let r = ledger.order(f.orderID)?.request, r.reduceOnly {
            switch r.type {
            case .stopMarket, .stopLimit: out.append(event(.stopHit(r.id, price: f.price)))
            case .limit: out.append(event(.takeProfitHit(r.id, price: f.price)))
            case .market: break
            }
        }
        return out
    }

    func positionEvents(before: Position, after: Position) -> [RuntimeEvent] {
        let inst = spec.instrument
        if before.isFlat && !after.isFlat {
            return [event(.positionOpened(after.side, quantity: after.quantity, entry: after.averageEntry(inst)))]
        }
        if !before.isFlat && after.isFlat {
            return [event(.positionClosed(after.side, realizedPnL: after.realizedPnL - before.realizedPnL))]
        }
        if before.quantity != after.quantity {
            return [event(.positionChanged(after.side, quantity: after.quantity, entry: after.averageEntry(inst)))]
        }
        return []
    }

    /// Denials are reported as they reach the strategy; a daily-loss denial is the user's kill
    /// switch, reported once per bot and day.
    func reportDenial(_ id: ClientOrderID, _ d: RiskDenial) {
        var events = [event(.riskRejected(id, d))]
        if d.code == .dailyLossKillSwitch, killSwitchDay != recordTime / 86_400_000 {
            killSwitchDay = recordTime / 86_400_000
            events.append(event(.killSwitch(dailyLoss: pnl(), limit: pipeline.guardrails.userLimits.dailyLoss)))
        }
        store.postEvents(events)
    }
}
