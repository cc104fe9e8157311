import Foundation

/// Runs a built product of this package (e.g. `botctl`) and captures its output.
public enum Product {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The folder with the built executables: next to the running test bundle, else .build/debug.
    public static func path(_ name: String) -> String {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return SharedData.packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    public static func run(_ name: String, _ args: [String], cwd: URL? = nil, stdin: String? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path(name))
        p.arguments = args
        p.currentDirectoryURL = cwd ?? SharedData.packageRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        // Input goes through a file: a pipe written here before reading the output could fill
        // and stall both sides.
        if let stdin {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("stdin-\(UUID().uuidString)")
            try Data(stdin.utf8).write(to: file)
            p.standardInput = try FileHandle(forReadingFrom: file)
        }
        try p.run()
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
