/// A fixed-capacity window of the last `capacity` values, oldest first.
/// Storage is allocated once; pushing never allocates.
public struct RingBuffer: Sendable, Codable, Equatable {
    private var storage: [Double]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "window must be at least 1")
        storage = Array(repeating: 0, count: capacity)
    }

    public var capacity: Int { storage.count }
    public var isFull: Bool { count == storage.count }

    /// Appends `x`; returns the value that fell out when the window was full.
    @discardableResult
    public mutating func push(_ x: Double) -> Double? {
        let cap = storage.count
        if count < cap {
            storage[(head + count) % cap] = x
            count += 1
            return nil
        }
        let old = storage[head]
        storage[head] = x
        head = (head + 1) % cap
        return old
    }

    /// `self[0]` is the oldest value in the window.
    public subscript(i: Int) -> Double { storage[(head + i) % storage.count] }
    public var last: Double? { count == 0 ? nil : self[count - 1] }
    public var oldest: Double? { count == 0 ? nil : self[0] }
}

/// A window as it would be after `push(x)`, read without pushing: a peek of the next value
/// must not write into (and so copy) the indicator's buffers.
public struct PushedWindow {
    let window: RingBuffer
    let x: Double

    public init(_ window: RingBuffer, pushing x: Double) {
        self.window = window
        self.x = x
    }

    public var count: Int { min(window.count + 1, window.capacity) }
    public var isFull: Bool { count == window.capacity }
    /// `self[0]` is the oldest value; `self[count − 1]` is `x`.
    public subscript(i: Int) -> Double {
        let shift = window.isFull ? 1 : 0
        return i + shift < window.count ? window[i + shift] : x
    }
}
