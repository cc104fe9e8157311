import BotCore

/// A market stream's name as Binance spells it: the symbol in lower case, `@`, the stream
/// (`btcusdt@trade`, `btcusdt@kline_1m`, `btcusdt@bookTicker`).
public struct BinanceStreamName: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    /// A name as given (e.g. one LIST_SUBSCRIPTIONS returned), checked when it is sent.
    public init(_ name: String) { self.name = name }

    public static func trade(_ symbol: String) -> Self { Self(symbol.lowercased() + "@trade") }
    public static func kline(_ symbol: String, _ interval: BinanceKlineInterval) -> Self {
        Self(symbol.lowercased() + "@kline_" + interval.rawValue)
    }
    public static func bookTicker(_ symbol: String) -> Self { Self(symbol.lowercased() + "@bookTicker") }

    public var description: String { name }

    /// Something before and after an `@`, and nothing that would break a URL path or the JSON
    /// it is written in (no space, control byte, quote, backslash, `/`, `?`, `&`, `#`).
    func check() throws(BinanceRequestError) {
        let u = name.utf8
        let bad = u.contains { c in
            c <= 0x20 || c == 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == UInt8(ascii: "/")
                || c == UInt8(ascii: "?") || c == UInt8(ascii: "&") || c == UInt8(ascii: "#")
        }
        guard !bad, let at = name.firstIndex(of: "@"), at != name.startIndex, name.index(after: at) != name.endIndex,
              u.count <= 200
        else { throw BinanceRequestError(field: "params", reason: "'\(name.prefix(60))' is not a stream name") }
    }
}
