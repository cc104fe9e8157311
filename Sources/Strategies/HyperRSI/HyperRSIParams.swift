import BotCore

extension HyperRSIStrategy {
    /// How an entry signal reads RSI: `prev` of the last closed bar, `cur` of the forming one.
    public enum EntryOption: String, Sendable, Codable, CaseIterable {
        /// 돌파: long when prev > OS ≥ cur; short when prev < OB ≤ cur.
        case breakout
        /// 변곡: long when (prev < OS or cur < OS) and cur > prev; short mirrored.
        case reversal
        /// 변곡돌파: long when prev < OS ≤ cur; short when prev > OB ≥ cur.
        case reversalBreakout = "reversal_breakout"
        /// 초과: long when cur < OS; short when cur > OB.
        case beyond
    }

    /// How a take-profit, stop or DCA distance is measured.
    public enum Distance: String, Sendable, Codable, CaseIterable {
        /// v % of the base price.
        case percent
        /// v × ATR(14), the ATR at least 0.1 % of the price.
        case atr
        /// v in price units.
        case price
        /// v in quote currency of profit (or loss) on the whole position.
        case amount
    }

    public enum Direction: String, Sendable, Codable, CaseIterable { case both, long, short }

    /// Where a hedge (the opposite leg opened after enough DCA) takes its profit.
    public enum HedgeTakeProfit: String, Sendable, Codable, CaseIterable {
        case doNotClose = "do_not_close"
        /// At the fill price of the main position's last allowed DCA, once it has happened.
        case lastDCAOnPosition = "last_dca_on_position"
        /// At the main position's stop price.
        case existingPosition = "existing_position"
        /// v % beyond the hedge's own entry.
        case percent
    }

    /// Where a DCA level is measured from.
    public enum DCABase: String, Sendable, Codable, CaseIterable {
        case average
        case lastEntry = "last_entry"
    }

    /// The timeframe the trend filter is read on.
    public enum TrendTimeframe: String, Sendable, Codable, CaseIterable {
        /// `auto_trend_state`: the seed's higher timeframes for the chart (see `AutoTrend`).
        case auto
        /// `trend_state` of the bot's own bars.
        case chart
        /// `trend_state` of a fixed higher timeframe, built from the bot's bars (`FixedTrend`).
        case m5 = "5m", m15 = "15m", m30 = "30m", h1 = "1h", h4 = "4h"

        /// The fixed timeframe's minutes; nil for `auto` and `chart`.
        public var minutes: Int? {
            switch self {
            case .auto, .chart: nil
            case .m5: 5
            case .m15: 15
            case .m30: 30
            case .h1: 60
            case .h4: 240
            }
        }
    }

    public struct Params: Sendable, Codable, Equatable {
        /// Margin per entry, in the quote currency.
        public var investment: Money = 20
        /// The seed's per-coin margins (`btc_investment`, …) by lower-case base currency; the
        /// bot's instrument picks its own, else `investment`.
        public var investmentByBase: [String: Money] = [:]
        public var leverage = 10
        public var direction = Direction.both
        public var entryMultiplier = 1.0
        public var useCooldown = true
        public var cooldownSeconds = 300
        public var useTrendLogic = true
        public var useTrendClose = true
        public var trendTimeframe = TrendTimeframe.auto
        /// With `auto`: read the higher bar still forming (the seed, live) or only closed ones.
        public var trendFormingBar = true
        public var rsiLength = 14
        public var oversold = 30.0
        public var overbought = 70.0
        public var entryOption = EntryOption.breakout
        public var tpOption = Distance.percent
        public var tpValues = [2.0, 3.0, 4.0]
        public var tpRatios = [30.0, 30.0, 40.0]
        public var useTP = [true, true, true]
        public var useSL = false
        public var slOption = Distance.percent
        public var slValue = 5.0
        public var useSLOnLast = false
        public var breakEven = [true, true, true]
        public var useDCA = true
        public var pyramidingLimit = 4
        public var dcaCheckPrice = true
        public var dcaCheckRSI = true
        public var dcaBase = DCABase.average
        public var dcaOption = Distance.percent
        public var dcaValue = 3.0
        public var trailing = true
        /// 1, 2 or 3: the take-profit at which the trailing stop takes over.
        public var trailingStart = 3
        public var trailingOffsetPercent = 0.5
        public var trailingOffsetFromTPs = false
        /// Entries refused in a row after which the bot stops entering.
        public var entryFailLimit = 5
        public var hedge = false
        /// Entries of the main position after which the hedge opens.
        public var hedgeTrigger = 3
        /// Hedge size: this % of the main position, or (`hedgeFixed`) this many contracts.
        public var hedgeRatio = 30.0
        public var hedgeFixed = false
        public var hedgeTakeProfit = HedgeTakeProfit.lastDCAOnPosition
        public var hedgeTakeProfitValue = 0.3
        /// Hedge stop, % beyond its entry (0: none).
        public var hedgeStopPercent = 5.0
        public var hedgeLimit = 1
        public var hedgeTrendClose = false
        public init() {}
    }

