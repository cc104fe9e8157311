import BotCore
import Logging
import Synchronization

/// Takes what a venue reports and hands each order event to the bot that owns its client order
/// id (by the id's bot hash), ahead of the market data queued for it; funding goes to every bot
/// of the account trading the instrument, and a liquidation to the supervisor, which splits it
/// among the bots that held the leg. An event for no running bot is kept and logged, and handed to the bot
/// when it registers again (reconciling its open orders at start never asks about an order it
/// had already finished, e.g. a fill that preceded a cancel the bot had booked).
public final class VenueRouter: VenueEventSink {
    struct Market: Hashable {
        var account: String
        var instrument: InstrumentID
    }
    private struct State {
        var owners: [UInt64: Mailbox<BotEvent>] = [:]
        var traders: [Market: [String: Mailbox<BotEvent>]] = [:]
        var orphans: [OrderEvent] = []
        /// The latest settlements per market, for a bot that registers after one was reported
        /// (a live venue's bills are read once, maybe before the bot started).
        var funding: [Market: [FundingCharge]] = [:]
    }
    private let state = Mutex(State())
    let logger: Logger
    /// How many reports of orders for no running bot are kept for a look (`orphans`).
    static let keptOrphans = 1_000
    /// Settlements kept per account and instrument for bots that register later (3 weeks of
    /// 8-hourly settlements, per leg).
    static let keptSettlements = 128

    public init(logger: Logger) { self.logger = logger }

    public func register(bot: String, account: String, instrument: InstrumentID, mailbox: Mailbox<BotEvent>) {
        let hash = ClientOrderID.hash(bot)
        let market = Market(account: account, instrument: instrument)
        let (missed, funding): ([OrderEvent], [FundingCharge]) = state.withLock { s in
            s.owners[hash] = mailbox
            s.traders[market, default: [:]][bot] = mailbox
            let mine = s.orphans.filter { $0.orderID.botHash == hash }
            if !mine.isEmpty { s.orphans.removeAll { $0.orderID.botHash == hash } }
            return (mine, s.funding[market] ?? [])
        }
        for e in missed { mailbox.sendUrgent(.order(e)) }
        // The bot books a settlement once, on what it held then: nothing when it did not.
        for f in funding { mailbox.send(.funding(f)) }
    }

    public func unregister(bot: String) {
        state.withLock { s in
            s.owners[ClientOrderID.hash(bot)] = nil
            for id in s.traders.keys { s.traders[id]?[bot] = nil }
        }
    }

    public func deliver(_ event: OrderEvent, instrument: InstrumentID) {
        let owner = state.withLock { $0.owners[event.orderID.botHash] }
        if let owner, owner.sendUrgent(.order(event)) { return }
        state.withLock { s in
            s.orphans.append(event)
            if s.orphans.count > Self.keptOrphans { s.orphans.removeFirst() }
        }
        logger.warning("order event for no running bot", metadata: ["client_order_id": "\(event.orderID)",
                                                                     "instrument": "\(instrument)"])
    }

    public func deliver(funding: FundingCharge, instrument: InstrumentID, account: String) {
        let market = Market(account: account, instrument: instrument)
        let traders = state.withLock { s in
            s.funding[market, default: []].append(funding)
            if s.funding[market]!.count > Self.keptSettlements { s.funding[market]!.removeFirst() }
            return Array((s.traders[market] ?? [:]).values)
        }
        // In the ordinary lane: a bot books funding as it handles it, in market order.
        for m in traders { m.send(.funding(funding)) }
    }

    /// Where liquidations go (the supervisor knows which bots hold the leg, and how much).
    private let liquidations = Mutex<(@Sendable (String, InstrumentID, VenueLiquidation) -> Void)?>(nil)

    public func onLiquidation(_ handler: @escaping @Sendable (String, InstrumentID, VenueLiquidation) -> Void) {
        liquidations.withLock { $0 = handler }
    }

    public func deliver(liquidation: VenueLiquidation, instrument: InstrumentID, account: String) {
        logger.warning("the venue liquidated a position", metadata: [
            "account": "\(account)", "instrument": "\(instrument)", "side": "\(liquidation.fill.positionSide.rawValue)",
            "quantity": "\(liquidation.fill.quantity)", "price": "\(liquidation.fill.price)", "kind": "\(liquidation.kind.rawValue)"])
        guard let handler = liquidations.withLock({ $0 }) else {
            return logger.error("a liquidation reached no supervisor", metadata: ["account": "\(account)"])
        }
        handler(account, instrument, liquidation)
    }

    /// Where suspensions go (the supervisor pauses the bots concerned).
    private let suspensions = Mutex<(@Sendable (String, InstrumentID, Bool) -> Void)?>(nil)

    public func onSuspension(_ handler: @escaping @Sendable (String, InstrumentID, Bool) -> Void) {
        suspensions.withLock { $0 = handler }
    }

    public func instrument(_ id: InstrumentID, suspended: Bool, account: String) {
        logger.warning(suspended ? "the venue suspended an instrument: its bots pause" : "the venue trades an instrument again",
                       metadata: ["instrument": "\(id)", "account": "\(account)"])
        suspensions.withLock { $0 }?(account, id, suspended)
    }

    /// Reports that reached no bot, oldest first.
    public var orphans: [OrderEvent] { state.withLock { $0.orphans } }
}
