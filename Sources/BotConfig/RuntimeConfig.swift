import BotCore
import PaperMatching
import Risk
import TOML

/// How an account's positions are kept at the venue.
public enum PositionMode: String, Sendable, Codable, CaseIterable {
    /// One signed position per instrument (OKX net mode, Binance one-way, all spot).
    case net
    /// A long and a short leg per instrument (OKX long/short mode).
    case hedge
}

public struct AccountConfig: Sendable, Equatable {
    public var name: String
    /// `paper` in this release; live venues come later.
    public var venue: String
    public var positionMode: PositionMode
}

/// `runtime.toml`: the settings this release uses. Paths are relative to the file's folder.
public struct RuntimeConfig: Sendable {
    public var file: String
    public var botsDirectory: String
    public var instrumentsFile: String
    public var outputDirectory: String
    public var paper: PaperConfig
    public var accounts: [String: AccountConfig]
    public var defaultRisk: RiskLimits
    public var userLimits: UserLimits

    /// The folder of `file`, for resolving relative paths.
    public static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        let f = String(file[..<slash])
        return f.isEmpty ? "/" : f
    }

    public static func resolve(_ path: String, against folder: String) -> String {
        path.hasPrefix("/") ? path : (folder == "." ? path : "\(folder)/\(path)")
    }

    public static func parse(_ text: String, file: String, diagnostics: Diagnostics) -> RuntimeConfig? {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            diagnostics.add(ConfigIssue(file: file, line: error.line, key: "", message: error.message))
            return nil
        }
        let before = diagnostics.errors.count
        let folder = folder(of: file)
        let r = ConfigReader(file: file, table: root, diagnostics: diagnostics)
        let paths = r.table("paths")
        let bots = paths?.string("bots") ?? "bots"
        let instruments = paths?.string("instruments") ?? "data/instruments.toml"
        let out = paths?.string("output") ?? "out"
        paths?.rejectUnknownKeys("[paths] takes bots, instruments, output")

        var paper = PaperConfig()
        if let p = r.table("paper") {
            if let m = p.oneOf("fill_model", FillModel.allCases.map(\.rawValue)) { paper.fillModel = FillModel(rawValue: m)! }
            paper.initialBalance = p.fixed("initial_balance", Money.self, positive: true) ?? paper.initialBalance
            paper.leverage = p.fixed("leverage", Ratio.self, min: 1, max: 125) ?? paper.leverage
            paper.fundingRate = p.fixed("funding_rate", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01")) ?? paper.fundingRate
            paper.fundingIntervalHours = p.int("funding_interval_hours", in: 0...24) ?? paper.fundingIntervalHours
            paper.makerFee = p.fixed("maker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"))
            paper.takerFee = p.fixed("taker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"))
            p.rejectUnknownKeys("[paper] takes fill_model, initial_balance, leverage, funding_rate, funding_interval_hours, maker_fee, taker_fee")
        }
        var accounts: [String: AccountConfig] = [:]
        if let a = r.table("accounts") {
            for name in a.table.keys {
                guard let t = a.table(name) else { continue }
                let venue = t.oneOf("venue", ["paper"]) ?? "paper"
                let mode = t.oneOf("position_mode", PositionMode.allCases.map(\.rawValue)).flatMap(PositionMode.init) ?? .net
                t.rejectUnknownKeys("an account takes venue, position_mode")
                accounts[name] = AccountConfig(name: name, venue: venue, positionMode: mode)
            }
        }
        if accounts.isEmpty { accounts["paper"] = AccountConfig(name: "paper", venue: "paper", positionMode: .net) }
        var risk = RiskLimits(), user = UserLimits()
        if let t = r.table("risk") {
            risk = RiskLimits.read(t)
            user = UserLimits.read(t)
            t.rejectUnknownKeys("[risk] takes max_position, max_notional, max_open_orders, price_band, max_leverage, max_user_notional, daily_loss_limit")
        }
        r.rejectUnknownKeys("this release reads [paths], [paper], [accounts.NAME] and [risk]")
        guard diagnostics.errors.count == before else { return nil }
        return RuntimeConfig(file: file, botsDirectory: resolve(bots, against: folder),
                             instrumentsFile: resolve(instruments, against: folder),
                             outputDirectory: resolve(out, against: folder), paper: paper, accounts: accounts,
                             defaultRisk: risk, userLimits: user)
    }
}
