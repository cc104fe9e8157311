import BotCore
@testable import CredentialVault
import Foundation
import Testing

/// What is written is read back, under a new nonce each time, private, and never in the clear.
struct VaultRoundTripTests {
    @Test func entriesComeBackAsWritten() throws {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        let read = try f.vault.read()
        #expect(read == VaultFixture.entries)
        #expect(read["okx-main"]?.fields == ["api_key", "api_secret", "passphrase"])
        #expect(read["binance"]?.passphrase == nil && read["binance"]?.fields == ["api_key", "api_secret"])
        // Another reader with the same key (botd after botctl) reads the same.
        let again = CredentialVault(file: f.path, key: VaultKey(bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })!)
        #expect(try again.read() == VaultFixture.entries)
    }

    @Test func valuesWithAnyCharacterSurvive() throws {
        let f = try VaultFixture()
        let odd = ["tab\tand\nnewline": VaultEntry(apiKey: Secret(""), apiSecret: Secret("ünïcødé 🔑 \u{0}"), passphrase: Secret(String(repeating: "p", count: 70_000)))]
        try f.vault.write(odd)
        #expect(try f.vault.read() == odd)
    }

    @Test func aMissingFileHoldsNoEntriesAndAnEmptyVaultIsWritten() throws {
        let f = try VaultFixture()
        #expect(try f.vault.read().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: f.path))
        try f.vault.write([:])
        #expect(try f.vault.read().isEmpty)
        #expect(try f.bytes().count == VaultFormat.minimumSize + 4)  // a zero count
    }

    @Test func everyWriteDrawsAFreshNonce() throws {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        let first = try f.bytes()
        try f.vault.write(VaultFixture.entries)
        let second = try f.bytes()
        #expect(first.count == second.count)
        #expect(first.prefix(9) == second.prefix(9))  // the same header
        #expect(first[9..<21] != second[9..<21])  // another nonce
        #expect(first[21...] != second[21...])  // so other ciphertext and tag
        #expect(try f.vault.read() == VaultFixture.entries)
    }

    @Test func theFileIsPrivateVersionedAndNeverHoldsASecretInTheClear() throws {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: f.path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let bytes = try f.bytes()
        #expect(Array(bytes.prefix(9)) == Array("BOTVAULT".utf8) + [1])
        for s in VaultFixture.secrets + ["okx-main", "binance"] { #expect(!bytes.contains(s), "\(s) in the clear") }
        // A vault replaced over a file that was open to all is private again.
        chmod(f.path, 0o644)
        try f.vault.write(VaultFixture.entries)
        #expect(try FileManager.default.attributesOfItem(atPath: f.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func updateChangesOneEntryAndWritesNothingWhenItThrows() throws {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        let removed = try f.vault.update { $0.removeValue(forKey: "binance") != nil }
        let left = try f.vault.read()
        #expect(removed && Set(left.keys) == ["okx-main"])
        let before = try f.bytes()
        #expect(throws: VaultError.self) {
            try f.vault.update { (_: inout [String: VaultEntry]) throws(VaultError) in throw VaultError(.writeFailed, "x", "refused") }
        }
        #expect(try f.bytes() == before)
    }

    @Test func neitherTheKeyNorAnEntryEverPrintsItsValues() throws {
        let f = try VaultFixture()
        let entry = try #require(VaultFixture.entries["okx-main"])
        var dumped = ""
        dump(entry, to: &dumped)
        dump(f.key, to: &dumped)
        let shown = [entry.description, "\(entry)", String(reflecting: entry), dumped, "\(f.key)", String(reflecting: f.key),
                     "\(f.vault)", String(reflecting: f.vault)]
        for text in shown {
            for s in VaultFixture.secrets { #expect(!text.contains(s), "\(text)") }
            #expect(!text.contains("0, 7, 14, 21") && !text.contains(hex((0..<32).map { UInt8($0 * 7 & 0xFF) })), "\(text)")
        }
    }
}
