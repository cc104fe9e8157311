import BotCore

/// GRID's settings as a bot file gives them (`[params]`), checked when the file is read: every
/// error names its key, and the other bots are not affected.
///
/// - `levels`: `fama-band` (the seed's band around FAMA, the default), `arithmetic` or
///   `geometric` (the classic grid between `lower_price` and `upper_price`).
/// - `grid_num`: levels; the seed's 1–40 for the band (default 20), 2–200 for a classic grid.
/// - `investment`: quote currency per level (the seed's per-level amount).
/// - `enter_strategy`: `long`, `short` or `long-short` (the seed's names); a classic grid is
///   long only.
/// - `leverage` 1–125; `stop_loss` (%, optional), `custom_stop` (minutes without an entry,
///   optional): both close the position, as the seed's monitor does.
/// - Classic only: `out_of_range` (`stop`: cancel and close; `hold`: keep the orders and wait;
///   `trail`: shift the grid by whole steps), `initial_inventory` (buy the inventory the levels
///   above the price sell, at start; default false).
public struct GridParams: Sendable, Codable, Equatable {
    public enum Levels: String, Sendable, Codable, CaseIterable {
        case famaBand = "fama-band", arithmetic, geometric
    }

    public enum Direction: String, Sendable, Codable, CaseIterable {
        case long, short, longShort = "long-short"
    }

    public enum OutOfRange: String, Sendable, Codable, CaseIterable {
        case stop, hold, trail
    }

    public var levels = Levels.famaBand
    public var gridNum = 20
    public var lowerPrice: Price?
    public var upperPrice: Price?
    public var investment: Money = 10
    public var direction = Direction.long
    public var leverage = 1
    public var stopLossPercent: Double?
    public var customStopMinutes: Int?
    public var outOfRange = OutOfRange.hold
    public var initialInventory = false

    public init() {}

    static let bandLevels = 1...40
    static let classicLevels = 2...200

    /// Reads and checks the settings; nil when any is wrong (each error is on its key).
    public static func read(_ r: any ParameterReader) -> GridParams? {
        var p = GridParams()
        if let l = r.oneOf("levels", Levels.allCases.map(\.rawValue)) { p.levels = Levels(rawValue: l)! }
        let classic = p.levels != .famaBand
        let range = classic ? classicLevels : bandLevels
        if let n = r.int("grid_num") {
            if range.contains(n) {
                p.gridNum = n
            } else {
                r.error("grid_num", "\(n) levels; must be \(range.lowerBound) to \(range.upperBound) for levels = \"\(p.levels.rawValue)\"")
            }
        }
        p.lowerPrice = r.fixed("lower_price", Price.self, positive: true)
        p.upperPrice = r.fixed("upper_price", Price.self, positive: true)
        for key in ["lower_price", "upper_price"] where classic && !r.has(key) {
            r.error(key, "is required for a classic grid (levels = \"\(p.levels.rawValue)\")")
        }
        if classic, let lo = p.lowerPrice, let hi = p.upperPrice, lo >= hi {
            r.error("lower_price", "\(lo) must be below upper_price (\(hi))")
        }
        if !classic {
            for key in ["lower_price", "upper_price", "out_of_range", "initial_inventory"] where r.has(key) {
                r.error(key, "applies to a classic grid only (levels = \"arithmetic\" or \"geometric\")")
            }
        }
        p.investment = r.fixed("investment", Money.self, positive: true) ?? p.investment
        if let d = r.oneOf("enter_strategy", Direction.allCases.map(\.rawValue)) { p.direction = Direction(rawValue: d)! }
        if classic && p.direction != .long {
            r.error("enter_strategy", "a classic grid buys below the price and sells what it bought: it is long only (got \"\(p.direction.rawValue)\")")
        }
        p.leverage = r.int("leverage", in: 1...125) ?? p.leverage
        p.stopLossPercent = r.double("stop_loss", in: 0.01...100)
        p.customStopMinutes = r.int("custom_stop", in: 1...525_600)
        if classic, let o = r.oneOf("out_of_range", OutOfRange.allCases.map(\.rawValue)) { p.outOfRange = OutOfRange(rawValue: o)! }
        if classic { p.initialInventory = r.bool("initial_inventory") ?? false }
        r.rejectUnknownKeys("grid takes levels, grid_num, lower_price, upper_price, investment, enter_strategy, leverage, stop_loss, custom_stop, out_of_range, initial_inventory")
        return r.hasErrors ? nil : p
    }
}
