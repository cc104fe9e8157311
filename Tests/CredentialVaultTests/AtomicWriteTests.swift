import BotCore
@testable import CredentialVault
import Foundation
import Testing

/// A write that fails leaves the old vault exactly as it was, and no temporary file behind.
struct AtomicWriteTests {
    @Test func aFailureJustBeforeTheRenameLeavesTheOldVault() throws {
        let f = try VaultFixture()
        try f.vault.write(VaultFixture.entries)
        let before = try f.bytes()
        var sawTemporary = false
        #expect(throws: VaultError(.writeFailed, f.path, "injected")) {
            try f.vault.write([:]) { () throws(VaultError) in
                // The new file is complete and private by now, beside the old one.
                let others = (try? f.others()) ?? []
                sawTemporary = others.count == 1 && others[0].hasPrefix(".credentials.vault.tmp-")
                    && (try? FileManager.default.attributesOfItem(atPath: f.folder.appendingPathComponent(others[0]).path)[.posixPermissions] as? Int) == 0o600
                throw VaultError(.writeFailed, f.path, "injected")
            }
        }
        #expect(sawTemporary)
        #expect(try f.bytes() == before)
        #expect(try f.vault.read() == VaultFixture.entries)
        #expect(try f.others().isEmpty)
    }

    @Test func aRenameTheSystemRefusesLeavesNoTemporaryFile() throws {
        let f = try VaultFixture()
        // A folder (with something in it) where the vault belongs: rename(2) refuses to replace it.
        try FileManager.default.createDirectory(atPath: f.path + "/inside", withIntermediateDirectories: true)
        #expect {
            try f.vault.write(VaultFixture.entries)
        } throws: { error in
            let e = error as? VaultError
            return e?.code == .writeFailed && e?.description.hasPrefix("\(f.path): cannot put the new file in place") == true
                && e?.description.hasSuffix("the vault was not changed") == true
        }
        #expect(try f.others().isEmpty)
        #expect(FileManager.default.fileExists(atPath: f.path + "/inside"))
    }

    @Test func aFolderThatDoesNotExistIsNamed() throws {
        let f = try VaultFixture()
        let vault = CredentialVault(file: f.folder.appendingPathComponent("no/such/credentials.vault").path, key: f.key)
        #expect {
            try vault.write(VaultFixture.entries)
        } throws: { error in
            "\(error)".hasPrefix("\(vault.file): cannot create a temporary file in \(f.folder.path)/no/such: No such file or directory")
        }
    }
}
