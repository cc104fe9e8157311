import BotCore
import Foundation

// Binance's hot market messages decoded per second on one core: the parser of BinanceWire
// (its Market folder, linked into this executable as source because the root package has
// BinanceWire as a target, not a product). Usage:
//   swift run -c release --package-path Benchmarks binance-bench [SECONDS-PER-CASE]
//   binance-bench --passes N    parse every message N times, untimed: run it under
//                               `valgrind --tool=memcheck` with two N to count heap allocations
//                               per message (the difference over the extra messages)

/// CPU time of this thread: the machine is shared, and wall time would count the others.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// A seeded generator, so every run parses the same messages.
struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Eight decimals, as Binance writes prices and quantities.
    mutating func decimal() -> String {
        let v = next() % 10_000_000_000_000
        let frac = String(v % 100_000_000)
        return "\(v / 100_000_000)." + String(repeating: "0", count: 8 - frac.count) + frac
    }
}

var mix = Mix(state: 2026)
let symbols = ["BTCUSDT", "ETHUSDT", "BNBBTC", "SOLUSDT", "DOGEUSDT"]

// protocols.md §2's payloads in the combined stream's envelope, with varying numbers.
let trades: [[UInt8]] = (0..<1024).map { i in
    let s = symbols[i % symbols.count]
    let ts = 1_672_515_782_136 + i * 7
    return Array(#"{"stream":"\#(s.lowercased())@trade","data":{"e":"trade","E":\#(ts),"s":"\#(s)","t":\#(12345 + i),"p":"\#(mix.decimal())","q":"\#(mix.decimal())","T":\#(ts - 1),"m":\#(i % 2 == 0),"M":true}}"#.utf8)
}
let klines: [[UInt8]] = (0..<1024).map { i in
    let s = symbols[i % symbols.count]
    let open = 1_672_515_780_000 + i / 30 * 60_000
    return Array(#"{"stream":"\#(s.lowercased())@kline_1m","data":{"e":"kline","E":\#(open + 2000),"s":"\#(s)","k":{"t":\#(open),"T":\#(open + 59_999),"s":"\#(s)","i":"1m","f":\#(100 + i),"L":\#(200 + i),"o":"\#(mix.decimal())","c":"\#(mix.decimal())","h":"\#(mix.decimal())","l":"\#(mix.decimal())","v":"\#(mix.decimal())","n":\#(100 + i),"x":\#(i % 30 == 29),"q":"\#(mix.decimal())","V":"\#(mix.decimal())","Q":"\#(mix.decimal())","B":"0"}}}"#.utf8)
}
let bookTickers: [[UInt8]] = (0..<1024).map { i in
    let s = symbols[i % symbols.count]
    return Array(#"{"stream":"\#(s.lowercased())@bookTicker","data":{"u":\#(400_900_217 + i),"s":"\#(s)","b":"\#(mix.decimal())","B":"\#(mix.decimal())","a":"\#(mix.decimal())","A":"\#(mix.decimal())"}}"#.utf8)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--passes", let passes = arguments.dropFirst().first.flatMap(Int.init) {
    var sink = 0
    let frames = trades + klines + bookTickers
    for _ in 0..<passes {
        for f in frames {
            if case .notHot = try BinanceMarketParser.parse(f) { sink += 1 }
        }
    }
    print("\(passes * 3 * 1024) messages parsed, \(sink) not hot")
    exit(0)
}
let seconds = arguments.first.flatMap(Double.init) ?? 2.0

/// Parses the messages round and round for about `seconds` of CPU; best pass rate of 5 slices.
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
                    switch try BinanceMarketParser.parse(f) {
                    case .trade(_, let t): sink &+= Int(t.trade.price.raw & 1)
                    case .kline(_, let k): sink &+= Int(k.candle.close.raw & 1)
                    case .bookTicker(_, let b): sink &+= Int(b.bid.raw & 1)
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
    let label = name + String(repeating: " ", count: max(0, 11 - name.count))
    print(label + String(format: "%6.2f M msgs/s per core  %5.0f ns/msg  %4.0f bytes/msg  %5.2f GB/s",
                         best / 1e6, 1e9 / best, avg, best * avg / 1e9))
    return sink
}

let sink = measure("trade", trades) &+ measure("kline", klines) &+ measure("bookTicker", bookTickers)
if sink == 42 { print("") }
