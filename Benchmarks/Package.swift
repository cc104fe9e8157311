// swift-tools-version:6.0
// Benchmarks live in their own package so that CI's build of BotRuntime never compiles them.
// Run: swift run -c release --package-path Benchmarks bench [--data DIR]
//      swift run -c release --package-path Benchmarks toml-bench [NAME-FILTER]
//      swift run -c release --package-path Benchmarks okx-bench [SECONDS-PER-CASE]
//      swift run -c release --package-path Benchmarks binance-bench [SECONDS-PER-CASE]
//      swift run -c release --package-path Benchmarks okx-live-bench [orders|reconcile|latency|throughput ...]
//      swift build -c release --package-path Benchmarks --product binance-live-bench &&
//        Benchmarks/.build/release/binance-live-bench [orders|weight ...]
import PackageDescription

let package = Package(
    name: "BotRuntimeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "BotRuntime", path: "..")],
    targets: [
        .executableTarget(
            name: "runtime-bench",
            dependencies: [
                .product(name: "BotCore", package: "BotRuntime"),
                .product(name: "BotConfig", package: "BotRuntime"),
                .product(name: "Runtime", package: "BotRuntime"),
                .product(name: "Feeds", package: "BotRuntime"),
                .product(name: "PaperTrading", package: "BotRuntime"),
                .product(name: "Store", package: "BotRuntime"),
                .product(name: "Indicators", package: "BotRuntime"),
                .product(name: "TOML", package: "BotRuntime"),
            ]),
        .executableTarget(
            name: "bench",
            dependencies: [
                .product(name: "BotCore", package: "BotRuntime"),
                .product(name: "Backtest", package: "BotRuntime"),
                .product(name: "BotConfig", package: "BotRuntime"),
                .product(name: "Strategies", package: "BotRuntime"),
                .product(name: "Risk", package: "BotRuntime"),
                .product(name: "PaperMatching", package: "BotRuntime"),
                .product(name: "Indicators", package: "BotRuntime"),
                .product(name: "Policy", package: "BotRuntime"),
            ]),
        .executableTarget(
            name: "toml-bench",
            dependencies: [.product(name: "TOML", package: "BotRuntime")]),
        // OKXWire's hot parser: trades, tickers and candles decoded per second per core.
        .executableTarget(name: "okx-bench", dependencies: [.product(name: "OKXWire", package: "BotRuntime"),
                                                            .product(name: "BotCore", package: "BotRuntime")]),
        // BinanceWire's hot parser: trades, klines and book tickers decoded per second per core. Its
        // Market folder is linked in as source (BinanceMarket), since the root package has
        // BinanceWire as a target, not a product; built with the flags the root gives it.
        .executableTarget(name: "binance-bench", dependencies: [.product(name: "BotCore", package: "BotRuntime")],
                          swiftSettings: [.unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"])]),
        // The OKX gateway and feed against the local OKX fake on loopback: orders per second at the
        // venue's limits, reconciliation of 1,000 open orders, WebSocket-to-bot latency, feed throughput.
        .executableTarget(name: "okx-live-bench", dependencies: [.product(name: "OKX", package: "BotRuntime"),
                                                                 .product(name: "OKXWire", package: "BotRuntime"),
                                                                 .product(name: "OKXFake", package: "BotRuntime"),
                                                                 .product(name: "BotCore", package: "BotRuntime"),
                                                                 .product(name: "Runtime", package: "BotRuntime")]),
        // Telegram notifications from the event log to the Bot API fake: messages a second at
        // Telegram's global limit, and a fill's notification latency.
        .executableTarget(name: "telegram-bench", dependencies: [.product(name: "Telegram", package: "BotRuntime"),
                                                                 .product(name: "TelegramWire", package: "BotRuntime"),
                                                                 .product(name: "TelegramFake", package: "BotRuntime"),
                                                                 .product(name: "Commands", package: "BotRuntime"),
                                                                 .product(name: "Feeds", package: "BotRuntime"),
                                                                 .product(name: "PaperTrading", package: "BotRuntime"),
                                                                 .product(name: "Store", package: "BotRuntime"),
                                                                 .product(name: "BotConfig", package: "BotRuntime"),
                                                                 .product(name: "BotCore", package: "BotRuntime"),
                                                                 .product(name: "Runtime", package: "BotRuntime")]),
        // The Binance gateway against the local Binance fake on loopback: orders per second at
        // Binance's limits (50 unfilled orders per 10 s per account, 6,000 weight a minute per IP).
        .executableTarget(name: "binance-live-bench", dependencies: [.product(name: "Binance", package: "BotRuntime"),
                                                                     .product(name: "BinanceWire", package: "BotRuntime"),
                                                                     .product(name: "BinanceFake", package: "BotRuntime"),
                                                                     .product(name: "BotCore", package: "BotRuntime")]),
    ]
)
