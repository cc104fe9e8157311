/// Splits a byte stream into request lines of at most `maxLine` bytes, as a state machine
/// fed whatever the socket delivered: a line may arrive in pieces, many lines in one piece.
///
/// A line longer than the limit is not kept: its bytes are dropped as they come, and one
/// `.oversize` frame stands for it once its newline arrives, so a client that sends too much
/// gets an answer and the connection goes on with its next line.
public struct LineFramer: Sendable {
    public enum Frame: Sendable, Equatable {
        case line([UInt8])
        case oversize
    }

    public let maxLine: Int
    private var pending: [UInt8] = []
    private var oversize = false

    public init(maxLine: Int) { self.maxLine = maxLine }

    /// Whether a line has begun and not ended (what the peer leaves when it hangs up mid-line).
    public var hasPartialLine: Bool { !pending.isEmpty || oversize }

    /// Takes the next bytes and returns the frames they complete, in order.
    public mutating func feed<C: Collection>(_ bytes: C) -> [Frame] where C.Element == UInt8 {
        var frames: [Frame] = []
        var rest = bytes[...]
        while let nl = rest.firstIndex(of: 0x0A) {
            append(rest[..<nl])
            frames.append(oversize ? .oversize : .line(pending))
            pending.removeAll(keepingCapacity: true)
            oversize = false
            rest = rest[rest.index(after: nl)...]
        }
        append(rest)
        return frames
    }

    private mutating func append<S: Collection>(_ part: S) where S.Element == UInt8 {
        guard !oversize else { return }
        if pending.count + part.count > maxLine {
            oversize = true
            pending.removeAll()
        } else {
            pending.append(contentsOf: part)
        }
    }
}
