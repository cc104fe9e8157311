import BotCore

/// An order's `status` (`X` in an executionReport).
public enum BinanceOrderStatus: String, Hashable, Sendable, CaseIterable {
    case new = "NEW"
    case pendingNew = "PENDING_NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case canceled = "CANCELED"
    /// Documented as unused.
    case pendingCancel = "PENDING_CANCEL"
    case rejected = "REJECTED"
    /// By the order type's rules (IOC, FOK, a MARKET order's unfilled rest) or by Binance.
    case expired = "EXPIRED"
    /// Self-trade prevention expired it.
    case expiredInMatch = "EXPIRED_IN_MATCH"

    public var status: OrderStatus {
        switch self {
        case .new, .pendingNew: .accepted
        case .partiallyFilled: .partiallyFilled
        case .filled: .filled
        case .canceled, .pendingCancel: .cancelled
        case .rejected: .rejected
        case .expired, .expiredInMatch: .expired
        }
    }
}

/// An order's `type`. Open-ended: an order someone else placed may be of a type this runtime
/// does not place, and reading the account's orders must not fail on it.
public struct BinanceOrderType: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let limit = Self(rawValue: "LIMIT")
    public static let market = Self(rawValue: "MARKET")
    public static let limitMaker = Self(rawValue: "LIMIT_MAKER")
    public static let stopLoss = Self(rawValue: "STOP_LOSS")
    public static let stopLossLimit = Self(rawValue: "STOP_LOSS_LIMIT")
    public static let takeProfit = Self(rawValue: "TAKE_PROFIT")
    public static let takeProfitLimit = Self(rawValue: "TAKE_PROFIT_LIMIT")

    /// The runtime's order type and time in force for an order of this type, or nil for one it
    /// does not place (take-profits). `stopPrice` is required for the stops.
    func runtime(price: Price, stopPrice: Price?, timeInForce: String) -> (OrderType, TimeInForce)? {
        let tif: TimeInForce = timeInForce == "IOC" || timeInForce == "FOK" ? .ioc : .gtc
        switch self {
        case .market: return (.market, .gtc)
        case .limit: return (.limit(price), tif)
        case .limitMaker: return (.limit(price), .postOnly)
        case .stopLoss: return stopPrice.map { (.stopMarket(trigger: $0), .gtc) }
        case .stopLossLimit: return stopPrice.map { (.stopLimit(trigger: $0, price: price), tif) }
        default: return nil
        }
    }
}
