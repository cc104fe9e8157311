#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the vault's key comes from: an environment variable or a key file. Either holds the
/// key as 64 hex digits or as Base64 of its 32 bytes; a key file may also hold the 32 raw bytes.
public enum VaultKeySource: Sendable, Equatable, CustomStringConvertible {
    /// The name of the variable (not its value).
    case environment(String)
    /// The path of the key file.
    case file(String)

    /// Reads the key. A key file must be the user's own and closed to the group and others.
    public func load(environment: [String: String]) throws(VaultError) -> VaultKey {
        switch self {
        case .environment(let name):
            let subject = "environment variable \(name)"
            guard let value = environment[name], !value.isEmpty else {
                throw VaultError(.keyMissing, subject, "is not set (it holds the credentials vault's key)")
            }
            var text = Array(value.utf8)
            defer { wipe(&text) }
            guard let key = VaultKey.parse(text: text) else {
                throw VaultError(.keyInvalid, subject, "is not a vault key: give 64 hex digits or the Base64 of 32 bytes (e.g. `openssl rand -hex 32`)")
            }
            return key
        case .file(let path):
            return try Self.readKeyFile(path)
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "key file \(path)"
        }
    }

    /// The key in `path`, checked on the open descriptor (what is checked is what is read).
    static func readKeyFile(_ path: String) throws(VaultError) -> VaultKey {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let why = errno
            throw VaultError(why == ENOENT ? .keyMissing : .unreadable, path, "cannot open the vault's key file: \(String(cString: strerror(why)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw VaultError(.unreadable, path, "cannot stat the vault's key file: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw VaultError(.unreadable, path, "the vault's key file is not a regular file") }
        let mode = info.st_mode & 0o7777
        // Anyone else who can read the key can decrypt the vault; anyone who can write it could
        // swap in a key they know, and the next `credentials add` would encrypt for them.
        guard mode & 0o077 == 0 else {
            throw VaultError(.keyFileExposed, path, "the vault's key file is mode \(octal(mode)): group or others can read or write it; "
                             + "make it private with `chmod 600 \(path)`")
        }
        guard info.st_uid == geteuid() else {
            throw VaultError(.keyFileExposed, path, "the vault's key file is owned by uid \(info.st_uid), not by this user (uid \(geteuid()))")
        }
        // A key is at most 64 digits and a newline: anything much larger is not a key file.
        var bytes = [UInt8](repeating: 0, count: 256)
        defer { wipe(&bytes) }
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw VaultError(.unreadable, path, "cannot read the vault's key file: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        let invalid = VaultError(.keyInvalid, path, "is not a vault key file: it must hold 64 hex digits, the Base64 of 32 bytes, or 32 raw bytes "
                                 + "(e.g. `openssl rand -hex 32 > \(path)`)")
        guard count < bytes.count else { throw invalid }
        var content = Array(bytes[..<count])
        defer { wipe(&content) }
        if count == VaultKey.size, let raw = VaultKey(bytes: content) { return raw }
        guard let key = VaultKey.parse(text: content) else { throw invalid }
        return key
    }
}

/// `0644`: a file mode as `ls` and `chmod` write it.
func octal(_ mode: mode_t) -> String {
    let digits = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
