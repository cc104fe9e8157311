import BinanceWire
import BotCore
import Logging

/// Stops botd keeps for a symbol whose order types take none: held here, and sent when the
/// last trade crosses the trigger, under the stop's own client id (a stop-market as a MARKET
/// order, a stop-limit as a LIMIT at its price). They protect nothing while botd is down:
/// the README says so, and the bot is told the stop is accepted only as botd's own.
extension BinanceVenue {
    func keep(_ r: OrderRequest, symbol: String) -> VenueAck {
        guard r.type.triggerPrice != nil else { return .rejected(code: "", message: "not a stop") }
        keptStops[r.id] = KeptStop(request: r, symbol: symbol)
        accepted.insert(r.id)
        logger.notice("Binance takes no stop on this symbol; botd keeps it and sends it when the price crosses",
                      metadata: ["client_order_id": "\(r.id)", "instrument": "\(symbol)", "trigger": "\(r.type.triggerPrice!)"])
        if keptStopsTask == nil {
            keptStopsTask = Task { [weak self] in await self?.watchKeptStops() }
        }
        return .accepted
    }

    /// Looks at the last trade of every kept stop's instrument every `keptStopPollEvery`.
    func watchKeptStops() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.keptStopPollEvery)
            await checkKeptStops()
        }
    }

    func checkKeptStops() async {
        for (id, stop) in keptStops {
            guard let price = lastPrice(InstrumentID(venue: settings.venue, symbol: stop.symbol)), stop.crossed(by: price) else { continue }
            guard keptStops.removeValue(forKey: id) != nil else { continue }
            await fire(stop, at: price)
        }
    }

    /// Sends a crossed stop as the order it stands for; a refusal ends the stop with the reason.
    func fire(_ stop: KeptStop, at price: Price) async {
        stats.keptStopsFired += 1
        var r = stop.request
        switch r.type {
        case .stopLimit(_, let p): r.type = .limit(p)
        default: r.type = .market
        }
        logger.notice("a stop kept by botd fired", metadata: ["client_order_id": "\(r.id)", "trigger": "\(stop.trigger)", "last": "\(price)"])
        deliver(.triggered(r.id), symbol: stop.symbol)
        guard let inst = instrument(stop.symbol) else { return }
        let ack = await place(r, inst)
        if case .rejected = ack {
            end(r.id, symbol: stop.symbol, status: .rejected, reason: "the stop fired but Binance refused its order: \(ack.reason ?? "")")
        }
    }
}
