import Foundation

/// The inputs the fuzzers start from, replayed by plain tests so CI holds the parsers to them
/// without fuzzing instrumentation: the seeds in `Fuzz/Corpus/<target>/` and the minimised
/// crashes in `Fuzz/Crashes/<target>/`, except those `Fuzz/Crashes/open.txt` lists (their bug
/// is not fixed yet, and a crash would take the whole test run down with it).
public enum FuzzCorpus {
    public static var folder: URL { SharedData.packageRoot.appendingPathComponent("Fuzz") }

    /// Every replayable input of `target` (e.g. "fuzz-toml"), sorted by path.
    public static func files(_ target: String) -> [URL] {
        // One `target/file  # why` a line.
        let list = (try? String(contentsOf: folder.appendingPathComponent("Crashes/open.txt"), encoding: .utf8)) ?? ""
        let open = Set(list.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        var out: [URL] = []
        for kind in ["Corpus", "Crashes"] {
            let dir = folder.appendingPathComponent("\(kind)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            out += names.filter { !open.contains("\(target)/\($0)") }.map { dir.appendingPathComponent($0) }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The bytes of `file`; a test fails on an unreadable seed rather than skip it.
    public static func bytes(_ file: URL) throws -> [UInt8] { Array(try Data(contentsOf: file)) }
}
