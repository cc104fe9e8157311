import BotCore

extension JSON {
    /// A fixed-point value as OKX writes it: a string.
    init<F: FixedPoint>(_ f: F) { self = .string(f.description) }
    /// An integer as OKX writes it: a string too (ids, times, counts).
    init(_ n: Int64) { self = .string(String(n)) }
}
