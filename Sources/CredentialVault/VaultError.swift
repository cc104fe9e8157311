/// Why a vault or its key could not be used. It names the file (or the environment variable)
/// and what is wrong with it; it never holds a secret, a key or decrypted bytes, so it may be
/// printed, logged or sent anywhere.
public struct VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers and tests that act on the kind.
    public enum Code: String, Sendable {
        /// The file could not be opened or read (permissions, a folder, an I/O error).
        case unreadable
        /// The file does not start with the vault's magic: it is something else.
        case notAVault
        /// A vault of a version this build does not read.
        case unsupportedVersion
        /// Shorter than the smallest vault: cut off.
        case truncated
        /// The tag did not match: a wrong key, or a byte of the file changed.
        case authenticationFailed
        /// Authentic, but its content does not decode (written by a broken build).
        case malformedContent
        /// No key: the variable is unset or the key file is missing.
        case keyMissing
        /// The key is not 32 bytes in a form this reads.
        case keyInvalid
        /// The key file can be read or written by the group or others, or is not the user's.
        case keyFileExposed
        /// The new vault could not be written; the old one is unchanged.
        case writeFailed
    }

    public var code: Code
    /// The file, or `environment variable NAME`, the problem is in.
    public var subject: String
    public var problem: String

    public init(_ code: Code, _ subject: String, _ problem: String) {
        self.code = code
        self.subject = subject
        self.problem = problem
    }

    public var description: String { "\(subject): \(problem)" }
}
