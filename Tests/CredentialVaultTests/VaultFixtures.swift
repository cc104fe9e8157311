import BotCore
import BotTestKit
@testable import CredentialVault
import Foundation

/// A vault in a fresh folder, its key, and entries with secrets easy to search for.
struct VaultFixture {
    let folder: URL
    let key: VaultKey
    var path: String { folder.appendingPathComponent("credentials.vault").path }
    var vault: CredentialVault { CredentialVault(file: path, key: key) }

    init() throws {
        folder = try SharedData.temporaryDirectory("vault")
        key = VaultKey(bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })!
    }

    static let entries: [String: VaultEntry] = [
        "okx-main": VaultEntry(apiKey: Secret("KEY-zq81-okx"), apiSecret: Secret("SECRET-zq81-okx"), passphrase: Secret("PASS-zq81-okx")),
        "binance": VaultEntry(apiKey: Secret("KEY-zq81-bn"), apiSecret: Secret("SECRET-zq81-bn")),
    ]
    static let secrets = ["KEY-zq81-okx", "SECRET-zq81-okx", "PASS-zq81-okx", "KEY-zq81-bn", "SECRET-zq81-bn"]

    func bytes() throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    func replace(with bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// The files in the folder besides the vault (a temporary file left behind would show here).
    func others() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "credentials.vault" }
    }
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
func unhex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

extension Array where Element == UInt8 {
    func contains(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard n.count <= count else { return false }
        return (0...(count - n.count)).contains { self[$0..<($0 + n.count)].elementsEqual(n) }
    }
}
