import BotConfig
import BotCore
import Logging

/// The account's positions at the venue, by instrument and leg, against the sum of its bots'
/// ledgers: a difference is a position botd does not know about (an order placed by hand, a
/// fill lost) or one it believes in and the venue does not hold.
public struct PositionMismatch: Sendable, Equatable, CustomStringConvertible {
    public var account: String
    public var instrument: InstrumentID
    public var side: PositionSide
    public var atVenue: Quantity
    public var inBots: Quantity

    public var description: String {
        "account '\(account)' holds \(atVenue) on \(instrument) (\(side.rawValue)) at the venue, its bots \(inBots)"
    }
}

extension Supervisor {
    struct LegKey: Hashable {
        var instrument: InstrumentID
        var side: PositionSide
    }

    /// Where the venue's positions and the bots' differ on `account` now.
    public func positionMismatches(account: String) async throws -> [PositionMismatch] {
        guard let a = accounts[account] else { return [] }
        var venue: [LegKey: Quantity] = [:], bots: [LegKey: Quantity] = [:]
        for p in try await a.gate.positions() where !p.quantity.isZero {
            venue[LegKey(instrument: p.instrument, side: p.side), default: .zero] += p.quantity
        }
        for id in entries.keys.sorted() {
            guard let e = entries[id], e.spec.account == account, let h = e.handle else { continue }
            let legs = await h.legs()
            for side in PositionSide.allCases where !legs[side].quantity.isZero {
                bots[LegKey(instrument: e.spec.instrument.id, side: side), default: .zero] += legs[side].quantity
            }
        }
        return Set(venue.keys).union(bots.keys)
            .filter { venue[$0, default: .zero] != bots[$0, default: .zero] }
            .sorted { ($0.instrument.description, $0.side.rawValue) < ($1.instrument.description, $1.side.rawValue) }
            .map { PositionMismatch(account: account, instrument: $0.instrument, side: $0.side, atVenue: venue[$0, default: .zero],
                                    inBots: bots[$0, default: .zero]) }
    }

    /// Compares every real account (a paper venue's positions are its bots' by construction).
    /// A difference seen twice in a row, so not a fill in flight between the venue and a bot,
    /// is logged as an error and recorded as a `position_mismatch` event; returns those.
    @discardableResult
    public func checkPositions() async -> [PositionMismatch] {
        var persistent: [PositionMismatch] = []
        for name in accounts.keys.sorted() where accounts[name]?.local == nil {
            let now: [PositionMismatch]
            do { now = try await positionMismatches(account: name) } catch {
                logger.warning("comparing positions with the venue failed", metadata: ["account": "\(name)", "error": "\(error)"])
                continue
            }
            let before = lastMismatches[name] ?? []
            lastMismatches[name] = now
            for m in now where before.contains(m) {
                persistent.append(m)
                logger.error("position mismatch", metadata: ["account": "\(m.account)", "instrument": "\(m.instrument)",
                                                             "side": "\(m.side.rawValue)", "venue": "\(m.atVenue)", "bots": "\(m.inBots)"])
                emit("", "position_mismatch", m.description)
            }
        }
        return persistent
    }
}
