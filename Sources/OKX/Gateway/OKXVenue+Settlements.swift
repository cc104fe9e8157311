import BotCore
import Logging
import OKXWire

/// What OKX does to the account's positions by itself: funding fees, read from the account's
/// bills, and liquidations, from the `orders` pushes and, for those no push brought, the order
/// history. Each goes to the runtime, which books it on the bots that held the leg.
extension OKXVenue {
    /// Reads funding fees every `fundingPollEvery` for as long as the account is open. The
    /// first read waits one period, so the bots of the account have registered to hear them.
    func watchSettlements() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.fundingPollEvery)
            if Task.isCancelled { return }
            await readFunding()
        }
    }

    /// Hands on the funding fees billed since the last read (at the first, the 7 days the
    /// bills cover): one settlement per bill, for the leg it charged, at OKX's settled rate and
    /// the bill's mark price. A bill whose rate cannot be read yet is read again next time.
    func readFunding() async {
        let since = (fundingReadMs ?? rest.clock.nowMs - 7 * 86_400_000) - 60_000
        do {
            var newest = fundingReadMs ?? since
            var pending = false
            for bill in try await fundingBills(since: since) where !fundingBillsSeen.contains(bill.billID) {
                guard let inst = instrument(bill.instId), let mark = bill.price else { continue }
                guard let rate = try await settledRate(bill.instId, at: bill.ts), !rate.rate.isZero else {
                    pending = true
                    continue
                }
                let side: PositionSide
                if settings.positionMode == .net {
                    side = .net
                } else {
                    // A bill names no leg: the one that paid is the long when the rate is positive.
                    side = (bill.balanceChange.raw < 0) == (rate.rate.raw > 0) ? .long : .short
                }
                fundingBillsSeen.insert(bill.billID)
                if !pending { newest = max(newest, bill.ts) }
                stats.fundingBills += 1
                sink?.deliver(funding: FundingCharge(ts: rate.fundingTime, mark: mark, rate: rate.rate, side: side),
                              instrument: inst.id, account: account)
            }
            fundingReadMs = newest
            if fundingBillsSeen.count > 4_096 { fundingBillsSeen.removeAll() }
        } catch {
            logger.warning("reading OKX's funding fees failed; read again next time", metadata: ["error": "\(error)"])
        }
    }

    /// Funding bills at or after `since`, oldest first, every page.
    func fundingBills(since: Int64) async throws -> [OKXBill] {
        var out: [OKXBill] = [], after: String?
        while true {
            let page = try await data(OKXBill.self, OKXRest.bills(instType: .swap, type: "8", after: after, begin: max(0, since),
                                                                  limit: 100), instId: nil)
            out += page.filter { $0.isFunding && $0.ts >= since }
            guard page.count == 100, let last = page.last, last.ts >= since else { break }
            after = last.billID
        }
        return out.reversed()
    }

    /// The settlement a funding bill at `ts` belongs to: the latest at or before it. The rates
    /// read are asked again only for a bill later than the read (whose settlement the read
    /// cannot hold); a bill is written within moments of its settlement, an hour at most here.
    func settledRate(_ instId: String, at ts: Int64) async throws -> OKXFundingRate? {
        if (fundingRatesReadMs[instId] ?? .min) < ts + 1_000 {
            let page = try await data(OKXFundingRate.self, OKXRest.fundingRateHistory(instId: instId, limit: 100), instId: nil)
            fundingRates[instId] = page.sorted { $0.fundingTime < $1.fundingTime }
            fundingRatesReadMs[instId] = rest.clock.nowMs
        }
        guard let r = fundingRates[instId]?.last(where: { $0.fundingTime <= ts }), ts - r.fundingTime < 3_600_000 else { return nil }
        return r
    }

    /// The rules of an instrument no bot has prepared yet (a liquidation found at opening).
    func rulesFor(_ instId: String) async -> Instrument? {
        if let known = instrument(instId) { return known }
        return try? await loadRules(instId, makerFee: settings.makerFee, takerFee: settings.takerFee)
    }

    /// An `orders` push of a liquidation order OKX placed: its fill goes to the runtime.
    func liquidated(_ o: OKXOrder) {
        guard let inst = instrument(o.instId) else { return }
        do {
            if let l = try o.liquidation(instrument: inst) { reportLiquidation(l, instId: o.instId) }
        } catch {
            logger.error("a liquidation OKX pushed could not be read", metadata: ["order": "\(o.orderID)", "error": "\(error)"])
        }
    }

    func reportLiquidation(_ l: VenueLiquidation, instId: String) {
        guard let trade = l.fill.tradeID, liquidationsSeen.insert(trade).inserted else { return }
        if liquidationsSeen.count > 4_096 { liquidationsSeen.removeAll() }
        stats.liquidations += 1
        sink?.deliver(liquidation: l, instrument: InstrumentID(venue: settings.venue, symbol: instId), account: account)
    }

    /// Liquidations of the last 3 days (what `trade/fills` keeps): at the account's first
    /// reconciliation, for those that happened while botd was not running. The runtime books
    /// each once, on the bots that held the leg then.
    func recoverLiquidations() async throws {
        for category in ["full_liquidation", "partial_liquidation", "adl"] {
            let orders = try await data(OKXOrder.self, OKXRest.ordersHistory(instType: .swap, category: category, limit: 100),
                                        instId: nil)
            for o in orders where o.filledSize.raw > 0 && o.updatedMs ?? o.createdMs >= rest.clock.nowMs - 3 * 86_400_000 {
                guard let inst = await rulesFor(o.instId) else { continue }
                var after: String?
                repeat {
                    let page = try await data(OKXFill.self, OKXRest.fills(instType: .swap, orderID: o.orderID, after: after, limit: 100),
                                              instId: nil)
                    for f in page.reversed() {
                        if let l = try f.liquidation(instrument: inst) { reportLiquidation(l, instId: f.instId) }
                    }
                    after = page.count == 100 ? page.last?.billID : nil
                } while after != nil
            }
        }
    }
}
