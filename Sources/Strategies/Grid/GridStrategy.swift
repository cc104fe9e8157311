import BotCore
import Foundation
import Indicators

/// `grid`: TradingBoost's GRID (limit orders at the levels of a band around FAMA on 15m bars,
/// gated by the 4h ADX regime) or a classic grid between two prices. Each filled entry gets a
/// take-profit one level out and, on the band, a re-entry one level back. The rules, and where
/// this port departs from the seed on purpose, are in README.md next to this file.
///
/// Decisions are made on every forming bar (the seed's loop polls every 2.5 s) and every
/// closed one; the band's levels and the regime change only on a closed 15m bar.
public struct GridStrategy: Strategy {
    public static let key = "grid"
    public static let summary = "GRID: limit orders at the levels of a band around FAMA (or a classic arithmetic/geometric grid); each fill takes profit one level out and re-enters one level back."
    public static var formingInterval: Int64? { 5_000 }
    /// The band is computed on 15m bars, as the seed's.
    public static let bandTimeframe = Timeframe(seconds: 900)

    public struct State: Sendable, Codable {
        /// L0…L(grid_num+1) on the tick, as of the last closed bar (empty until they exist).
        public var levels: [Price] = []
        /// `adx_state_4h` as of the last closed bar.
        public var regime = 0
        public var slots: [GridSlot] = []
        /// Market closes in flight.
        public var closing: [ClientOrderID] = []
        /// Set when the grid stopped for good (`stop_loss`, `custom_stop`, `out_of_range = stop`):
        /// its orders are cancelled, its position closed, and it places nothing more.
        public var halted: String?
        public var startedAt: Int64?
        public var lastEntryAt: Int64?
        /// No new entry before this (ms), after one was refused.
        public var entriesPausedUntil: Int64 = .min
        /// A trailing classic grid: how many steps it has moved from the prices given.
        public var shift = 0
        /// The classic grid's starting inventory: decided (once), its order, its plan.
        public var inventoryDecided = false
        public var inventoryOrder: ClientOrderID?
        public var inventoryPlan: [InventoryUnit] = []
        public var inventoryFilled: Quantity = .zero
        public var inventoryValue = 0.0
    }

    /// A unit of starting inventory: bought for `level`, sold one level above it.
    public struct InventoryUnit: Sendable, Codable, Equatable {
        public var level: Int
        public var quantity: Quantity
    }

    public let params: GridParams
    let instrument: Instrument
    let timeframeMs: Int64
    /// The classic grid's prices as given (unshifted); empty on the band.
    let classicLevels: [Price]
    /// The band's series, shared with every GRID bot of the instrument and level count (nil
    /// for a classic grid).
    public let band: SharedSeries<GridBandSeries>?
    public var state: State

    public static func parameters(_ reader: any ParameterReader) -> GridParams? { GridParams.read(reader) }
    public static func leverage(_ p: GridParams) -> Ratio? { Ratio(p.leverage) }

    public init(params: GridParams, setup: StrategySetup) throws {
        self.params = params
        instrument = setup.instrument
        timeframeMs = setup.timeframe.milliseconds
        state = State()
        if params.levels == .famaBand {
            guard setup.timeframe == Self.bandTimeframe else {
                throw StrategySetupError(field: "", "GRID's band is computed on 15m bars: the bot's timeframe must be 15m (got \(setup.timeframe)), or use levels = \"arithmetic\" or \"geometric\"")
            }
            classicLevels = []
            let chartMs = setup.timeframe.milliseconds
            band = setup.shared("levels=\(params.gridNum)") { GridBandSeries(count: params.gridNum, chartMs: chartMs) }
        } else {
            band = nil
            guard let lo = params.lowerPrice, let hi = params.upperPrice else {
                throw StrategySetupError(field: "lower_price", "is required for a classic grid")
            }
            let tick = setup.instrument.tickSize
            let lower = lo.rounded(toMultipleOf: tick, .up), upper = hi.rounded(toMultipleOf: tick, .down)
            let tooFine = ClassicGrid.TooFine(count: params.gridNum, tick: tick)
            guard lower < upper else { throw StrategySetupError(field: "grid_num", tooFine.description) }
            do {
                classicLevels = try ClassicGrid.levels(params.levels, lower: lower, upper: upper, count: params.gridNum, tick: tick)
            } catch {
                throw StrategySetupError(field: "grid_num", error.description)
            }
        }
        try checkSize()
    }

