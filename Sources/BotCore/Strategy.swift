/// A trading strategy: a deterministic state machine from events to intents.
///
/// No wall clock, no I/O, no unseeded randomness: the same parameters and events give the
/// same intents in a backtest, on paper and live. `State` is everything needed to resume after
/// a restart, so a snapshot plus the events after it reproduces the strategy exactly.
/// Implementations are structs; the runtime and backtester are generic over them, so the hot
/// path has no existential boxing, and `handle` appends to a reused buffer instead of
/// returning a fresh array per event.
public protocol Strategy: Sendable {
    associatedtype Params: Sendable & Codable & Equatable
    associatedtype State: Sendable & Codable

    /// The `strategy` value in a bot file.
    static var key: String { get }
    /// One sentence for `botctl` and lint output.
    static var summary: String { get }

    /// Reads `[params]`; records a located issue for each bad or unknown key and returns nil
    /// when the parameters cannot be used.
    static func parameters(_ reader: any ParameterReader) -> Params?

    /// Builds the strategy. Throws `StrategySetupError` when its parameters cannot be used as
    /// they stand (a model file that will not load): the bot then fails to start, the others run.
    init(params: Params, setup: StrategySetup) throws

    /// The snapshot; assigning it restores a previous run.
    var state: State { get set }

    /// Whether the strategy wants every trade print (`.trade` events). Strategies that decide
    /// on bars leave this false and are spared the traffic.
    static var wantsTrades: Bool { get }

    /// How often the strategy wants the bar still forming (`.candleForming`), in ms of market
    /// time; nil: never. The runtime keeps to it whatever the feed sends: on one-minute base
    /// bars (paper, backtests) anything up to a minute means every base bar.
    static var formingInterval: Int64? { get }
    /// Whether the strategy acts on `.manual` events (a take-profit or stop set by hand); the
    /// runtime refuses such a change for a bot whose strategy would ignore it.
    static var takesManualChanges: Bool { get }
    /// The leverage the strategy sizes its orders for (its `leverage` parameter), nil when it
    /// has none: the venue then holds the account's.
    static func leverage(_ params: Params) -> Ratio?
    /// How many closed bars of `timeframe` the strategy must see before its indicators, and
    /// the discrete states built on them, are those the whole history would give (values
    /// within 1e-9 relative). Smoothed indicators never forget their seed exactly, and a state
    /// can keep what it saw long ago, so a bot started on too little history decides unlike
    /// the same bot that had run for months: the runtime loads at least this much before the
    /// bot may trade. It takes the timeframe because a strategy reading higher-timeframe bars
    /// built from the chart's needs more chart bars on a shorter chart. 0: the strategy does
    /// not say.
    static func warmUpBars(_ params: Params, timeframe: Timeframe) -> Int

    /// Handles one event. Throwing means the strategy is broken: the supervisor restarts it
    /// from its last snapshot.
    mutating func handle(_ event: BotEvent, context: StrategyContext, into out: inout IntentSink) throws

    /// The state as JSON that `JSONDecoder` reads back as `State` (see the default).
    static func encodeState(_ state: State) throws -> [UInt8]
}

extension Strategy {
    public static var wantsTrades: Bool { false }
    public static var formingInterval: Int64? { nil }
    public static var takesManualChanges: Bool { false }
    public static func leverage(_ params: Params) -> Ratio? { nil }
    public static func warmUpBars(_ params: Params, timeframe: Timeframe) -> Int { 0 }

    /// The state as snapshot JSON. A requirement (with this default) so that each strategy's
    /// conformance calls the encoder with its concrete `State`: the runtime, generic over
    /// strategies, would otherwise encode through unspecialized code and its run-time type
    /// lookups, several times slower on the first order after an idle spell.
    public static func encodeState(_ state: State) throws -> [UInt8] { try SnapshotEncoder.encode(state) }
}

/// Why a strategy could not be built from its parameters, naming the parameter.
public struct StrategySetupError: Error, Sendable, CustomStringConvertible {
    /// The key under `[params]` at fault (`model`), or empty for the whole strategy.
    public var field: String
    public var message: String
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { field.isEmpty ? message : "params.\(field): \(message)" }
}

/// What a strategy is told once, at construction.
public struct StrategySetup: Sendable {
    public var instrument: Instrument
    public var timeframe: Timeframe
    /// Where the strategy's indicator series come from: shared with every bot of the same
    /// instrument, timeframe and parameters, or its own (nil: its own, and it sees every bar
    /// from the first, as in a backtest).
    public var series: SeriesScope?
    public init(instrument: Instrument, timeframe: Timeframe, series: SeriesScope? = nil) {
        self.instrument = instrument
        self.timeframe = timeframe
        self.series = series
    }

