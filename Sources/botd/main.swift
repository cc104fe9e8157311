import Binance
import BotConfig
import BotCore
import Commands
import Control
import Feeds
import Venues
import Foundation
import Logging
import OKX
import Runtime
import ServiceLifecycle
import Store
import Synchronization
import Telegram
import TelegramWire
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

// A parent may have blocked signals (test runners do); the daemon must see SIGTERM, SIGINT
// and SIGHUP, so it clears the inherited mask first.
var emptySet = sigset_t()
sigemptyset(&emptySet)
pthread_sigmask(SIG_SETMASK, &emptySet, nil)
// A peer that hangs up (a control client, a metrics scraper, a closed log pipe) must cost a
// failed write, never the daemon.
signal(SIGPIPE, SIG_IGN)

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: botd [--config FILE]   (default: ./runtime.toml)\n".utf8))
    exit(64)
}

var configPath = "runtime.toml"
var argv = CommandLine.arguments.dropFirst()
while let a = argv.popFirst() {
    switch a {
    case "--config":
        guard let v = argv.popFirst() else { usage() }
        configPath = v
    case "-h", "--help": usage()
    default:
        FileHandle.standardError.write(Data("botd: unknown argument '\(a)'\n".utf8))
        usage()
    }
}

LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
let logger = Logger(label: "botd")

let set = ConfigSet.load(runtime: configPath)
for issue in set.issues { logger.warning("\(issue.description)") }
guard let runtime = set.runtime, set.errors.allSatisfy({ $0.file != configPath && $0.file != set.runtime?.instrumentsFile }) else {
    FileHandle.standardError.write(Data("botd: \(configPath) has errors; run `botctl lint \(configPath)`\n".utf8))
    exit(1)
}
let daemon = runtime.daemon

