import BotCore
import Foundation
import Risk
import TOML

/// Loads runtime.toml, the instrument catalog and every bot file, reporting all problems.
/// A bad bot file is reported and skipped; the other bots still load.
public struct ConfigSet: Sendable {
    public var runtime: RuntimeConfig?
    public var catalog: InstrumentCatalog
    public var bots: [BotSpec]
    public var issues: [ConfigIssue]

    public var errors: [ConfigIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ConfigIssue] { issues.filter { $0.severity == .warning } }

    /// Whether every bot file could be looked at against a usable runtime.toml: only then may a
    /// reload stop bots whose files are gone (a typo in runtime.toml, or a bots folder that
    /// cannot be listed, must not read as "no bots").
    public var isComplete = false

    /// runtime.toml alone (what botctl needs to find the socket), nil when it has errors.
    public static func loadRuntime(_ path: String) -> RuntimeConfig? {
        let d = Diagnostics()
        return readText(path, d).flatMap { RuntimeConfig.parse($0, file: path, diagnostics: d) }
    }

    public static func load(runtime path: String) -> ConfigSet {
        let d = Diagnostics()
        var set = ConfigSet(runtime: nil, catalog: InstrumentCatalog(), bots: [], issues: [])
        let text = readText(path, d)
        let rt = text.flatMap { RuntimeConfig.parse($0, file: path, diagnostics: d) }
        set.runtime = rt
        // Errors in runtime.toml do not hide those of the instruments and bot files: they are
        // read from where runtime.toml names them when it can be read that far, else from the
        // default places.
        let (botsFolder, instrumentsFile) = rt.map { ($0.botsDirectory, $0.instrumentsFile) }
            ?? RuntimeConfig.paths(text, file: path)
        if let inst = readText(instrumentsFile, d) {
            set.catalog = InstrumentCatalog.parse(inst, file: instrumentsFile, diagnostics: d)
        }
        var listed = false
        set.bots = loadBots(folder: botsFolder, runtime: rt, catalog: set.catalog, diagnostics: d, listed: &listed)
        set.isComplete = rt != nil && listed
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
        // With Telegram, a bot's owner is someone it can reach: one of the configured users.
        if rt.telegram != nil || !rt.users.isEmpty, rt.users[spec.user] == nil {
            return .failure(ConfigIssue(file: spec.file, line: spec.lines["user"] ?? 0, key: "user",
                                        message: "names no user in runtime.toml '\(spec.user)' (known: \(rt.users.keys.sorted().joined(separator: ", ")))"))
        }
        var s = spec
        s.risk = spec.risk.merged(over: rt.defaultRisk)
        return .success(s)
    }

    /// The file's text; a file that is not UTF-8 is reported at its first bad byte.
    static func readText(_ path: String, _ d: Diagnostics) -> String? {
        let bytes: [UInt8]
        do { bytes = try DataFile.read(path) } catch {
            d.add(ConfigIssue(file: path, line: 0, key: "", message: error.message))
            return nil
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        do {
            _ = try TOMLParser.parse(bytes: bytes)
            d.add(ConfigIssue(file: path, line: 0, key: "", message: "is not valid UTF-8"))
        } catch {
            d.add(ConfigIssue(file: path, line: error.line, key: "", message: error.message))
        }
        return nil
    }

    /// Every `*.toml` in the bots folder, in name order.
    public static func botFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".toml") }.sorted()
            .map { "\(dir)/\($0)" }
    }

    /// The bot files in `folder`; without a runtime they are checked on their own (their
    /// accounts cannot be). Two files with one id are both reported and neither is loaded: which
    /// one is meant is the user's to say, and the running bot stays as it is.
    static func loadBots(folder: String, runtime rt: RuntimeConfig?, catalog: InstrumentCatalog, diagnostics d: Diagnostics,
                         listed: inout Bool) -> [BotSpec] {
        let files: [String]
        do { files = try botFiles(folder) } catch {
            d.add(ConfigIssue(file: folder, line: 0, key: "", message: "cannot list the bots folder: \(error.localizedDescription)"))
            return []
        }
        listed = true
        var parsed: [BotSpec] = []
        for f in files {
            guard let text = readText(f, d), let spec = BotSpec.parse(text, file: f, catalog: catalog, diagnostics: d) else { continue }
            parsed.append(spec)
        }
        let byID = Dictionary(grouping: parsed, by: \.id)
        var bots: [BotSpec] = []
        for spec in parsed {
            if let same = byID[spec.id], same.count > 1 {
                let others = same.filter { $0.file != spec.file }.map(\.file).joined(separator: ", ")
                d.add(ConfigIssue(file: spec.file, line: spec.lines["id"] ?? 0, key: "id",
                                  message: "'\(spec.id)' is also the id of \(others); bot ids must be unique, so none of these files is loaded"))
                continue
            }
            guard let rt else { bots.append(spec); continue }
            switch attach(spec, to: rt) {
            case .success(let s): bots.append(s)
            case .failure(let issue): d.add(issue)
            }
        }
        if let rt {
            warnShared(bots, rt, d)
            return refuseMixedLeverage(bots, rt, d)
        }
        return bots
    }

    /// A venue holds one leverage per account, instrument and side (OKX `set-leverage`), set
    /// from the bot's leverage before its first order: two bots there asking for different
    /// leverage would each silently trade at the other's. An error, and neither bot is loaded.
    static func refuseMixedLeverage(_ bots: [BotSpec], _ rt: RuntimeConfig, _ d: Diagnostics) -> [BotSpec] {
        var groups: [String: [BotSpec]] = [:]
        for b in bots where b.instrument.kind == .perpetual && rt.accounts[b.account].map({ $0.venue != "paper" }) == true {
            groups["\(b.account)|\(b.instrument.id)", default: []].append(b)
        }
        var refused: Set<String> = []
        for (_, g) in groups.sorted(by: { $0.key < $1.key }) {
            let levels = Set(g.map { $0.leverage(account: rt.accounts[$0.account]) })
            guard levels.count > 1 else { continue }
            let listed = g.map { "\($0.id) (\($0.leverage(account: rt.accounts[$0.account]).map { "\($0)" } ?? "none"))" }
                .joined(separator: ", ")
            for b in g {
                refused.insert(b.id)
                d.add(ConfigIssue(file: b.file, line: b.lines["params"] ?? b.lines["account"] ?? 0, key: "leverage",
                                  message: "'\(b.account)' holds one leverage per instrument and side, but its bots on "
                                    + "\(b.instrument.id) ask for different ones: \(listed); give them the same leverage or separate accounts"))
            }
        }
        return bots.filter { !refused.contains($0.id) }
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
