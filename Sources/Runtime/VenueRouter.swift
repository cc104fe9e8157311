import BotCore
import Logging
import Synchronization

/// Takes what a venue reports and hands each order event to the bot that owns its client order
/// id (by the id's bot hash), ahead of the market data queued for it; funding goes to every bot
/// trading the instrument. An event for no running bot is kept and logged, and handed to the bot
/// when it registers again (reconciling its open orders at start never asks about an order it
/// had already finished, e.g. a fill that preceded a cancel the bot had booked).
public final class VenueRouter: VenueEventSink {
    private struct State {
        var owners: [UInt64: Mailbox<BotEvent>] = [:]
        var traders: [InstrumentID: [String: Mailbox<BotEvent>]] = [:]
        var orphans: [OrderEvent] = []
    }
    private let state = Mutex(State())
    let logger: Logger
    /// How many reports of orders for no running bot are kept for a look (`orphans`).
    static let keptOrphans = 1_000

    public init(logger: Logger) { self.logger = logger }

    public func register(bot: String, instrument: InstrumentID, mailbox: Mailbox<BotEvent>) {
        let hash = ClientOrderID.hash(bot)
        let missed: [OrderEvent] = state.withLock { s in
            s.owners[hash] = mailbox
            s.traders[instrument, default: [:]][bot] = mailbox
            let mine = s.orphans.filter { $0.orderID.botHash == hash }
            if !mine.isEmpty { s.orphans.removeAll { $0.orderID.botHash == hash } }
            return mine
        }
        for e in missed { mailbox.sendUrgent(.order(e)) }
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

    public func deliver(funding: FundingCharge, instrument: InstrumentID) {
        let traders = state.withLock { Array(($0.traders[instrument] ?? [:]).values) }
        // In the ordinary lane: a bot books funding as it handles it, in market order.
        for m in traders { m.send(.funding(funding)) }
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
