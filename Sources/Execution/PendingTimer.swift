/// A strategy timer waiting for event time to reach `at`.
public struct PendingTimer: Codable, Sendable, Equatable {
    public var at: Int64
    public var id: Int
    public init(at: Int64, id: Int) {
        self.at = at
        self.id = id
    }
}