    /// The seed's Korean option values, accepted as written.
    static let directionAliases = ["롱숏": "both", "롱": "long", "숏": "short"]
    static let entryAliases = ["돌파": "breakout", "변곡": "reversal", "변곡돌파": "reversal_breakout", "초과": "beyond"]
    static let distanceAliases = ["퍼센트 기준": "percent", "ATR 기준": "atr", "가격 기준": "price", "금액 기준": "amount"]
    static let dcaBaseAliases = ["평균 단가": "average", "마지막 진입": "last_entry"]
    static let trailingAliases = ["tp1": "1", "tp2": "2", "tp3": "3"]

    public static func leverage(_ params: Params) -> Ratio? { Ratio(params.leverage) }

    public static func parameters(_ r: any ParameterReader) -> Params? {
        var p = Params()
        p.investment = r.fixed("investment", Money.self, positive: true) ?? p.investment
        for base in ["btc", "eth", "sol"] {
            if let m = r.fixed("\(base)_investment", Money.self, positive: true) { p.investmentByBase[base] = m }
        }
        p.leverage = r.int("leverage", in: 1...125) ?? p.leverage
        if let d = r.oneOf("direction", Direction.allCases.map(\.rawValue), aliases: directionAliases) {
            p.direction = Direction(rawValue: d)!
        }
        p.entryMultiplier = r.double("entry_multiplier", in: 0.1...10) ?? p.entryMultiplier
        p.useCooldown = r.bool("use_cooldown") ?? p.useCooldown
        p.cooldownSeconds = r.int("cooldown_time", in: 0...86_400) ?? p.cooldownSeconds
        p.useTrendLogic = r.bool("use_trend_logic") ?? p.useTrendLogic
        p.useTrendClose = r.bool("use_trend_close") ?? p.useTrendClose
        if let t = r.oneOf("trend_timeframe", TrendTimeframe.allCases.map(\.rawValue), aliases: ["자동": "auto"]) {
            p.trendTimeframe = TrendTimeframe(rawValue: t)!
        }
        p.trendFormingBar = r.bool("trend_forming_bar") ?? p.trendFormingBar
        p.rsiLength = r.int("rsi_length", in: 2...200) ?? p.rsiLength
        p.oversold = r.double("rsi_oversold", in: 0...100) ?? p.oversold
        p.overbought = r.double("rsi_overbought", in: 0...100) ?? p.overbought
        if let e = r.oneOf("entry_option", EntryOption.allCases.map(\.rawValue), aliases: entryAliases) {
            p.entryOption = EntryOption(rawValue: e)!
        }
        if let t = r.oneOf("tp_option", Distance.allCases.map(\.rawValue), aliases: distanceAliases) { p.tpOption = Distance(rawValue: t)! }
        for i in 0..<3 {
            p.tpValues[i] = r.double("tp\(i + 1)_value", in: 0.0001...1_000_000) ?? p.tpValues[i]
            p.tpRatios[i] = r.double("tp\(i + 1)_ratio", in: 0...100) ?? p.tpRatios[i]
            p.useTP[i] = r.bool("use_tp\(i + 1)") ?? p.useTP[i]
        }
        p.useSL = r.bool("use_sl") ?? p.useSL
        if let s = r.oneOf("sl_option", Distance.allCases.map(\.rawValue), aliases: distanceAliases) { p.slOption = Distance(rawValue: s)! }
        p.slValue = r.double("sl_value", in: 0.0001...1_000_000) ?? p.slValue
        p.useSLOnLast = r.bool("use_sl_on_last") ?? p.useSLOnLast
        p.breakEven[0] = r.bool("use_break_even") ?? p.breakEven[0]
        p.breakEven[1] = r.bool("use_break_even_tp2") ?? p.breakEven[1]
        p.breakEven[2] = r.bool("use_break_even_tp3") ?? p.breakEven[2]
        p.useDCA = r.bool("use_dca") ?? p.useDCA
        p.pyramidingLimit = r.int("pyramiding_limit", in: 1...100) ?? p.pyramidingLimit
        // The seed spells this one with capitals.
        p.dcaCheckPrice = r.bool("use_check_dca_with_price") ?? r.bool("use_check_DCA_with_price") ?? p.dcaCheckPrice
        p.dcaCheckRSI = r.bool("use_rsi_with_pyramiding") ?? p.dcaCheckRSI
        if let b = r.oneOf("entry_criterion", DCABase.allCases.map(\.rawValue), aliases: dcaBaseAliases) { p.dcaBase = DCABase(rawValue: b)! }
        if let o = r.oneOf("pyramiding_entry_type", Distance.allCases.filter { $0 != .amount }.map(\.rawValue) + ["amount"],
                           aliases: distanceAliases) {
            p.dcaOption = Distance(rawValue: o)!
        }
        p.dcaValue = r.double("pyramiding_value", in: 0.0001...1_000_000) ?? p.dcaValue
        p.trailing = r.bool("trailing_stop_active") ?? p.trailing
        if let s = r.oneOf("trailing_start_point", ["1", "2", "3"], aliases: trailingAliases) { p.trailingStart = Int(s)! }
        p.trailingOffsetPercent = r.double("trailing_stop_offset_value", in: 0.01...50) ?? p.trailingOffsetPercent
        p.trailingOffsetFromTPs = r.bool("use_trailing_stop_value_with_tp2_tp3_difference") ?? p.trailingOffsetFromTPs
        if let t = r.oneOf("trailing_stop_type", ["fixed", "tp2_tp3_difference"],
                           aliases: ["트레일링 스탑 고정값": "fixed", "TP2-TP3 차이 기준": "tp2_tp3_difference"]) {
            p.trailingOffsetFromTPs = t == "tp2_tp3_difference"
        }
        for ignored in ["pyramiding_type", "entry_amount_option"] where r.has(ignored) {
            r.touch(ignored)
            r.warning(ignored, "is ignored, as the seed's live code ignores it")
        }
        p.entryFailLimit = r.int("entry_fail_limit", in: 1...1000) ?? p.entryFailLimit
        p.hedge = r.bool("use_dual_side_entry") ?? p.hedge
        p.hedgeTrigger = r.int("dual_side_entry_trigger", in: 1...100) ?? p.hedgeTrigger
        if let t = r.oneOf("dual_side_entry_ratio_type", ["percent_of_position", "fixed_amount"]) { p.hedgeFixed = t == "fixed_amount" }
        p.hedgeRatio = r.double("dual_side_entry_ratio_value", in: 0.0001...1_000_000) ?? p.hedgeRatio
        if let t = r.oneOf("dual_side_entry_tp_trigger_type", HedgeTakeProfit.allCases.map(\.rawValue)) {
            p.hedgeTakeProfit = HedgeTakeProfit(rawValue: t)!
        }
        p.hedgeTakeProfitValue = r.double("dual_side_entry_tp_value", in: 0.0001...1000) ?? p.hedgeTakeProfitValue
        _ = r.oneOf("dual_side_entry_sl_trigger_type", ["percent"])
        p.hedgeStopPercent = r.double("dual_side_entry_sl_value", in: 0...100) ?? p.hedgeStopPercent
        p.hedgeLimit = r.int("dual_side_pyramiding_limit", in: 1...100) ?? p.hedgeLimit
        p.hedgeTrendClose = r.bool("dual_side_trend_close") ?? p.hedgeTrendClose
        validate(p, r)
        r.rejectUnknownKeys("see Sources/Strategies/HyperRSI/README.md for hyperrsi's settings")
        return r.hasErrors ? nil : p
    }

