import BotCore
import BotTestKit
@testable import CredentialVault
import Foundation
import Testing

/// The key from an environment variable (hex or Base64) or a private key file.
struct VaultKeyTests {
    static let raw: [UInt8] = (0..<32).map { UInt8(255 - $0 * 5) }
    static var hexText: String { hex(raw) }
    static var base64Text: String { Data(raw).base64EncodedString() }

    /// Whether `key` is `raw`: it opens what `raw` sealed.
    func isRaw(_ key: VaultKey) throws -> Bool {
        let sealed = try #require(AESGCM.seal([1, 2, 3], key: VaultKey(bytes: Self.raw)!, nonce: [UInt8](repeating: 0, count: 12), aad: []))
        return AESGCM.open(sealed[...], key: key, nonce: [UInt8](repeating: 0, count: 12)[...], aad: []) == [1, 2, 3]
    }

    @Test func fromTheEnvironmentInHexOrBase64() throws {
        for text in [Self.hexText, Self.hexText.uppercased(), Self.base64Text, " \(Self.base64Text)\n"] {
            let key = try VaultKeySource.environment("T_VAULT_KEY").load(environment: ["T_VAULT_KEY": text])
            #expect(try isRaw(key), "\(text)")
        }
        // Both forms open one vault.
        let f = try VaultFixture()
        let fromHex = try VaultKeySource.environment("K").load(environment: ["K": Self.hexText])
        try CredentialVault(file: f.path, key: fromHex).write(VaultFixture.entries)
        let fromBase64 = try VaultKeySource.environment("K").load(environment: ["K": Self.base64Text])
        #expect(try CredentialVault(file: f.path, key: fromBase64).read() == VaultFixture.entries)
    }

    @Test func aMissingOrMalformedVariableIsNamedAndNotQuoted() {
        let source = VaultKeySource.environment("T_VAULT_KEY")
        #expect(throws: VaultError(.keyMissing, "environment variable T_VAULT_KEY", "is not set (it holds the credentials vault's key)")) {
            _ = try source.load(environment: [:])
        }
        let bad = ["zz" + String(Self.hexText.dropFirst(2)), String(Self.hexText.dropLast(2)), Data(Self.raw.dropLast()).base64EncodedString(),
                   Self.base64Text.replacingOccurrences(of: "=", with: ""), "SECRET-zq81-not-a-key"]
        for text in bad {
            #expect {
                _ = try source.load(environment: ["T_VAULT_KEY": text])
            } throws: { error in
                let e = error as? VaultError
                return e?.code == .keyInvalid && e?.description.hasPrefix("environment variable T_VAULT_KEY: is not a vault key") == true
                    && e?.description.contains(text) == false
            }
        }
    }

    func keyFile(_ content: [UInt8], mode: mode_t) throws -> String {
        let path = try SharedData.temporaryDirectory("key").appendingPathComponent("vault.key").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        #expect(chmod(path, mode) == 0)
        return path
    }

    @Test func aPrivateKeyFileInHexBase64OrRawIsRead() throws {
        for content in [Array((Self.hexText + "\n").utf8), Array(Self.base64Text.utf8), Self.raw] {
            for mode in [0o600, 0o400] as [mode_t] {
                let key = try VaultKeySource.file(try keyFile(content, mode: mode)).load(environment: [:])
                #expect(try isRaw(key))
            }
        }
    }

    @Test func aKeyFileOthersCanReadOrWriteIsRefusedNamingItsMode() throws {
        for (mode, shown) in [(0o644, "0644"), (0o640, "0640"), (0o604, "0604"), (0o620, "0620"), (0o666, "0666")] as [(mode_t, String)] {
            let path = try keyFile(Array(Self.hexText.utf8), mode: mode)
            #expect(throws: VaultError(.keyFileExposed, path, "the vault's key file is mode \(shown): group or others can read or write it; "
                                       + "make it private with `chmod 600 \(path)`")) {
                _ = try VaultKeySource.file(path).load(environment: [:])
            }
        }
    }

    @Test func aKeyFileOfAnotherUserIsRefused() throws {
        let path = try keyFile(Array(Self.hexText.utf8), mode: 0o600)
        // Only root can give a file away; elsewhere this case cannot be made.
        guard geteuid() == 0 else { return }
        #expect(chown(path, 4242, 4242) == 0)
        #expect(throws: VaultError(.keyFileExposed, path, "the vault's key file is owned by uid 4242, not by this user (uid 0)")) {
            _ = try VaultKeySource.file(path).load(environment: [:])
        }
    }

    @Test func aMissingOrWrongKeyFileIsNamed() throws {
        let missing = try SharedData.temporaryDirectory("key").appendingPathComponent("none.key").path
        #expect(throws: VaultError(.keyMissing, missing, "cannot open the vault's key file: No such file or directory")) {
            _ = try VaultKeySource.file(missing).load(environment: [:])
        }
        for content in [Array("short".utf8), [UInt8](repeating: 0x41, count: 31), [UInt8](repeating: 0x41, count: 300)] {
            let path = try keyFile(content, mode: 0o600)
            #expect {
                _ = try VaultKeySource.file(path).load(environment: [:])
            } throws: { ($0 as? VaultError)?.code == .keyInvalid && "\($0)".hasPrefix("\(path): is not a vault key file") }
        }
    }
}
