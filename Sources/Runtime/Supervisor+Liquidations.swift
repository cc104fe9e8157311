import BotCore
import Logging
import Store

/// A venue's liquidation of an account's leg names no order of ours: the supervisor, which
/// knows the account's bots, splits it among those that held the leg when it happened and
/// hands each its share as a liquidation of its own. The split is recorded before any bot is
/// told (see `Store+Liquidations`): reported again, the execution goes to the same bots.
extension Supervisor {
    func venueLiquidated(account: String, instrument: InstrumentID, _ l: VenueLiquidation) async {
        let f = l.fill
        guard let trade = f.tradeID else {
            return logger.error("a liquidation without the venue's trade id cannot be booked once; left alone",
                                metadata: ["account": "\(account)", "instrument": "\(instrument)"])
        }
        do {
            var shares = try await store.liquidationShares(account: account, trade: trade)
            if shares == nil {
                let split = LiquidationSplit(quantity: f.quantity, held: try await holdings(account, instrument, f),
                                             lot: l.lotSize)
                if try await store.recordLiquidationShares(account: account, trade: trade, shares: split.shares, ts: f.ts) {
                    shares = split.shares
                    if split.unheld.raw > 0 {
                        logger.error("the venue liquidated more than the account's bots held", metadata: [
                            "account": "\(account)", "instrument": "\(instrument)", "trade_id": "\(trade)", "unheld": "\(split.unheld)"])
                        emit("", "liquidation_unheld", "account '\(account)': \(split.unheld) of \(instrument) "
                             + "(\(f.positionSide.rawValue)) liquidated by the venue was held by no bot")
                    }
                } else {
                    // Reported twice at once: the split recorded first stands.
                    shares = try await store.liquidationShares(account: account, trade: trade)
                }
            }
            for (bot, q) in (shares ?? [:]).sorted(by: { $0.key < $1.key }) where q.raw > 0 {
                var mine = f
                mine.quantity = q
                mine.fee = Money(raw: Int64(Int128(f.fee.raw) * Int128(q.raw) / Int128(f.quantity.raw)))
                // Routed by the bot's hash; the bot books it under an id of its own.
                mine.orderID = ClientOrderID(botHash: ClientOrderID.hash(bot), sequence: UInt64.max)
                venueRouter.deliver(.liquidated(mine), instrument: instrument)
            }
        } catch {
            logger.error("booking a liquidation failed", metadata: ["account": "\(account)", "trade_id": "\(trade)",
                                                                    "error": "\(error)"])
        }
    }

    /// What each of the account's bots on the instrument held on the liquidated leg just before
    /// `f`, counted in the direction `f` closes (a sell closes what is long, a buy what is
    /// short): from the store, which knows bots that are not running too.
    func holdings(_ account: String, _ instrument: InstrumentID, _ f: Fill) async throws -> [String: Quantity] {
        let held = try await store.holdings(account: account, instrument: instrument, side: f.positionSide, at: f.ts)
        return held.compactMapValues { q in
            let closing = f.side == .sell ? q : -q
            return closing.raw > 0 ? closing : nil
        }
    }
}
