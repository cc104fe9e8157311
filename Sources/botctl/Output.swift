#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

/// A one-line progress bar on stderr, redrawn in place.
struct ProgressBar {
    var lastPercent = -1
    mutating func update(_ done: Int, _ total: Int) {
        let pct = total == 0 ? 100 : done * 100 / total
        guard pct != lastPercent else { return }
        lastPercent = pct
        let filled = pct * 30 / 100
        FileHandle.standardError.write(Data(("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] \(pct)%").utf8))
    }
    func finish() { FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 40) + "\r").utf8)) }
}
