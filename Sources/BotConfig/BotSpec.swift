import BotCore
import Risk
import Strategies
import TOML

/// What happens to a bot's orders and position when it stops, is removed or fails.
public enum OnStop: String, Sendable, Codable, CaseIterable {
    /// Cancel open orders, keep the position (the default).
    case cancelOrders = "cancel_orders"
    /// Cancel open orders and close the position at market.
    case closePosition = "close_position"
    /// Leave orders and position as they are.
    case leave
}

/// One bot file (`bots/NAME.toml`), validated.
public struct BotSpec: Sendable {
    /// Unique key of the bot; client order ids derive from it.
    public var id: String
    public var user: String
    public var strategy: String
    public var account: String
    public var instrument: Instrument
    public var timeframe: Timeframe
    /// The `[params]` table, already validated against the strategy.
    public var params: TOMLTable
    public var risk: RiskLimits
    public var onStop: OnStop
    public var file: String
    /// Line of each top-level key, for messages about this bot.
    public var lines: [String: Int]

    public init(id: String, user: String, strategy: String, account: String, instrument: Instrument, timeframe: Timeframe,
                params: TOMLTable = TOMLTable(), risk: RiskLimits = RiskLimits(), onStop: OnStop = .cancelOrders,
                file: String = "", lines: [String: Int] = [:]) {
        self.id = id
        self.user = user
        self.strategy = strategy
        self.account = account
        self.instrument = instrument
        self.timeframe = timeframe
        self.params = params
        self.risk = risk
        self.onStop = onStop
        self.file = file
        self.lines = lines
    }

    /// Bot ids become parts of client order ids and Redis keys: keep them plain.
    static func validID(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46
        }
    }

    /// Parses and validates a bot file. Every problem is recorded in `diagnostics` with its
    /// line and key; nil when the bot cannot run.
    public static func parse(_ text: String, file: String, catalog: InstrumentCatalog,
                             diagnostics: Diagnostics) -> BotSpec? {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            diagnostics.add(ConfigIssue(file: file, line: error.line, key: "", message: error.message))
            return nil
        }
        let before = diagnostics.errors.count
        let r = ConfigReader(file: file, table: root, diagnostics: diagnostics)
        let id = r.string("id", required: true)
        if let id, !validID(id) { r.error("id", "must be 1–64 letters, digits, '-', '_' or '.' (got '\(id)')") }
        let user = r.string("user", required: true)
        let strategyKey = r.string("strategy", required: true)
        let account = r.string("account", required: true)
        let venue = r.string("venue")
        let symbol = r.string("symbol", required: true)
        let tfText = r.string("timeframe", required: true)
        let onStopText = r.oneOf("on_stop", OnStop.allCases.map(\.rawValue))
        var timeframe: Timeframe?
        if let tfText {
            timeframe = Timeframe(tfText)
            if timeframe == nil { r.error("timeframe", "must be one of \(Timeframe.supported.joined(separator: ", ")) (got '\(tfText)')") }
        }
        var instrument: Instrument?
        if let symbol {
            instrument = catalog.find(symbol: symbol, venue: venue)
            if instrument == nil {
                let known = catalog.instruments.keys.map(\.description).sorted().joined(separator: ", ")
                r.error(venue == nil ? "symbol" : "venue",
                        "names no single known instrument '\(venue.map { "\($0):" } ?? "")\(symbol)' (known: \(known))")
            }
        }
        var strategy: (any Strategy.Type)?
        if let strategyKey {
            strategy = StrategyRegistry.find(strategyKey)
            if strategy == nil {
                r.error("strategy", "is not a known strategy '\(strategyKey)' (known: \(StrategyRegistry.keys.joined(separator: ", ")))")
            }
        }
        let paramsReader = r.table("params") ?? ConfigReader(file: file, table: TOMLTable(line: root.line), prefix: "params",
                                                               diagnostics: diagnostics)
        if let strategy, let instrument, let timeframe {
            // Built once here, as botd will build it: what only construction finds (a model
            // file that will not load) is reported by lint, at its key.
            func build<S: Strategy>(_: S.Type) {
                guard let params = S.parameters(paramsReader) else { return }
                do { _ = try S(params: params, setup: StrategySetup(instrument: instrument, timeframe: timeframe)) } catch {
                    let e = error as? StrategySetupError ?? StrategySetupError(field: "", "\(error)")
                    if e.field.isEmpty { r.error("strategy", "cannot be built: \(e.message)") } else { paramsReader.error(e.field, e.message) }
                }
            }
            build(strategy)
        } else if let strategy {
            _ = strategy.parameters(paramsReader)
        }
        let risk = r.table("risk").map { t in
            let l = RiskLimits.read(t)
            t.rejectUnknownKeys("[risk] takes max_position, max_notional, max_open_orders, price_band, max_leverage")
            return l
        } ?? RiskLimits()
        r.rejectUnknownKeys()
        guard diagnostics.errors.count == before, let id, let user, let strategyKey, let account, let instrument,
              let timeframe else { return nil }
        return BotSpec(id: id, user: user, strategy: strategyKey, account: account, instrument: instrument,
                       timeframe: timeframe, params: paramsReader.table, risk: risk,
                       onStop: onStopText.flatMap(OnStop.init(rawValue:)) ?? .cancelOrders, file: file,
                       lines: Dictionary(uniqueKeysWithValues: root.keys.map { ($0, root.line(of: $0)) }))
    }
}

extension BotSpec {
    /// The leverage the venue must hold for this bot's legs: its strategy's where it has one
    /// (HYPERRSI's `leverage`, its default included), else the account's. One source, so two
    /// bots sharing an account, instrument and side cannot silently disagree (lint refuses it).
    public func leverage(account: AccountConfig?) -> Ratio? {
        func own<S: Strategy>(_: S.Type) -> Ratio? {
            let reader = ConfigReader(file: file, table: params, prefix: "params", diagnostics: Diagnostics())
            return S.parameters(reader).flatMap { S.leverage($0) }
        }
        if let type = StrategyRegistry.all.first(where: { $0.key == strategy }), let l = own(type) { return l }
        return account?.leverage
    }

    /// Closed bars of the bot's timeframe its strategy must see before it trades (0: it does
    /// not say, and `history_minutes` is all it gets).
    public func warmUpBars() -> Int {
        func bars<S: Strategy>(_: S.Type) -> Int {
            let reader = ConfigReader(file: file, table: params, prefix: "params", diagnostics: Diagnostics())
            return S.parameters(reader).map { S.warmUpBars($0, timeframe: timeframe) } ?? 0
        }
        return StrategyRegistry.all.first(where: { $0.key == strategy }).map { bars($0) } ?? 0
    }
}
