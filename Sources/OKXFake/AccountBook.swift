import BotCore

/// One account's trading state: settings, cash, positions, orders, algo orders, fills and bills.
final class AccountBook {
    var account: FakeAccount
    /// USDT cash balance: deposits, realised PnL and fees.
    var cash: Money
    var positionMode: FakeAccount.PositionMode
    /// Leverage per instrument (cross margin): 10× until set-leverage changes it.
    var leverage: [String: Int] = [:]
    /// Every order by ordId, open or not; `orderIds` in the order they were placed.
    var orders: [String: FakeOrder] = [:]
    var orderIds: [String] = []
    /// Positions keyed by `instId|posSide`.
    var positions: [String: FakePosition] = [:]
    var fills: [FakeFill] = []
    /// Funding fees and liquidations, oldest first (account/bills).
    var bills: [FakeBill] = []
    var algos: [String: AlgoOrder] = [:]
    var algoIds: [String] = []

    init(_ account: FakeAccount) {
        self.account = account
        cash = account.usdt
        positionMode = account.positionMode
    }

    var uid: String { account.uid }

    func lever(_ instId: String) -> Int { leverage[instId] ?? 10 }

    func openOrder(clOrdId: String) -> FakeOrder? {
        guard !clOrdId.isEmpty else { return nil }
        return orderIds.lazy.reversed().compactMap { self.orders[$0] }.first { $0.clOrdId == clOrdId && $0.state.isOpen }
    }

    /// By ordId if given (it wins over clOrdId, as on OKX), else the latest with that clOrdId.
    func find(ordId: String?, clOrdId: String?) -> FakeOrder? {
        if let o = ordId, !o.isEmpty { return orders[o] }
        guard let c = clOrdId, !c.isEmpty else { return nil }
        return orderIds.lazy.reversed().compactMap { self.orders[$0] }.first { $0.clOrdId == c }
    }

    func findAlgo(algoId: String?, algoClOrdId: String?) -> AlgoOrder? {
        if let a = algoId, !a.isEmpty { return algos[a] }
        guard let c = algoClOrdId, !c.isEmpty else { return nil }
        return algoIds.lazy.reversed().compactMap { self.algos[$0] }.first { $0.algoClOrdId == c }
    }

    func position(_ instId: String, _ posSide: String) -> FakePosition? { positions[instId + "|" + posSide] }

    /// Margin held by open orders that would open or add to a position, at their price.
    func orderMargin(_ instruments: [String: FakeInstrument], last: (String) -> Price?) -> Money {
        var total = Money.zero
        for id in orderIds {
            guard let o = orders[id], o.state.isOpen, !o.reduceOnly, let inst = instruments[o.instId],
                  let px = o.px ?? last(o.instId) else { continue }
            total += inst.notional(px: px, sz: o.remaining).divided(by: Ratio(o.lever), .up)
        }
        return total
    }

    /// Initial margin of the positions and their unrealised PnL, at the last prices.
    func positionFigures(_ instruments: [String: FakeInstrument], last: (String) -> Price?) -> (imr: Money, upl: Money, mmr: Money) {
        var imr = Money.zero, upl = Money.zero, mmr = Money.zero
        for p in positions.values where !p.size.isZero {
            guard let inst = instruments[p.instId], let px = last(p.instId) else { continue }
            let notional = inst.notional(px: px, sz: p.size)
            imr += notional.divided(by: Ratio(lever(p.instId)), .up)
            mmr += notional.times(FakePosition.maintenanceMarginRate, .up)
            upl += p.upl(last: px, inst: inst)
        }
        return (imr, upl, mmr)
    }
}
