/// A secret (an API secret, a passphrase, a key): its text never appears in a description, a
/// debug print, a `dump` or a reflection, so no log line, error message or status can carry it.
/// It is deliberately not `Codable`: nothing stores it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The text, for the one place that must use it (a signer).
    public let reveal: String

    public init(_ text: String) { reveal = text }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: [] as [(String?, Any)]) }
}
