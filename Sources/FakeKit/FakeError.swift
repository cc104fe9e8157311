/// Why a test's own call to a fake was refused (an unknown symbol, a price that is not
/// positive, a listener that could not start).
public struct FakeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