    /// An order per level must be one the venue takes: on the classic grid at its top price
    /// (where a level's budget buys least); on the band at the instrument's typical price.
    func checkSize() throws {
        guard let price = classicLevels.last ?? instrument.referencePrice else { return }
        let q = instrument.quantity(forNotional: budget, price: price)
        if q < instrument.minSize || q.isZero {
            throw StrategySetupError(field: "investment", "\(params.investment) × leverage \(params.leverage) buys \(q) \(instrument.id.symbol) at \(price), below the instrument's minimum size \(instrument.minSize)")
        }
        if instrument.notional(price: price, quantity: q) < instrument.minNotional {
            throw StrategySetupError(field: "investment", "\(params.investment) × leverage \(params.leverage) is below the instrument's minimum order value \(instrument.minNotional)")
        }
    }

    public mutating func handle(_ event: BotEvent, context ctx: StrategyContext, into out: inout IntentSink) {
        switch event {
        case .candleClosed(let c, _):
            let now = max(ctx.time, c.ts + timeframeMs)
            if band != nil { refresh(c, now, ctx, &out) }
            evaluate(c.close, now, ctx, &out)
        case .candleForming(let c, _, _):
            evaluate(c.close, max(ctx.time, c.ts), ctx, &out)
        case .order(let e):
            onOrder(e, ctx, &out)
        case .riskRejected(let id, let denial):
            // Orders decided while the runtime replays history (or the bot is paused) are
            // turned away without being tried: not a refusal to back off from.
            let tried = denial.code != .warmingUp && denial.code != .botNotRunning
            ended(id, refused: tried, ctx.time)
        case .closeByHand:
            // The runtime has cancelled this bot's orders and closed its legs already.
            for i in state.slots.indices { state.slots[i].retired = true }
            state.slots.removeAll { !$0.hasLiveOrder }
        default:
            break
        }
    }

    /// The quote a level's order spends: the seed's per-level amount times the leverage.
    var budget: Money { Money(raw: params.investment.raw.multipliedReportingOverflow(by: Int64(params.leverage)).partialValue) }
    /// Σcap: what all levels together may hold.
    var capital: Double { params.investment.doubleValue * Double(params.leverage) * Double(params.gridNum) }

    /// The position leg a unit lives on: one-way (`net`) when the grid trades one side, the
    /// hedge legs for `long-short` (see README).
    func leg(_ long: Bool) -> PositionSide {
        params.direction == .longShort ? (long ? .long : .short) : .net
    }
}

// MARK: warm-up

extension GridStrategy {
    static let warmUpTolerance = 1e-9

    /// Closed 15m bars before the band's series are the whole history's. The 4h regime
    /// dominates: ADX(28) is a Wilder average of Wilder-smoothed directional movement, each
    /// forgetting its seed like (27/28)^k, so twice the bars one of them needs to bring a seed
    /// error (at most the value itself, ×20 as for RSI) under 1e-9; each 4h bar is 16 chart
    /// bars. 21,824 bars (about 227 days). The classic grid reads no indicator.
    public static func warmUpBars(_ p: GridParams, timeframe: Timeframe) -> Int {
        guard p.levels == .famaBand else { return 0 }
        let n = 28.0
        let wilder = 28 + Int((log(20 / warmUpTolerance) / log(n / (n - 1))).rounded(.up))
        return 2 * wilder * Int(GridRegimeOnChart.periodMs / max(timeframe.milliseconds, 1))
    }
}
