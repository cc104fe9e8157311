import BotCore
import Foundation
import OKXWire

// OKX's hot market frames decoded per second on one core: the parser of OKXWire (its Market
// folder, linked here as the OKXMarket module because the root package exports OKXWire as a
// target only). Usage:
//   swift run -c release --package-path Benchmarks okx-bench [SECONDS-PER-CASE]
//   okx-bench --passes N    parse every frame N times, untimed: run it under
//                           `valgrind --tool=memcheck` with two N to count heap allocations
//                           per frame (the difference over the extra frames)

/// CPU time of this thread: the machine is shared, and wall time would count the others.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// A seeded generator, so every run parses the same frames.
struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func price() -> String {
        let cents = next() % 10_000_000
        return "\(cents / 100).\(String(format: "%02d", Int(cents % 100)))"
    }
}

var mix = Mix(state: 2026)
let instIds = ["BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP", "SOL-USDT", "DOGE-USDT-SWAP"]

// protocols.md §4.3's ticker push, as OKX sends it, with varying numbers.
let tickers: [[UInt8]] = (0..<1024).map { i in
    let id = instIds[i % instIds.count]
    let ts = 1_597_026_383_085 + i * 100
    return Array(#"{"arg":{"channel":"tickers","instId":"\#(id)"},"data":[{"instType":"SPOT","instId":"\#(id)","last":"\#(mix.price())","lastSz":"0.1","askPx":"\#(mix.price())","askSz":"11","bidPx":"\#(mix.price())","bidSz":"5","open24h":"9000","high24h":"10000","low24h":"8888.88","volCcy24h":"2222","vol24h":"2222","sodUtc0":"2222","sodUtc8":"2222","ts":"\#(ts)"}]}"#.utf8)
}
let trades: [[UInt8]] = (0..<1024).map { i in
    let id = instIds[i % instIds.count]
    return Array(#"{"arg":{"channel":"trades","instId":"\#(id)"},"data":[{"instId":"\#(id)","tradeId":"\#(130_639_474 + i)","px":"\#(mix.price())","sz":"0.12060306","side":"\#(i % 2 == 0 ? "buy" : "sell")","ts":"\#(1_630_048_897_897 + i)","count":"3","source":"0","seqId":\#(1234 + i)}]}"#.utf8)
}
let candles: [[UInt8]] = (0..<1024).map { i in
    let id = instIds[i % instIds.count]
    return Array(#"{"arg":{"channel":"candle1m","instId":"\#(id)"},"data":[["\#(1_597_026_360_000 + i * 60_000)","\#(mix.price())","\#(mix.price())","\#(mix.price())","\#(mix.price())","45247","529.5858061","5529.5858061","\#(i % 60 == 0 ? 1 : 0)"]]}"#.utf8)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--passes", let passes = arguments.dropFirst().first.flatMap(Int.init) {
    var sink = 0
    let frames = tickers + trades + candles
    for _ in 0..<passes {
        for f in frames {
            if case .notHot = try OKXMarketParser.parse(f) { sink += 1 }
        }
    }
    print("\(passes * 3 * 1024) frames parsed, \(sink) not hot")
    exit(0)
}
let seconds = arguments.first.flatMap(Double.init) ?? 2.0

/// Parses the frames round and round for about `seconds` of CPU; best pass rate of 5 slices.
/// Returns a value that depends on every parse, so none can be optimised away.
func measure(_ name: String, _ frames: [[UInt8]]) -> Int {
    var sink = 0
    let bytes = frames.reduce(0) { $0 + $1.count }
    var best = 0.0
    for _ in 0..<5 {
        let start = cpuSeconds()
        var n = 0
        while cpuSeconds() - start < seconds / 5 {
            for f in frames {
                do {
                    switch try OKXMarketParser.parse(f) {
                    case .tickers(_, let t): sink &+= Int(t[0].bid.raw & 1)
                    case .trades(_, let t): sink &+= Int(t[0].price.raw & 1)
                    case .candles(_, _, let c): sink &+= Int(c[0].candle.close.raw & 1)
                    case .notHot: fatalError("\(name): not hot")
                    }
                } catch {
                    fatalError("\(name): \(error)")
                }
            }
            n += frames.count
        }
        best = max(best, Double(n) / (cpuSeconds() - start))
    }
    let avg = Double(bytes) / Double(frames.count)
    print(String(format: "%-8@ %6.2f M msgs/s per core  %5.0f ns/msg  %4.0f bytes/msg  %5.2f GB/s",
                 name as NSString, best / 1e6, 1e9 / best, avg, best * avg / 1e9))
    return sink
}

let sink = measure("tickers", tickers) &+ measure("trades", trades) &+ measure("candles", candles)
if sink == 42 { print("") }
