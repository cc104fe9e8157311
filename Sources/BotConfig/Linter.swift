import BotCore
import Foundation
import Risk

/// Loads runtime.toml, the instrument catalog and every bot file, reporting all problems.
/// A bad bot file is reported and skipped; the other bots still load.
public struct ConfigSet: Sendable {
    public var runtime: RuntimeConfig?
    public var catalog: InstrumentCatalog
    public var bots: [BotSpec]
    public var issues: [ConfigIssue]

    public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ConfigIssue] { issues.filter { $0.severity == .warning } }

    public static func load(runtime path: String) -> ConfigSet {
        let d = Diagnostics()
        var set = ConfigSet(runtime: nil, catalog: InstrumentCatalog(), bots: [], issues: [])
        defer { set.issues = d.issues }
        guard let text = readText(path, d) else { set.issues = d.issues; return set }
        guard let rt = RuntimeConfig.parse(text, file: path, diagnostics: d) else { set.issues = d.issues; return set }
        set.runtime = rt
        if let inst = readText(rt.instrumentsFile, d) {
            set.catalog = InstrumentCatalog.parse(inst, file: rt.instrumentsFile, diagnostics: d)
        }
        set.bots = loadBots(rt, catalog: set.catalog, diagnostics: d)
        set.issues = d.issues
        return set
    }

    /// Loads one bot file against this configuration (its catalog and default risk limits),
    /// whether or not it lives in the bots folder.
    public func bot(file: String) throws(ConfigErrors) -> BotSpec {
        let d = Diagnostics()
        guard let text = Self.readText(file, d),
              let spec = BotSpec.parse(text, file: file, catalog: catalog, diagnostics: d) else { throw ConfigErrors(d.errors) }
        guard let rt = runtime else { return spec }
        switch Self.attach(spec, to: rt) {
        case .success(let s): return s
        case .failure(let issue): throw ConfigErrors([issue])
        }
    }

    /// Applies runtime.toml to a parsed bot: its account must exist, and the default risk
    /// limits fill what its own `[risk]` leaves unset.
    static func attach(_ spec: BotSpec, to rt: RuntimeConfig) -> Result<BotSpec, ConfigIssue> {
        guard rt.accounts[spec.account] != nil else {
            return .failure(ConfigIssue(file: spec.file, line: spec.lines["account"] ?? 0, key: "account",
                                        message: "names no account in runtime.toml '\(spec.account)' (known: \(rt.accounts.keys.sorted().joined(separator: ", ")))"))
        }
        var s = spec
        s.risk = spec.risk.merged(over: rt.defaultRisk)
        return .success(s)
    }

    static func readText(_ path: String, _ d: Diagnostics) -> String? {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            d.add(ConfigIssue(file: path, line: 0, key: "", message: "cannot read the file: \(error.localizedDescription)"))
            return nil
        }
    }

    /// Every `*.toml` in the bots folder, in name order.
    public static func botFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }.sorted()
            .map { "\(dir)/\($0)" }
    }

    static func loadBots(_ rt: RuntimeConfig, catalog: InstrumentCatalog, diagnostics d: Diagnostics) -> [BotSpec] {
        let files: [String]
        do { files = try botFiles(rt.botsDirectory) } catch {
            d.add(ConfigIssue(file: rt.botsDirectory, line: 0, key: "", message: "cannot list the bots folder: \(error.localizedDescription)"))
            return []
        }
        var bots: [BotSpec] = []
        var byID: [String: BotSpec] = [:]
        for f in files {
            guard let text = readText(f, d), let parsed = BotSpec.parse(text, file: f, catalog: catalog, diagnostics: d) else { continue }
            if let other = byID[parsed.id] {
                d.add(ConfigIssue(file: f, line: parsed.lines["id"] ?? 0, key: "id",
                                  message: "'\(parsed.id)' is already used by \(other.file); bot ids must be unique"))
                continue
            }
            let spec: BotSpec
            switch attach(parsed, to: rt) {
            case .success(let s): spec = s
            case .failure(let issue):
                d.add(issue)
                continue
            }
            byID[spec.id] = spec
            bots.append(spec)
        }
        warnShared(bots, rt, d)
        return bots
    }

    /// Two bots on one account and instrument share one venue position in net mode: their
    /// ledgers still attribute fills by client order id, but the venue's position, margin and
    /// liquidation are common, so neither bot's PnL can be told apart at the venue.
    static func warnShared(_ bots: [BotSpec], _ rt: RuntimeConfig, _ d: Diagnostics) {
        var groups: [String: [BotSpec]] = [:]
        for b in bots { groups["\(b.account)|\(b.instrument.id)", default: []].append(b) }
        for (_, g) in groups.sorted(by: { $0.key < $1.key }) where g.count > 1 {
            let mode = rt.accounts[g[0].account]?.positionMode ?? .net
            let names = g.map(\.id).joined(separator: ", ")
            let why = mode == .net
                ? "the venue nets their positions into one, so margin, liquidation and any close not sent by a bot cannot be attributed"
                : "each leg is shared by both bots, so margin and liquidation of a leg cannot be attributed"
            for b in g {
                d.add(ConfigIssue(.warning, file: b.file, line: 0, key: "account",
                                  message: "'\(b.account)' trades \(b.instrument.id) for several bots (\(names)): \(why); give each bot its own account"))
            }
        }
    }
}
