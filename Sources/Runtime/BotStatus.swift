import BotCore
import Execution
import Risk

/// A bot's lifecycle state, as the supervisor and `botctl status` report it.
public enum BotState: String, Sendable, Codable {
    case starting, running, paused, stopping, stopped, failed, lagging
}

/// What `status` and `bot` report for one bot.
public struct BotStatus: Sendable, Codable, Equatable {
    public var id: String
    public var user: String
    public var strategy: String
    public var instrument: String
    public var timeframe: String
    public var state: BotState
    public var position: Quantity
    public var averageEntry: Price?
    public var realizedPnL: Money
    public var unrealizedPnL: Money
    public var fees: Money
    /// Funding paid (negative: received) on swap positions.
    public var funding: Money
    /// Realized + unrealized − fees − funding.
    public var netPnL: Money
    public var openOrders: Int
    public var orders: Int
    public var fills: Int
    public var events: Int
    public var queueDepth: Int
    public var restarts: Int
    public var lastError: String?
}

/// The snapshot a bot persists with every order and bar: its strategy's state. The ledger is
/// not in it: orders and fills are in the store, which rebuilds the ledger on restore, so the
/// write-ahead record stays small whatever the bot's history.
struct BotSnapshot<State: Codable & Sendable>: Codable, Sendable {
    var strategy: State
    /// Open time of the last closed bar the strategy has seen.
    var lastBarTs: Int64?
    /// How many of the bot's fills the strategy had been told of.
    var fillsSeen: Int
    /// Timers set and not yet fired (absent in snapshots of earlier versions).
    var timers: [PendingTimer]?
    /// The event log's number of the last change by hand the strategy was given (absent: none).
    var manualSeen: Int64?
}

extension BotSnapshot {
    /// The snapshot's JSON around the strategy's own (`Strategy.encodeState`), written by
    /// hand: the envelope is fixed, and going through `Codable` here would bring back the
    /// unspecialized path the strategy's encoder avoids.
    static func json(state: [UInt8], lastBarTs: Int64?, fillsSeen: Int, timers: [PendingTimer]?, manualSeen: Int64?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(state.count + 96)
        out.append(contentsOf: #"{"strategy":"#.utf8)
        out.append(contentsOf: state)
        if let lastBarTs { out.append(contentsOf: #","lastBarTs":\#(lastBarTs)"#.utf8) }
        out.append(contentsOf: #","fillsSeen":\#(fillsSeen)"#.utf8)
        if let timers {
            out.append(contentsOf: #","timers":["#.utf8)
            for (i, t) in timers.enumerated() {
                out.append(contentsOf: #"\#(i == 0 ? "" : ","){"at":\#(t.at),"id":\#(t.id)}"#.utf8)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let manualSeen { out.append(contentsOf: #","manualSeen":\#(manualSeen)"#.utf8) }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
