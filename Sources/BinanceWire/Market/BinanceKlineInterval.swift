import BotCore

/// A kline's length, as Binance writes it (`1m`; months are `1M`).
public enum BinanceKlineInterval: String, Hashable, Sendable, CaseIterable, Codable {
    case oneSecond = "1s"
    case oneMinute = "1m", threeMinutes = "3m", fiveMinutes = "5m", fifteenMinutes = "15m", thirtyMinutes = "30m"
    case oneHour = "1h", twoHours = "2h", fourHours = "4h", sixHours = "6h", eightHours = "8h", twelveHours = "12h"
    case oneDay = "1d", threeDays = "3d", oneWeek = "1w", oneMonth = "1M"

    /// Its length in seconds, for those of fixed length aligned to the epoch as the runtime's
    /// `Timeframe` is (UTC, up to a day); nil for 3 days, weeks and months.
    public var seconds: Int? {
        switch self {
        case .oneSecond: 1
        case .oneMinute: 60
        case .threeMinutes: 180
        case .fiveMinutes: 300
        case .fifteenMinutes: 900
        case .thirtyMinutes: 1800
        case .oneHour: 3600
        case .twoHours: 7200
        case .fourHours: 14_400
        case .sixHours: 21_600
        case .eightHours: 28_800
        case .twelveHours: 43_200
        case .oneDay: 86_400
        case .threeDays, .oneWeek, .oneMonth: nil
        }
    }

    public var timeframe: Timeframe? { seconds.map { Timeframe(seconds: $0) } }

    /// The interval of a runtime timeframe, when Binance has one that long.
    public init?(_ timeframe: Timeframe) {
        guard let i = Self.allCases.first(where: { $0.seconds == timeframe.seconds }) else { return nil }
        self = i
    }
}
