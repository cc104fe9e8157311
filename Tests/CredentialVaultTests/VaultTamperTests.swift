import BotCore
@testable import CredentialVault
import Foundation
import Testing

/// A wrong key or any change to the file is a clear error naming the file: never garbage,
/// never a partly read vault, and never a secret in the message.
struct VaultTamperTests {
    func written() throws -> (VaultFixture, [UInt8]) {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        return (f, try f.bytes())
    }

    func expectError(_ f: VaultFixture, _ code: VaultError.Code, _ text: String, _ comment: Comment? = nil) {
        do {
            let entries = try f.vault.read()
            Issue.record("read \(entries.count) entries, expected \(code)\(comment.map { ": \($0)" } ?? "")")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(error.description.hasPrefix("\(f.path): ") && error.description.contains(text), "\(error)")
            for s in VaultFixture.secrets { #expect(!error.description.contains(s)) }
        }
    }

    @Test func aWrongKeyIsRefused() throws {
        let (f, _) = try written()
        let other = CredentialVault(file: f.path, key: VaultKey(bytes: [UInt8](repeating: 9, count: 32))!)
        #expect {
            _ = try other.read()
        } throws: { error in
            let e = error as? VaultError
            return e?.code == .authenticationFailed
                && e?.description == "\(f.path): cannot be decrypted: the key is not this vault's, or the file was changed or damaged"
        }
    }

    @Test func aFlippedBitAnywhereIsRefused() throws {
        let (f, original) = try written()
        for i in original.indices {
            var bytes = original
            bytes[i] ^= 0x01
            try f.replace(with: bytes)
            // The magic and the version are checked in the clear and named; the rest fails the tag.
            let (code, text): (VaultError.Code, String) = i < 8 ? (.notAVault, "is not a credentials vault")
                : i == 8 ? (.unsupportedVersion, "is a credentials vault of version 0") : (.authenticationFailed, "cannot be decrypted")
            expectError(f, code, text, "byte \(i)")
        }
    }

    @Test func aTruncatedFileIsRefusedAtEveryLength() throws {
        let (f, original) = try written()
        for n in 0..<original.count {
            try f.replace(with: Array(original.prefix(n)))
            expectError(f, n < VaultFormat.minimumSize ? .truncated : .authenticationFailed, n < VaultFormat.minimumSize ? "is truncated" : "cannot be decrypted", "\(n) bytes")
        }
        // And a byte appended.
        try f.replace(with: original + [0])
        expectError(f, .authenticationFailed, "cannot be decrypted")
    }

    @Test func somethingElseOrAnotherVersionIsNamedAsSuch() throws {
        let (f, original) = try written()
        try f.replace(with: Array("[accounts.okx]\nvenue = \"okx\"\n".utf8))
        expectError(f, .notAVault, "is not a credentials vault")
        var v2 = original
        v2[8] = 2
        try f.replace(with: v2)
        expectError(f, .unsupportedVersion, "is a credentials vault of version 2; this build reads version 1")
        // The header is authenticated: a version-2 header over version-1 content, even with the
        // version check passed, does not decrypt.
        let sealed = Array(original[21...])
        let nonce = original[9..<21]
        #expect(AESGCM.open(sealed[...], key: f.key, nonce: nonce, aad: Array("BOTVAULT".utf8) + [2]) == nil)
        #expect(AESGCM.open(sealed[...], key: f.key, nonce: nonce, aad: VaultFormat.header) != nil)
    }

    @Test func authenticContentThatDoesNotDecodeIsMalformed() throws {
        let f = try VaultFixture()
        for content in [[0, 0, 0, 1], [0, 0, 0, 0, 7], [0, 0, 0, 1, 0, 0, 0, 1, 0x61, 1, 9, 0, 0, 0, 0]] as [[UInt8]] {
            try f.replace(with: try VaultFormat.seal(content, key: f.key, file: f.path))
            expectError(f, .malformedContent, "decrypts, but its content is not a credentials list", "\(content)")
        }
    }

    @Test func aFolderOrAnUnreadableFileIsNamed() throws {
        let f = try VaultFixture()
        try FileManager.default.createDirectory(atPath: f.path, withIntermediateDirectories: false)
        expectError(f, .unreadable, "not a regular file")
    }
}
