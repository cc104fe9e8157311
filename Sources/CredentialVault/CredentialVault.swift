#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An encrypted file of exchange credentials, one entry per account name (see `VaultFormat`
/// for the file, `EntryEncoding` for what is inside).
///
/// Every read checks the whole file's tag before anything is decoded; every write draws a new
/// nonce and replaces the file atomically, mode 0600. A file that does not exist holds no
/// entries. Decrypted bytes are wiped once decoded; the secrets then live only in `Secret`s.
public struct CredentialVault: Sendable {
    public let file: String
    public let key: VaultKey

    public init(file: String, key: VaultKey) {
        self.file = file
        self.key = key
    }

    /// The entries by account name; none when the file does not exist.
    public func read() throws(VaultError) -> [String: VaultEntry] {
        guard var bytes = try readFile() else { return [:] }
        defer { wipe(&bytes) }
        var plaintext = try VaultFormat.open(bytes, key: key, file: file)
        defer { wipe(&plaintext) }
        guard let entries = EntryEncoding.decode(plaintext) else {
            throw VaultError(.malformedContent, file, "decrypts, but its content is not a credentials list this build reads")
        }
        return entries
    }

    /// Replaces the file with exactly `entries` (created when missing).
    public func write(_ entries: [String: VaultEntry]) throws(VaultError) {
        try write(entries, beforeRename: {})
    }

    /// `write`, with a hook between the synced temporary file and the rename (tests).
    func write(_ entries: [String: VaultEntry], beforeRename: () throws(VaultError) -> Void) throws(VaultError) {
        var plaintext = EntryEncoding.encode(entries)
        defer { wipe(&plaintext) }
        let sealed = try VaultFormat.seal(plaintext, key: key, file: file)
        try AtomicFile.replace(file, with: sealed, beforeRename: beforeRename)
    }

    /// Reads, changes and writes back the entries; `change` returns what the caller wants
    /// to know of it. Nothing is written when it throws.
    public func update<R>(_ change: (inout [String: VaultEntry]) throws(VaultError) -> R) throws(VaultError) -> R {
        var entries = try read()
        let result = try change(&entries)
        try write(entries)
        return result
    }

    /// The file's bytes, or nil when it does not exist.
    private func readFile() throws(VaultError) -> [UInt8]? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw VaultError(.unreadable, file, "cannot open the credentials vault: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw VaultError(.unreadable, file, "the credentials vault is not a regular file")
        }
        // A vault holds a few accounts: a file of megabytes is not one, and is not read whole.
        guard info.st_size <= 1 << 20 else {
            throw VaultError(.notAVault, file, "is \(info.st_size) bytes: too large for a credentials vault (at most 1 MiB)")
        }
        // One byte more than the size, to see a file that grew while it was read.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                wipe(&bytes)
                throw VaultError(.unreadable, file, "cannot read the credentials vault: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}

/// read(2), which the vault's own `read()` hides inside the type.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
