// swift-tools-version:6.0
// BotRuntime: one process hosting many supervised trading bots.
//
// Targets are listed in dependency order (docs/ARCHITECTURE.md, "Targets"): the C system
// libraries first, then the library targets, each importing only targets listed before it;
// the executables, the plugin and the test helpers last.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // The hot path crosses target boundaries on every event (engine → matcher → ledger →
    // strategy); let release builds inline across them.
    // Exclusivity is checked at run time in debug builds (every test runs there); release
    // builds skip the per-access runtime calls (a thread-local lookup each), which were a
    // quarter of encoding a snapshot and a share of every bot's event.
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "BotRuntime",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "botd", targets: ["botd"]),
        .executable(name: "botctl", targets: ["botctl"]),
        .library(name: "BotCore", targets: ["BotCore"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Risk", targets: ["Risk"]),
        .library(name: "MarketSim", targets: ["MarketSim"]),
        .library(name: "Feeds", targets: ["Feeds"]),
        .library(name: "PaperMatching", targets: ["PaperMatching"]),
        .library(name: "Execution", targets: ["Execution"]),
        .library(name: "Strategies", targets: ["Strategies"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "Backtest", targets: ["Backtest"]),
        .library(name: "BotConfig", targets: ["BotConfig"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "PaperTrading", targets: ["PaperTrading"]),
        .library(name: "TOML", targets: ["TOML"]),
        .library(name: "Commands", targets: ["Commands"]),
        .library(name: "Control", targets: ["Control"]),
        .library(name: "OKXWire", targets: ["OKXWire"]),
        .library(name: "BinanceWire", targets: ["BinanceWire"]),
        .library(name: "Binance", targets: ["Binance"]),
        .library(name: "OKX", targets: ["OKX"]),
        .library(name: "Venues", targets: ["Venues"]),
        // The local OKX, for the benchmarks' gateway and feed runs (tests use it directly).
        .library(name: "OKXFake", targets: ["OKXFake"]),
        .library(name: "BinanceFake", targets: ["BinanceFake"]),
        .library(name: "TelegramWire", targets: ["TelegramWire"]),
        .library(name: "TelegramFake", targets: ["TelegramFake"]),
        .library(name: "Telegram", targets: ["Telegram"]),
        .plugin(name: "LintBots", targets: ["LintBots"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // The control socket and the metrics endpoint: event-loop servers, no thread per client.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The live venues: the feeds' WebSocket client, and for the OKX fake TLS servers with
        // certificates made at test time and an HMAC of its own to check signatures with.
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C system libraries: SQLite for the store, libcurl for HTTPTransport, OpenSSL's HMAC for
        // OKXWire; hiredis for the Redis mirror to come.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis",
                       providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        // A TOML reader that remembers the line of every key, so config errors can name it.
        .target(name: "TOML", swiftSettings: strict),
        // Domain values (fixed-point money, instruments, orders, fills, positions, events) and
        // the seams every layer above codes against: Strategy, Venue, MarketFeed.
        .target(name: "BotCore", dependencies: ["TOML"], swiftSettings: strict),
        // Streaming O(1) indicators with their named variants.
        .target(name: "Indicators", swiftSettings: strict),
        // Pure pre-trade checks and per-bot ledgers.
        .target(name: "Risk", dependencies: ["BotCore"], swiftSettings: strict),
        // The seeded, regime-switching market simulator.
        .target(name: "MarketSim", dependencies: ["BotCore"], swiftSettings: strict),
        // Market feeds without a network: the simulator and recorded markets.
        .target(name: "Feeds", dependencies: ["BotCore", "MarketSim"], swiftSettings: strict),
        // The paper matching engine used by backtests and paper trading.
        .target(name: "PaperMatching", dependencies: ["BotCore"], swiftSettings: strict),
        // HTTP(S) over libcurl on a thread of its own, for the venues' REST calls.
        .target(name: "HTTPTransport", dependencies: ["CCurl"], swiftSettings: strict),
        // HMAC-SHA256 through OpenSSL, with the hex and Base64 the venues sign in.
        .target(name: "WireSigning", dependencies: ["COpenSSL"], swiftSettings: strict),
        // OKX v5 on the wire, without I/O: signing, requests and answers, WebSocket frames, and
        // the hot parser for trades, tickers and candles.
        .target(name: "OKXWire", dependencies: ["BotCore", "WireSigning"], swiftSettings: strict),
        // Binance spot on the wire, without I/O: signed queries, answers and errors, limit
        // headers, market streams, the WebSocket API and its user data events, the hot parser.
        .target(name: "BinanceWire", dependencies: ["BotCore", "WireSigning"], swiftSettings: strict),
        // Account credentials encrypted at rest (AES-256-GCM through OpenSSL).
        .target(name: "CredentialVault", dependencies: ["BotCore", "COpenSSL"], swiftSettings: strict),
        // The Telegram Bot API as values (protocols.md section 5): updates, requests, the
        // response envelope and its errors, HTML escaping, message splitting. No I/O.
        .target(name: "TelegramWire", dependencies: ["BotCore"], swiftSettings: strict),
        // A venue's WebSocket kept connected: keep-alive, reconnection with backoff and jitter,
        // resubscription on every new connection (hummingbird's WebSocket client underneath).
        .target(name: "VenueSocket",
                dependencies: [.product(name: "WSClient", package: "swift-websocket"),
                               .product(name: "NIOWebSocket", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // OKX live: the market feed over its public and business WebSockets, and the account
        // gateway behind `Venue` (REST over libcurl, the private stream, reconciliation).
        .target(name: "OKX",
                dependencies: ["BotCore", "OKXWire", "HTTPTransport", "VenueSocket",
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // Binance spot live: the market feed over the combined streams, and the account gateway
        // behind `Venue` (REST over libcurl within the IP's weight, the WebSocket API's user
        // data, reconciliation).
        .target(name: "Binance",
                dependencies: ["BotCore", "BinanceWire", "HTTPTransport", "VenueSocket",
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // The order pipeline: intents to venue calls, answers and fills to the ledger; one
        // for the backtester and the daemon.
        .target(name: "Execution", dependencies: ["BotCore", "Risk"], swiftSettings: strict),
        // Pure, deterministic strategies behind one protocol.
        .target(name: "Strategies", dependencies: ["BotCore", "Indicators", "Policy"],
                exclude: ["RSICross/README.md", "HyperRSI/README.md", "Grid/README.md", "AuroraQ/README.md"], swiftSettings: strict),
        // A trained policy's weights (safetensors) and its forward pass.
        .target(name: "Policy", dependencies: [], swiftSettings: strict),
        // Bot files and runtime.toml: parsing, validation, lint.
        .target(name: "BotConfig", dependencies: ["BotCore", "TOML", "Strategies", "Risk", "PaperMatching", "CredentialVault"],
                swiftSettings: strict),
        // The SQLite system of record.
        .target(name: "Store", dependencies: ["BotCore", "CSQLite"], swiftSettings: strict),
        // A cache prefetch hint for the shards' walk over their bots.
        .target(name: "CPrefetch"),
        // The daemon's actors: supervisor, bots and their shards, market-data hub, rate gate,
        // venue router. Knows venues and feeds only by their protocols.
        .target(name: "Runtime",
                dependencies: ["BotCore", "Risk", "Execution", "Strategies", "Store", "BotConfig", "CPrefetch",
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "CoreMetrics", package: "swift-metrics"),
                               .product(name: "Prometheus", package: "swift-prometheus")],
                swiftSettings: strict),
        // The paper venue: the matching engine behind the Venue protocol, following the hub.
        .target(name: "PaperTrading", dependencies: ["BotCore", "PaperMatching", "Runtime", "BotConfig"],
                swiftSettings: strict),
        // Typed commands and their callers, and the router that authorises and runs them for every transport.
        .target(name: "Commands", dependencies: ["BotCore", "Runtime", "Store", "BotConfig"], swiftSettings: strict),
        // The control socket peer's uid (SO_PEERCRED).
        .target(name: "CPeerCred"),
        // The control socket: JSON lines over a Unix socket, client and server, rendered from typed commands.
        .target(name: "Control", dependencies: ["BotCore", "Runtime", "Store", "BotConfig", "Commands", "CPeerCred",
                                                .product(name: "Logging", package: "swift-log"),
                                                .product(name: "NIOCore", package: "swift-nio"),
                                                .product(name: "NIOPosix", package: "swift-nio"),
                                                .product(name: "NIOHTTP1", package: "swift-nio")],
                swiftSettings: strict),
        // Telegram as a transport of the command router: chat commands, replies and
        // notifications in each user's language, the Bot API client, poller and paced sender.
        .target(name: "Telegram",
                dependencies: ["BotCore", "BotConfig", "Commands", "Runtime", "Store", "TelegramWire", "HTTPTransport",
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // Candle replay through strategy, risk and paper matching; metrics and reports.
        .target(name: "Backtest",
                dependencies: ["BotCore", "Risk", "Execution", "PaperMatching", "Strategies", "MarketSim",
                               "BotConfig"],
                swiftSettings: strict),
        // The venues botd can build an account on: paper (and dry-run), OKX, Binance; and the
        // feeds of the venues' public markets.
        .target(name: "Venues",
                dependencies: ["BotCore", "BotConfig", "Runtime", "PaperTrading", "OKX", "OKXWire", "Binance", "BinanceWire",
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .executableTarget(
            name: "botd",
            dependencies: ["Runtime", "Feeds", "Venues", "OKX", "Binance", "Commands", "Control", "Store", "BotConfig", "BotCore",
                           "Telegram", "TelegramWire",
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .executableTarget(
            name: "botctl",
            dependencies: ["BotCore", "Indicators", "Backtest", "BotConfig", "MarketSim", "Control", "Policy",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .plugin(
            name: "LintBots",
            capability: .command(
                intent: .custom(verb: "lint-bots",
                                description: "Validate runtime.toml and bots/*.toml"),
                permissions: []),
            dependencies: ["botctl"]),

        // Helpers shared by the test targets and benchmarks.
        .target(name: "BotTestKit", dependencies: ["BotCore", "MarketSim", "CSQLite", "Policy", "Indicators"], swiftSettings: strict),
        // A daemon's insides for tests of what runs on top of the command router: two users' paper bots.
        .target(name: "DaemonTestKit", dependencies: ["BotTestKit", "Commands", "Runtime", "BotCore", "Store", "BotConfig", "Feeds", "PaperTrading",
                                                      "Strategies", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // What the venue fakes share: a TLS server on loopback for REST and WebSocket with a CA
        // made at test time, a clock that can run fast, JSON, rate-limit windows.
        .target(name: "FakeKit",
                dependencies: ["BotCore",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOWebSocket", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "X509", package: "swift-certificates"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        // A local Binance spot for the tests (protocols.md section 6): REST with weights and
        // order counts, market streams, the WebSocket API and its user data stream, faults.
        .target(name: "BinanceFake",
                dependencies: ["BotCore", "FakeKit",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOWebSocket", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        // A local OKX for the tests: REST and WebSocket over TLS on loopback, with faults and a
        // clock that can run fast (protocols.md section 6). Checks signatures with its own HMAC.
        .target(name: "OKXFake",
                dependencies: ["BotCore", "FakeKit",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOWebSocket", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "X509", package: "swift-certificates"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),

        // A local Telegram Bot API for the tests (protocols.md sections 5 and 6): long polling
        // with offsets, rate limits answering 429 with retry_after, 409 for a second poller or a
        // webhook, entity errors, blocked chats; test endpoints to inject messages and presses.
        .target(name: "TelegramFake",
                dependencies: ["FakeKit",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio")],
                swiftSettings: strict),

        .testTarget(name: "TOMLTests", dependencies: ["BotTestKit", "TOML"]),
        .testTarget(name: "BotCoreTests", dependencies: ["BotTestKit", "BotCore"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["BotTestKit", "Indicators", "BotCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RiskTests", dependencies: ["BotTestKit", "Risk", "BotCore"]),
        .testTarget(name: "MarketSimTests", dependencies: ["BotTestKit", "MarketSim", "BotCore"]),
        .testTarget(name: "PaperMatchingTests", dependencies: ["BotTestKit", "PaperMatching", "BotCore"]),
        .testTarget(name: "StrategiesTests", dependencies: ["BotTestKit", "Strategies", "BotCore", "Indicators"]),
        .testTarget(name: "PolicyTests", dependencies: ["BotTestKit", "Policy", "Indicators", "BotCore"]),
        .testTarget(name: "BotConfigTests", dependencies: ["BotTestKit", "BotConfig", "BotCore", "Indicators"]),
        .testTarget(name: "BacktestTests",
                    dependencies: ["BotTestKit", "Backtest", "BotCore", "Strategies", "BotConfig", "Indicators"]),
        .testTarget(name: "SystemLibrariesTests", dependencies: ["BotTestKit", "CHiredis", "CCurl", "COpenSSL"]),
        .testTarget(name: "ExecutionTests", dependencies: ["BotTestKit", "Execution", "Risk", "BotCore"]),
        .testTarget(name: "RuntimeTests", dependencies: ["BotTestKit", "Runtime", "BotCore", "Store", "BotConfig", "Backtest", "Strategies", "Risk", "PaperMatching", "Execution", "Feeds", "PaperTrading", "MarketSim"]),
        .testTarget(name: "CommandsTests", dependencies: ["BotTestKit", "DaemonTestKit", "Commands", "Runtime", "BotCore", "Store", "BotConfig", "Feeds",
                                                         "PaperTrading"]),
        .testTarget(name: "ControlTests", dependencies: ["BotTestKit", "Control", "Commands", "Runtime", "BotCore", "Store", "BotConfig", "Feeds",
                                                        "PaperTrading"]),
        .testTarget(name: "StoreTests", dependencies: ["BotTestKit", "Store", "BotCore"]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["BotTestKit", "HTTPTransport",
                                                              .product(name: "NIOCore", package: "swift-nio"),
                                                              .product(name: "NIOPosix", package: "swift-nio"),
                                                              .product(name: "NIOHTTP1", package: "swift-nio")]),
        .testTarget(name: "VenueSocketTests", dependencies: ["BotTestKit", "VenueSocket",
                                                            .product(name: "NIOCore", package: "swift-nio"),
                                                            .product(name: "NIOPosix", package: "swift-nio"),
                                                            .product(name: "NIOHTTP1", package: "swift-nio"),
                                                            .product(name: "NIOWebSocket", package: "swift-nio"),
                                                            .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "OKXWireTests", dependencies: ["BotTestKit", "OKXWire", "BotCore"]),
        .testTarget(name: "TelegramWireTests", dependencies: ["BotTestKit", "TelegramWire"]),
        .testTarget(name: "TelegramChatTests", dependencies: ["BotTestKit", "Telegram", "TelegramWire", "Commands", "BotConfig", "BotCore", "Store",
                                                          "Runtime"]),
        .testTarget(name: "TelegramTests", dependencies: ["BotTestKit", "DaemonTestKit", "Telegram", "TelegramWire", "TelegramFake", "FakeKit",
                                                         "Commands", "Runtime", "Store", "BotConfig", "BotCore",
                                                         .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "TelegramFakeTests", dependencies: ["BotTestKit", "TelegramFake", "FakeKit", "HTTPTransport"]),
        .testTarget(name: "BinanceWireTests", dependencies: ["BotTestKit", "BinanceWire", "BotCore", "WireSigning"]),
        .testTarget(name: "BinanceTests", dependencies: ["BotTestKit", "Binance", "BinanceWire", "BinanceFake", "BotCore", "MarketSim",
                                                         "VenueSocket", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CredentialVaultTests", dependencies: ["BotTestKit", "CredentialVault", "BotCore"]),
        .testTarget(name: "OKXTests", dependencies: ["BotTestKit", "OKX", "OKXWire", "OKXFake", "BotCore", "HTTPTransport", "MarketSim",
                                                    .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "OKXFakeTests", dependencies: ["BotTestKit", "OKXFake", "BotCore", "CCurl"]),
        .testTarget(name: "BinanceFakeTests", dependencies: ["BotTestKit", "BinanceFake", "FakeKit", "BotCore", "CCurl"]),
        .testTarget(name: "BotctlTests", dependencies: ["BotTestKit", "BotCore", "BotConfig", "Store", "Strategies", "Indicators", "Control", "OKXFake", "OKX", "OKXWire",
                                                       "BinanceFake", "TelegramFake", "FakeKit", "Policy", "MarketSim"]),
    ]
)
