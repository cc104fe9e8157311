import BotCore

/// When a market order decided on a closed bar is filled.
public enum FillModel: String, Sendable, Codable, CaseIterable {
    /// At the decision bar's close (the price the strategy just saw).
    case close
    /// At the next bar's open.
    case nextOpen = "next-open"
    /// At the next bar's open, and resting orders walk each bar's path O→H→L→C or O→L→H→C
    /// (the extreme nearer the open first); an order placed on a fill only fills on the rest
    /// of that path. (Resting orders walk the path under every model; this name makes the
    /// intrabar path the point of the run.)
    case intrabar
}

public struct PaperConfig: Sendable, Codable, Equatable {
    public var fillModel: FillModel
    /// Starting cash in quote currency.
    public var initialBalance: Money
    /// Leverage for swap positions (isolated margin = notional / leverage).
    public var leverage: Ratio
    /// Funding rate charged every `fundingIntervalHours` on swap positions (longs pay when
    /// positive), at the bar's open price.
    public var fundingRate: Ratio
    public var fundingIntervalHours: Int
    /// Overrides the instrument's fees when set.
    public var makerFee: Ratio?
    public var takerFee: Ratio?

    public init(fillModel: FillModel = .close, initialBalance: Money = 10_000, leverage: Ratio = 1,
                fundingRate: Ratio = Ratio.of("0.0001"), fundingIntervalHours: Int = 8,
                makerFee: Ratio? = nil, takerFee: Ratio? = nil) {
        self.fillModel = fillModel
        self.initialBalance = initialBalance
        self.leverage = leverage
        self.fundingRate = fundingRate
        self.fundingIntervalHours = fundingIntervalHours
        self.makerFee = makerFee
        self.takerFee = takerFee
    }
}
