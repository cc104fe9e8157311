import BotTestKit
import Foundation
import Testing

struct SecretEchoTests {
    /// A secret written in runtime.toml, however it is written (unquoted, as hex, as a date,
    /// as the value of an *_env key, half-quoted), never reaches lint's output nor botd's.
    @Test func aSecretWrittenInRuntimeTomlIsNeverEchoedByLintNorBotd() throws {
        let secret = "ZZLEAK04secret"
        let lines = ["api_key = \(secret)", "api_secret = 0x\(secret)", "passphrase = 2026-\(secret)",
                     "api_key_env = \"\(secret.lowercased())\"", "api_secret_env = \(secret)", "api_key = [\"\(secret)\"]",
                     "api_key = \"\(secret)", "api_key = '''\(secret)", "\(secret)"]
        for line in lines {
            let dir = try SharedData.temporaryDirectory("secret")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("bots"), withIntermediateDirectories: true)
            let config = dir.appendingPathComponent("runtime.toml").path
            try "[paths]\ninstruments = \"\(SharedData.packageRoot.path)/data/instruments.toml\"\n[accounts.okx]\nvenue = \"paper\"\n\(line)\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let lint = try Product.run("botctl", ["lint", config])
            #expect(lint.status == 1 && lint.stderr.contains("runtime.toml:5"), "\(line): \(lint.stderr)")
            let botd = try Product.run("botd", ["--config", config], cwd: dir)
            #expect(botd.status == 1)
            for out in [lint.stdout, lint.stderr, botd.stdout, botd.stderr] {
                #expect(!out.lowercased().contains(secret.lowercased()), "\(line) leaked: \(out)")
            }
        }
    }
}