// One daemon per database, decided before anything is read from it or started.
let storageFolder = (daemon.storagePath as NSString).deletingLastPathComponent
if !storageFolder.isEmpty && !FileManager.default.fileExists(atPath: storageFolder) {
    do {
        try FileManager.default.createDirectory(atPath: storageFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    } catch {
        FileHandle.standardError.write(Data("botd: cannot create the storage folder \(storageFolder): \(error.localizedDescription)\n".utf8))
        exit(1)
    }
}
let storeLock: StoreLock
do { storeLock = try StoreLock(database: daemon.storagePath) } catch {
    FileHandle.standardError.write(Data("botd: \(error.description)\n".utf8))
    exit(1)
}

if daemon.lockMemory {
    if let why = MemoryLock.lockResidentPages() {
        logger.warning("memory not locked: pages may be moved out between trades", metadata: ["reason": "\(why)"])
    } else {
        logger.info("memory locked", metadata: ["lock_memory": "true"])
    }
}

let store: Store
do { store = try Store(path: daemon.storagePath, durability: daemon.durabilityFull ? .full : .normal) } catch {
    FileHandle.standardError.write(Data("botd: \(daemon.storagePath): \(error)\n".utf8))
    exit(1)
}

let speed: Double
let seed: UInt64
/// A replay: one-minute candles (gaps allowed: a minute without trades has no bar) or trades.
enum Recorded { case candles([Candle]), trades([Trade]) }
var recording: (symbol: String, data: Recorded)?
switch daemon.market {
case .simulator(let s, let sp):
    seed = s
    speed = sp
case .replay(let file, let symbol, let s, let sp):
    seed = s
    speed = sp
    do throws(DataFileError) {
        if TradeCSV.isTradeFile(file) {
            recording = (symbol, .trades(try TradeCSV.load(path: file)))
        } else {
            let bars = try CandleCSV.load(path: file)
            guard bars.count > 1, zip(bars, bars.dropFirst()).allSatisfy({ ($1.ts - $0.ts) % 60_000 == 0 }) else {
                FileHandle.standardError.write(Data("botd: \(file): a candle replay needs one-minute bars\n".utf8))
                exit(1)
            }
            recording = (symbol, .candles(bars))
        }
    } catch {
        FileHandle.standardError.write(Data("botd: \(error.description)\n".utf8))
        exit(1)
    }
}
let metrics = RuntimeMetrics()
// A replay has its own timestamps; simulated time continues after the last persisted event.
let resumeAfter = recording == nil ? ((try? await store.latestEventTime()) ?? 0) : 0
// ... and so do its prices: each simulated market starts from its last recorded price.
let resumePrices = recording == nil ? ((try? await store.marks())?.mapValues(\.price) ?? [:]) : [:]
let hub = MarketDataHub(historyMinutes: daemon.historyMinutes,
                        feed: SimulatorFeed(seed: seed, resumeAfter: resumeAfter, resumePrices: resumePrices), logger: logger)
switch recording?.data {
case .candles(let bars)?: await hub.use(ReplayFeed(symbol: recording!.symbol, candles: bars), for: recording!.symbol)
case .trades(let trades)?: await hub.use(ReplayFeed(symbol: recording!.symbol, trades: trades), for: recording!.symbol)
case nil: break
}
// A feed that leaves a gap it cannot fill yet holds later bars back: the log says so.
await hub.report { [store] event in store.postEvents([event]) }
// OKX's public market, when an account trades or dry-runs on OKX: every okx instrument then
// comes from it, for every account.
let okxFeed = Venues.okxFeed(config: runtime, logger: logger)
if let okxFeed { await hub.use(okxFeed, forVenue: "okx") }
// Binance's, likewise, for every binance instrument.
let binanceFeed = Venues.binanceFeed(config: runtime, logger: logger)
if let binanceFeed { await hub.use(binanceFeed, forVenue: "binance") }
var markets: Set<String> = []
if okxFeed != nil { markets.insert("okx") }
if binanceFeed != nil { markets.insert("binance") }
let supervisor = Supervisor(config: runtime, store: store, hub: hub, metrics: metrics, logger: logger,
                            makeVenue: Venues.factory(config: runtime, prices: hub.prices,
                                                      environment: ProcessInfo.processInfo.environment,
                                                      markets: markets, logger: logger))

/// The group is made after the router that must be able to stop it.
final class GroupBox: Sendable {
    let group = Mutex<ServiceGroup?>(nil)
}
let box = GroupBox()
let router = CommandRouter(supervisor: supervisor, store: store, metrics: metrics, runtimePath: configPath) {
    Task { await box.group.withLock { $0 }?.triggerGracefulShutdown() }
}
// Clients never take the last file descriptors (see FileBudget).
let fileLimit = FileBudget.raiseLimit()
let controlClients = FileBudget.controlClients(asked: daemon.maxControlClients, limit: fileLimit, openNow: FileBudget.openNow(),
                                               others: daemon.metrics == nil ? 0 : MetricsServer.maxClients)
if controlClients < daemon.maxControlClients {
    logger.warning("fewer control clients than [control] max_clients: botd may open only \(fileLimit) files (RLIMIT_NOFILE)",
                   metadata: ["max_clients": "\(daemon.maxControlClients)", "served": "\(controlClients)"])
}
let control = ControlServer(path: daemon.socketPath, allowUIDs: daemon.allowUIDs, maxClients: controlClients,
                            router: router, logger: logger)
let metricsEndpoint = daemon.metrics.map { address in
    MetricsServer(host: address.host, port: address.port) {
        _ = await supervisor.statuses()  // refreshes the gauges
        return metrics.prometheusText()
    }
}

// Telegram, when configured: its token from the environment, named in errors by its
// variable only. Without a usable token botd runs without Telegram.
let telegram: TelegramService? = runtime.telegram.flatMap { t in
    guard let text = ProcessInfo.processInfo.environment[t.tokenVariable], !text.isEmpty else {
        logger.error("telegram disabled: the environment variable \(t.tokenVariable) ([telegram] token_env) is not set")
        return nil
    }
    do {
        return TelegramService(config: t, users: runtime.users, token: try TelegramToken(text), router: router, store: store, logger: logger)
    } catch {
        logger.error("telegram disabled: \(t.tokenVariable) does not hold a bot token: \(error)")
        return nil
    }
}

/// The runtime as one service: bots start, the socket opens, the market runs; on graceful
/// shutdown the socket closes first, then the bots stop and persist, and the store closes last.
struct RuntimeService: Service {
    func run() async throws {
        await telegram?.prepare()
        let telegramTask = telegram.map { t in Task { await t.run() } }
        try? await store.appendEvents([RuntimeEvent(ts: wallClockMilliseconds(), .daemonStarted)])
        await supervisor.start(set.bots, coldStart: true)
        try await control.start()
        if let m = metricsEndpoint {
            do { try await m.start() } catch { logger.warning("metrics endpoint unavailable: \(error)") }
        }
        logger.info("botd running", metadata: ["bots": "\(set.bots.count)", "socket": "\(daemon.socketPath)"])
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                await cancelWhenGracefulShutdown { await hub.run(speed: speed) }
            }
            tasks.addTask {
                // The market's last prices, every few seconds, for the next start.
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(5))
                        try? await store.saveMarks(await hub.marks())
                    }
                }
            }
            tasks.addTask {
                // Real accounts' positions against their bots' ledgers, every minute.
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(60))
                        await supervisor.checkPositions()
                    }
                }
            }
            tasks.addTask {
                // SIGHUP re-reads bots/: changed files restart only their bots.
                let hups = await UnixSignalsSequence(trapping: .sighup)
                await cancelWhenGracefulShutdown {
                    for await _ in hups {
                        let report = await supervisor.reload(ConfigSet.load(runtime: configPath))
                        // Each problem on its own line, with its file, line and key.
                        for e in report.errors { logger.error("reload: \(e)") }
                        logger.info("reloaded", metadata: ["added": "\(report.added)", "removed": "\(report.removed)",
                                                           "restarted": "\(report.restarted)", "errors": "\(report.errors.count)"])
                    }
                }
            }
            await tasks.waitForAll()
        }
        await control.stop()
        await metricsEndpoint?.stop()
        await supervisor.shutdown()
        await okxFeed?.stop()
        await binanceFeed?.stop()
        try? await store.saveMarks(await hub.marks())
        try? await store.appendEvents([RuntimeEvent(ts: wallClockMilliseconds(), .daemonStopped)])
        // Users hear of the stop: Telegram gets a few seconds to send what is queued.
        if let telegramTask {
            await telegram?.drain(upTo: .seconds(5))
            telegramTask.cancel()
            await telegramTask.value
        }
        do { try await store.close() } catch { logger.error("closing the store failed", metadata: ["error": "\(error)"]) }
        logger.info("botd stopped")
        withExtendedLifetime(storeLock) {}
    }
}

let group = ServiceGroup(configuration: .init(services: [.init(service: RuntimeService())],
                                              gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
box.group.withLock { $0 = group }
do { try await group.run() } catch {
    logger.error("botd failed: \(error)")
    exit(1)
}
