import BotCore
import Foundation
import Store

/// One day's realised PnL over the bots a caller sees, in the caller's time zone.
public struct DailyPnL: Sendable, Equatable {
    /// `yyyy-MM-dd` in the time zone asked for.
    public var day: String
    /// Realised on closing fills, before fees.
    public var realized: Money
    public var fees: Money
    public var fills: Int

    public init(day: String, realized: Money, fees: Money, fills: Int) {
        self.day = day
        self.realized = realized
        self.fees = fees
        self.fills = fills
    }

    public var net: Money { realized - fees }
}

enum DailyReport {
    /// Each bot's fills replayed through its legs, as its ledger books them, and bucketed by
    /// the day they happened in `zone`: the last `days` days to `nowMs`, oldest first, empty
    /// days included.
    static func days(_ fills: [(FillRow, Instrument)], days: Int, zone: TimeZone, nowMs: Int64) -> [DailyPnL] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        func day(_ ms: Int64) -> String { formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000)) }
        let today = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(nowMs) / 1000))
        let keys = (0..<days).reversed().compactMap { calendar.date(byAdding: .day, value: -$0, to: today) }.map { formatter.string(from: $0) }
        var byDay = Dictionary(uniqueKeysWithValues: keys.map { ($0, DailyPnL(day: $0, realized: .zero, fees: .zero, fills: 0)) })
        var legs: [String: Position] = [:]
        for (row, inst) in fills {
            guard let f = row.fill else { continue }
            let key = row.bot + "|" + row.positionSide
            var leg = legs[key] ?? Position(side: f.positionSide)
            let realized = leg.apply(f, instrument: inst)
            legs[key] = leg
            let d = day(row.ts)
            guard byDay[d] != nil else { continue }
            byDay[d]!.realized += realized
            byDay[d]!.fees += f.fee
            byDay[d]!.fills += 1
        }
        return keys.compactMap { byDay[$0] }
    }
}

extension FillRow {
    /// The fill as the ledger books it; nil for a row that is not one of the runtime's.
    var fill: Fill? {
        guard let id = ClientOrderID(clientOrderID), let side = Side(rawValue: side), let ps = PositionSide(rawValue: positionSide),
              let liq = Liquidity(rawValue: liquidity) else { return nil }
        return Fill(orderID: id, ts: ts, side: side, positionSide: ps, price: price, quantity: quantity, fee: fee, liquidity: liq,
                    tradeID: tradeID, baseFee: baseFee)
    }
}