    /// The series of `key` for this bot: through `series` when set, else its own.
    public func shared<I: SeriesIndicator>(_ key: String, _ make: () -> I) -> SharedSeries<I> {
        let name = "\(I.self) \(key)"
        return series?.series(name, make) ?? SharedSeries(make())
    }
}

/// The bot's view of its own account at the moment of an event.
///
/// A small value: the event time plus a pointer to an immutable snapshot of the bot's
/// ledger, which the runtime rebuilds only when the ledger changes. Handing it to a strategy
/// on every event therefore copies two words, not three positions.
public struct StrategyContext: Sendable {
    /// Event time (ms); the only notion of time a strategy has.
    public var time: Int64
    private var storage: Storage

    private final class Storage: Sendable {
        let instrument: Instrument
        let legs: Legs
        let openOrders: Int
        init(instrument: Instrument, legs: Legs, openOrders: Int) {
            self.instrument = instrument
            self.legs = legs
            self.openOrders = openOrders
        }
    }

    public init(time: Int64, instrument: Instrument, legs: Legs, openOrders: Int) {
        self.time = time
        storage = Storage(instrument: instrument, legs: legs, openOrders: openOrders)
    }

    public var instrument: Instrument { storage.instrument }
    /// This bot's positions, from its ledger (not the account's).
    public var legs: Legs { storage.legs }
    /// This bot's open orders.
    public var openOrders: Int { storage.openOrders }

    public func position(_ side: PositionSide) -> Position { storage.legs[side] }

    /// Where the context's shared part lives, so a runtime walking thousands of bots can ask
    /// the CPU for it ahead of time. Only an address: nothing is read through it.
    public var prefetchAddress: UnsafeRawPointer { UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque()) }
}

/// Collects a strategy's intents for one event and hands out client order ids.
///
/// Ids come from the bot's sequence, which the runtime owns (and recovers from its orders
/// journal), so the strategy never invents one and two bots can never collide.
public struct IntentSink: Sendable {
    public let botHash: UInt64
    public private(set) var nextSequence: UInt64
    public private(set) var intents: [Intent] = [] {
        didSet { isEmpty = intents.isEmpty }
    }
    /// Stored rather than asked of the array: the runtime checks it after every event of
    /// every bot, and reading the array's buffer would be one more cache miss each time.
    public private(set) var isEmpty = true

    public init(bot: String, nextSequence: UInt64 = 0) {
        self.botHash = ClientOrderID.hash(bot)
        self.nextSequence = nextSequence
        intents.reserveCapacity(8)
    }

    public mutating func newID() -> ClientOrderID {
        defer { nextSequence += 1 }
        return ClientOrderID(botHash: botHash, sequence: nextSequence)
    }

    /// Places an order and returns its id.
    @discardableResult
    public mutating func place(_ side: Side, _ type: OrderType, quantity: Quantity, reduceOnly: Bool = false,
                               positionSide: PositionSide = .net, timeInForce: TimeInForce = .gtc,
                               priceRounding: RoundingRule? = nil) -> ClientOrderID {
        let id = newID()
        intents.append(.place(OrderRequest(id: id, side: side, type: type, quantity: quantity, reduceOnly: reduceOnly,
                                           positionSide: positionSide, timeInForce: timeInForce,
                                           priceRounding: priceRounding)))
        return id
    }

    /// Places a market order that spends (a buy) or takes in (a sell) `quote` of the quote
    /// currency, the venue working out the size; returns its id. It is over on `completed`.
    @discardableResult
    public mutating func placeQuote(_ side: Side, quote: Money, positionSide: PositionSide = .net) -> ClientOrderID {
        let id = newID()
        intents.append(.place(.marketQuote(id: id, side: side, quote: quote, positionSide: positionSide)))
        return id
    }

    public mutating func cancel(_ id: ClientOrderID) { intents.append(.cancel(id)) }

    public mutating func amend(_ id: ClientOrderID, price: Price? = nil, quantity: Quantity? = nil) {
        intents.append(.amend(id, price: price, quantity: quantity))
    }

    /// Closes this bot's whole position on `side` at market; returns the closing order's id.
    @discardableResult
    public mutating func close(_ side: PositionSide = .net) -> ClientOrderID {
        let id = newID()
        intents.append(.close(id, positionSide: side))
        return id
    }

    public mutating func setTimer(id: Int, at ts: Int64) { intents.append(.setTimer(id: id, at: ts)) }

    /// Takes the first intent out (the runtime acts on it ahead of the rest).
    public mutating func removeFirst() { if !intents.isEmpty { intents.removeFirst() } }

    /// Hands the collected intents over and clears the buffer, keeping its capacity.
    public mutating func drain(_ body: (Intent) throws -> Void) rethrows {
        defer { intents.removeAll(keepingCapacity: true) }
        for i in intents { try body(i) }
    }
}
