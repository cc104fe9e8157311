import BotCore

/// The fake exchange's whole state: symbols and their tapes, accounts with their balances,
/// orders and trades, the IP's weight and bans, faults, counters and the WebSocket sessions.
///
/// One object behind one lock (`ExchangeCore`): REST requests, WebSocket messages, the test's
/// trades and the housekeeping tick each run to completion under it, so every event and push
/// goes out in the order of what caused it.
final class Exchange {
    let clock: FakeClock
    var symbols: [String: BinanceFake.Symbol] = [:]
    /// Listing order for exchangeInfo.
    var symbolOrder: [String] = []
    var tapes: [String: Tape] = [:]
    /// By API key.
    var accounts: [String: AccountState] = [:]
    var limits = BinanceFake.Limits()
    var faults = BinanceFake.Faults()
    var counters = BinanceFake.Counters()
    var ip = IPLimits()
    var sessions: [Int: WSConnection] = [:]
    /// Refused handshakes by `Sec-WebSocket-Key`, until `handle` answers them.
    var handshakeRefusals: [String: LimitRefusal] = [:]
    var nextSessionId = 1
    /// Whether a trade fills resting orders only up to its own size (else they fill whole).
    var partialFills = false
    /// When the periodic drop fault last fired, on the fake's clock.
    var lastPeriodicDropMs: Int64?
    /// Assets whose balance changed since the last `outboundAccountPosition`, by API key.
    var changedAssets: [String: Set<String>] = [:]
    /// Feeds the ids the fake makes up (client order ids, executionReport's `I`).
    var serial: Int64 = 0

    init(clock: FakeClock, symbols: [BinanceFake.Symbol]) {
        self.clock = clock
        for s in symbols { add(s) }
    }

    var now: Int64 { clock.nowMs }

    func add(_ s: BinanceFake.Symbol) {
        if symbols[s.symbol] == nil { symbolOrder.append(s.symbol) }
        symbols[s.symbol] = s
        if tapes[s.symbol] == nil { tapes[s.symbol] = Tape() }
    }

    func nextSerial() -> Int64 {
        serial += 1
        return serial
    }

    /// A client order id as Binance makes one when none is sent: 22 letters and digits,
    /// different for every order (the serial goes through a bijection).
    func makeClientOrderId() -> String {
        let a = UInt64(bitPattern: nextSerial()) &* 0x9E37_79B9_7F4A_7C15
        return Self.base62(a, digits: 11) + Self.base62(a &* 0xD6E8_FEB8_6659_FD93, digits: 11)
    }

    static func base62(_ v: UInt64, digits: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var n = v, out: [Character] = []
        for _ in 0..<digits {
            out.append(alphabet[Int(n % 62)])
            n /= 62
        }
        return String(out)
    }
}
