import BotCore
import Synchronization

/// Buys `size` on one closed bar and closes on the next: trades on every other bar.
struct Flipper: Strategy {
    static let key = "test-flipper"
    static let summary = "alternates buy and close every bar"
    struct Params: Sendable, Codable, Equatable { var size: Quantity = Quantity.of("0.01") }
    struct State: Sendable, Codable { var bars = 0; var pending: ClientOrderID?; var long = false }
    var params: Params
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.size = r.fixed("size", Quantity.self, positive: true) ?? p.size
        r.touch("throw_at")
        return p
    }
    init(params: Params, setup: StrategySetup) { self.params = params }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        switch event {
        case .candleClosed:
            state.bars += 1
            guard state.pending == nil else { return }
            if context.legs.net.isFlat {
                state.pending = out.place(.buy, .market, quantity: params.size)
            } else {
                state.pending = out.close()
            }
        case .order(let e) where e.orderID == state.pending:
            switch e {
            case .filled, .rejected, .cancelled, .expired: state.pending = nil
            default: break
            }
        case .riskRejected(let id, _) where id == state.pending:
            state.pending = nil
        default:
            break
        }
    }
}

/// Throws once, process-wide, on the `throw_at`th closed bar it sees (history included);
/// otherwise a Flipper.
struct ThrowOnce: Strategy {
    static let key = "test-throw-once"
    static let summary = "throws once"
    static let remaining = Mutex(1)
    struct Params: Sendable, Codable, Equatable { var throwAt = 5 }
    struct State: Sendable, Codable { var flipper = Flipper.State(); var live = 0 }
    var inner: Flipper
    var params: Params
    var state: State {
        get { State(flipper: inner.state, live: live) }
        set { inner.state = newValue.flipper; live = newValue.live }
    }
    var live = 0
    struct Boom: Error {}
    static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.throwAt = r.int("throw_at") ?? p.throwAt
        return p
    }
    init(params: Params, setup: StrategySetup) {
        self.params = params
        inner = Flipper(params: .init(), setup: setup)
    }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        if case .candleClosed = event {
            live += 1
            if live >= params.throwAt, Self.remaining.withLock({ n in n > 0 ? { n -= 1; return true }() : false }) {
                throw Boom()
            }
        }
        try inner.handle(event, context: context, into: &out)
    }
}

/// Throws on every closed bar.
struct AlwaysThrow: Strategy {
    static let key = "test-always-throw"
    static let summary = "always throws"
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable {}
    var state = State()
    struct Boom: Error {}
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        if case .candleClosed = event { throw Boom() }
    }
}

/// Sets a timer two minutes ahead on its first live bar (after the harness's 30 bars of
/// history); when it fires, rests a buy limit 10 %
/// under the market, then on its acceptance moves it to 20 % under and halves it.
struct TimerAmend: Strategy {
    static let key = "test-timer-amend"
    static let summary = "timer and amend"
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable {
        var bars = 0
        var fired: [Int64] = []
        var order: ClientOrderID?
        var amended = false
        var last: Price = 0
    }
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _):
            state.last = c.close
            state.bars += 1
            if state.bars == 31 { out.setTimer(id: 1, at: context.time + 120_000) }
        case .timer(_, let ts):
            state.fired.append(ts)
            state.order = out.place(.buy, .limit(state.last.scaled(by: Ratio.of("0.9"), .down)), quantity: Quantity.of("0.02"))
        case .order(.accepted(let id)) where id == state.order && !state.amended:
            state.amended = true
            out.amend(id, price: state.last.scaled(by: Ratio.of("0.8"), .down), quantity: Quantity.of("0.01"))
        default:
            break
        }
    }
}

/// Takes every trade; throws if one arrives out of order (by its timestamp) or after a bar
/// that closed later than it; buys on every `every`th trade and closes on the next multiple.
struct TradeCounter: Strategy {
    static let key = "test-trade-counter"
    static let summary = "counts trades, trades on every Nth"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable { var every = 10 }
    struct State: Sendable, Codable { var trades = 0; var lastTs: Int64 = .min; var long = false }
    struct OutOfOrder: Error {}
    var params: Params
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.every = r.int("every", in: 1...1_000_000) ?? p.every
        return p
    }
    init(params: Params, setup: StrategySetup) { self.params = params }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        guard case .trade(let t) = event else { return }
        guard t.ts > state.lastTs else { throw OutOfOrder() }
        state.lastTs = t.ts
        state.trades += 1
        if state.trades % params.every == 0 {
            if state.long { out.close() } else { out.place(.buy, .market, quantity: Quantity.of("0.01")) }
            state.long.toggle()
        }
    }
}

/// Buys 0.01 on its first live bar and holds; a take-profit set by hand becomes a reduce-only
/// limit sell for the position (replacing the last one).
struct BuyAndHold: Strategy {
    static let key = "test-buy-and-hold"
    static let summary = "buys once and holds"
    static var takesManualChanges: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var bought = false; var target: ClientOrderID?; var changes = 0 }
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) {}
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed where !state.bought && context.legs.net.isFlat && context.openOrders == 0:
            out.place(.buy, .market, quantity: Quantity.of("0.01"))
        case .order(.filled):
            state.bought = true
        case .manual(let change, _):
            state.changes += 1
            guard let tp = change.takeProfit, !context.legs.net.isFlat else { return }
            if let old = state.target { out.cancel(old) }
            state.target = out.place(.sell, .limit(tp), quantity: context.legs.net.quantity.magnitude, reduceOnly: true)
        default:
            break
        }
    }
}

/// On its first trade, buys at market and places a reduce-only take-profit 5 % above: the
/// take-profit is only allowed once the entry has filled.
struct EntryWithTarget: Strategy {
    static let key = "test-entry-with-target"
    static let summary = "an entry and its take-profit in one decision"
    static var wantsTrades: Bool { true }
    struct Params: Sendable, Codable, Equatable {}
    struct State: Sendable, Codable { var placed = false; var denials: [String] = [] }
    var state = State()
    let tick: Price
    static func parameters(_ r: any ParameterReader) -> Params? { Params() }
    init(params: Params, setup: StrategySetup) { tick = setup.instrument.tickSize }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws {
        switch event {
        case .trade(let t) where !state.placed:
            state.placed = true
            let q = Quantity.of("0.01")
            out.place(.buy, .market, quantity: q)
            let target = t.price.scaled(by: Ratio.of("1.05"), .up).rounded(toMultipleOf: tick, .up)
            out.place(.sell, .limit(target), quantity: q, reduceOnly: true)
        case .riskRejected(_, let d):
            state.denials.append("\(d)")
        default:
            break
        }
    }
}

/// Spends `quote` of the quote currency at market once (an order sized in quote), and says
/// when the venue called it complete.
struct QuoteSpender: Strategy {
    static let key = "test-quote-spender"
    static let summary = "buys a quote amount's worth once"
    struct Params: Sendable, Codable, Equatable { var quote = Money.of("1000") }
    struct State: Sendable, Codable { var order: ClientOrderID?; var completed = false }
    var params: Params
    var state = State()
    static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.quote = r.fixed("quote", Money.self, positive: true) ?? p.quote
        return p
    }
    init(params: Params, setup: StrategySetup) { self.params = params }
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed where state.order == nil:
            state.order = out.placeQuote(.buy, quote: params.quote)
        case .order(.completed(let id)) where id == state.order:
            state.completed = true
        case .riskRejected(let id, _) where id == state.order:
            state.order = nil
        default:
            break
        }
    }
}