    static func validate(_ p: Params, _ r: any ParameterReader) {
        if p.oversold >= p.overbought {
            r.error(r.has("rsi_oversold") ? "rsi_oversold" : "rsi_overbought", "must be below rsi_overbought (\(p.oversold) ≥ \(p.overbought))")
        }
        let enabled = (0..<3).filter { p.useTP[$0] }
        let sum = enabled.reduce(0.0) { $0 + p.tpRatios[$1] }
        if !enabled.isEmpty, sum <= 0 || sum > 100.0001 {
            r.error(r.has("tp1_ratio") ? "tp1_ratio" : "tp3_ratio",
                    "the ratios of the enabled take-profits must add up to more than 0 and at most 100 (they add up to \(sum))")
        }
        if p.tpOption == .percent || p.tpOption == .atr || p.tpOption == .price,
           enabled.count > 1, zip(enabled, enabled.dropFirst()).contains(where: { p.tpValues[$0] >= p.tpValues[$1] }) {
            r.error("tp2_value", "take-profit distances must grow from tp1 to tp3 (\(p.tpValues))")
        }
        // The seed's start-up check: a position this small is rejected by the venue's minimums
        // or eaten by fees.
        for (key, m) in [("investment", p.investment)] + p.investmentByBase.map({ ("\($0.key)_investment", $0.value) })
        where m.doubleValue * Double(p.leverage) < 200 && (r.has(key) || key == "investment") {
            r.error(r.has(key) ? key : "leverage",
                    "\(key) × leverage must be at least 200 (it is \(m.doubleValue * Double(p.leverage)))")
        }
    }
}
