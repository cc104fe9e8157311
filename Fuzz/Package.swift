// swift-tools-version:6.0
// Fuzzers for the inputs a user or a peer controls, in their own package so that CI's build of
// BotRuntime never compiles them (they need libFuzzer's instrumentation).
// Run: scripts/fuzz.sh [SECONDS] [TARGET...]
// Build by hand: swift build --package-path Fuzz --scratch-path Fuzz/.build -c release \
//   -Xswiftc -sanitize=fuzzer,address
// Each fuzz-* executable defines LLVMFuzzerTestOneInput and a main that runs libFuzzer's driver.
import PackageDescription

let package = Package(
    name: "BotRuntimeFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "BotRuntime", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-toml",
            dependencies: [
                "FuzzSupport",
                .product(name: "TOML", package: "BotRuntime"),
                .product(name: "BotCore", package: "BotRuntime"),
                .product(name: "BotConfig", package: "BotRuntime"),
            ]),
        .executableTarget(
            name: "fuzz-candle-csv",
            dependencies: ["FuzzSupport", .product(name: "BotCore", package: "BotRuntime")]),
        .executableTarget(
            name: "fuzz-trade-csv",
            dependencies: ["FuzzSupport", .product(name: "BotCore", package: "BotRuntime")]),
        .executableTarget(
            name: "fuzz-control",
            dependencies: ["FuzzSupport", .product(name: "Control", package: "BotRuntime")]),
        // OKXWire's hot parser (Sources/OKXWire/Market, linked in as a folder): the root
        // package has OKXWire as a target, not a product, so it cannot be depended on here.
        .executableTarget(name: "fuzz-okx-market", dependencies: ["FuzzSupport", .product(name: "OKXWire", package: "BotRuntime")]),
        // BinanceWire's hot parser for the combined market streams.
        .executableTarget(name: "fuzz-binance-market",
                          dependencies: ["FuzzSupport", .product(name: "BinanceWire", package: "BotRuntime")]),
        // A policy's safetensors file (auroraq-ppo's model) and the forward pass over what parses.
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzSupport", .product(name: "Policy", package: "BotRuntime")]),
    ]
)
