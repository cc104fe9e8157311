import Foundation
import TOML

// How TOMLParser's time grows with the input: each shape at two sizes, so a quadratic path
// shows as a 16× step between them rather than 4×. Usage:
//   swift run -c release --package-path Benchmarks toml-bench [NAME-FILTER]

func header(_ parts: Int) -> String {
    "[" + Array(repeating: "k", count: parts).joined(separator: ".") + "]\nx = 1\n"
}
func nestedArrays(_ n: Int) -> String { "a = " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n" }
func keys(_ n: Int) -> String { "[t]\n" + (0..<n).map { "k\($0) = \($0)\n" }.joined() }
func tables(_ n: Int) -> String { (0..<n).map { "[t.s\($0)]\nx = 1\n" }.joined() }
func arrayOfTables(_ n: Int) -> String { (0..<n).map { "[[t.a]]\nx = \($0)\n" }.joined() }
func dottedKeys(_ n: Int) -> String { (0..<n).map { "t.s\($0).x = 1\n" }.joined() }
func longArray(_ n: Int) -> String { "a = [" + (0..<n).map { "\($0), " }.joined() + "]\n" }
func longString(_ n: Int) -> String { "s = \"" + String(repeating: "x", count: n) + "\"\n" }
func inlineTables(_ n: Int) -> String { "a = [" + (0..<n).map { "{ x = \($0), y.z = 'w' }, " }.joined() + "]\n" }

/// A realistic large file: the shape of runtime.toml and instruments.toml, repeated.
func config(_ n: Int) -> String {
    var s = "mode = \"paper\"  # comment\n[paths]\nbots = \"bots\"\n"
    for i in 0..<n {
        s += """
        [[instrument]]
        venue = "okx"   # a venue
        symbol = "SYM\(i)-USDT-SWAP"
        kind = "perpetual"
        tick_size = "0.1"
        lot_size = 1_000
        fees = { maker = "0.0002", taker = "0.0005" }
        levels = [1, 2, 3, 4.5e-3]
        [accounts.a\(i).limits]
        per_second = 30
        note = '''
        multi-line
        '''

        """
    }
    return s
}

let cases: [(String, (Int) -> String, [Int])] = [
    ("header parts", header, [10_000, 40_000]),
    ("nested arrays", nestedArrays, [10_000, 40_000]),
    ("keys in one table", keys, [10_000, 40_000]),
    ("tables under one table", tables, [10_000, 40_000]),
    ("array of tables", arrayOfTables, [10_000, 40_000]),
    ("dotted keys", dottedKeys, [10_000, 40_000]),
    ("array items", longArray, [100_000, 400_000]),
    ("inline tables in an array", inlineTables, [10_000, 40_000]),
    ("string bytes", longString, [250_000, 1_000_000]),
    ("config file instruments", config, [2_500, 10_000]),
]

/// Written at once, unbuffered: the lines measured so far survive a later case that crashes.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// CPU time of this thread: the machine is shared, and wall time would count the others.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let filter = CommandLine.arguments.dropFirst().first
let budget = 2.0  // CPU seconds of repeats per measurement; a single run may take longer
for (name, make, sizes) in cases where filter.map({ name.contains($0) }) ?? true {
    for n in sizes {
        let text = make(n)
        var best = Double.infinity, spent = 0.0, runs = 0, outcome = ""
        repeat {
            let t0 = cpuSeconds()
            do { _ = try TOMLParser.parse(text); outcome = "ok" } catch { outcome = "error: \(error.description.prefix(70))" }
            let t = cpuSeconds() - t0
            best = min(best, t)
            spent += t
            runs += 1
        } while spent < budget && runs < 20
        emit(name.padding(toLength: 26, withPad: " ", startingAt: 0)
             + String(format: " n=%-9d %6.2f MB  best %10.3f ms  %7.1f ns/byte  (%2d runs) ",
                      n, Double(text.utf8.count) / 1e6, best * 1e3, best * 1e9 / Double(text.utf8.count), runs) + outcome)
    }
}
