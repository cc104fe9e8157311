import Foundation

/// Locates the shared data folder (`../shared/data` beside the checkout) for tests and
/// benchmarks. `BOTRUNTIME_DATA` overrides it.
public enum SharedData {
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["BOTRUNTIME_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    public static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// The package root, found from this source file's location.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// A fresh empty folder under the system temp directory.
    public static func temporaryDirectory(_ label: String = "botruntime") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
