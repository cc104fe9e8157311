import BotCore

/// How one venue liquidation of an account's leg is shared among the bots that held it: in
/// proportion to what each held, in whole lots, the lots left over by rounding going to the
/// largest fractions (ties by bot id, so a split is the same every time it is worked out). No
/// bot is given more than it held; what exceeds their total is no bot's (`unheld`).
public struct LiquidationSplit: Equatable, Sendable {
    public var shares: [String: Quantity]
    public var unheld: Quantity

    /// `held`: each bot's holding on the leg (a magnitude; bots holding nothing are left out).
    public init(quantity: Quantity, held: [String: Quantity], lot: Quantity) {
        let holders = held.filter { $0.value.raw > 0 }.sorted { $0.key < $1.key }
        let total = holders.reduce(Quantity.zero) { $0 + $1.value }
        guard quantity.raw > 0, lot.raw > 0, total.raw > 0 else {
            shares = [:]
            unheld = quantity.raw > 0 ? quantity : .zero
            return
        }
        if quantity >= total {
            shares = Dictionary(uniqueKeysWithValues: holders.map { ($0.key, $0.value) })
            unheld = quantity - total
            return
        }
        // In lots, in 128 bits: a share is quantity × held / total before rounding.
        let units = Int128(quantity.raw / lot.raw), totalRaw = Int128(total.raw)
        var given: [(bot: String, units: Int128, rest: Int128, cap: Int128)] = holders.map { bot, h in
            let exact = units * Int128(h.raw)
            return (bot, exact / totalRaw, exact % totalRaw, Int128(h.raw / lot.raw))
        }
        var left = units - given.reduce(0) { $0 + $1.units }
        for i in given.indices.sorted(by: { (given[$0].rest, given[$1].bot) > (given[$1].rest, given[$0].bot) }) where left > 0 {
            guard given[i].units < given[i].cap else { continue }
            given[i].units += 1
            left -= 1
        }
        shares = Dictionary(uniqueKeysWithValues: given.filter { $0.units > 0 }.map {
            ($0.bot, Quantity(raw: Int64($0.units) * lot.raw))
        })
        unheld = Quantity(raw: Int64(left) * lot.raw) + Quantity(raw: quantity.raw % lot.raw)
    }
}
