#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file all at once: the new content goes to a temporary file in the same folder,
/// is synced, and is renamed over the old one, and the folder is synced. A reader (or a crash)
/// sees the old file or the new one, never a mix; when any step fails the old file is left
/// as it was and the temporary file is removed.
enum AtomicFile {
    /// Writes `bytes` to `path` with mode 0600 (set explicitly: the umask only ever removes).
    /// `beforeRename` runs once the temporary file is complete and synced: a test's way to fail
    /// at the last moment.
    static func replace(_ path: String, with bytes: [UInt8], beforeRename: () throws(VaultError) -> Void = {}) throws(VaultError) {
        let folder = Self.folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let (fd, temporary) = try createTemporary(in: folder, for: name, path)
        var isOpen = true
        do throws(VaultError) {
            defer { if isOpen { close(fd) } }
            guard fchmod(fd, 0o600) == 0 else { throw failure(path, "cannot make the new file private (chmod 600)") }
            try writeAll(fd, bytes, path)
            guard fsync(fd) == 0 else { throw failure(path, "cannot sync the new file to disk") }
            isOpen = false
            guard close(fd) == 0 else { throw failure(path, "cannot close the new file") }
            try beforeRename()
            guard rename(temporary, path) == 0 else { throw failure(path, "cannot put the new file in place") }
        } catch {
            unlink(temporary)
            throw error
        }
        // The rename is durable once the folder's entry is: sync it (best effort: some file
        // systems refuse to sync a folder, and the file itself is already complete).
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// A new file next to the vault, created exclusively (never an existing file or a link
    /// planted there), private from the start, under a name no other writer draws.
    private static func createTemporary(in folder: String, for name: String, _ path: String) throws(VaultError) -> (Int32, String) {
        for _ in 0..<8 {
            let suffix = (AESGCM.randomBytes(6) ?? []).map { String($0, radix: 16) }.joined()
            let temporary = "\(folder)/.\(name).tmp-\(suffix)"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if fd >= 0 { return (fd, temporary) }
            guard errno == EEXIST else { break }
        }
        throw failure(path, "cannot create a temporary file in \(folder)")
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let f = String(path[..<slash])
        return f.isEmpty ? "/" : f
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(VaultError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure(path, "cannot write the new file") }
            done += n
        }
    }

    /// The old file is untouched whenever this is thrown: say so.
    private static func failure(_ path: String, _ what: String) -> VaultError {
        VaultError(.writeFailed, path, "\(what): \(String(cString: strerror(errno))); the vault was not changed")
    }
}
