import BotCore

/// One funding settlement of a swap, as public/funding-rate-history lists it. The fake
/// settles at the rate the test names, so the rate announced and the rate realised are one.
struct FakeFundingRate {
    var instId: String
    var rate: Ratio
    var fundingTime: Int64

    var json: JSON {
        .object([
            ("instType", "SWAP"), ("instId", .string(instId)), ("formulaType", "noRate"), ("fundingRate", JSON(rate)),
            ("realizedRate", JSON(rate)), ("fundingTime", JSON(fundingTime)), ("method", "current_period"),
        ])
    }
}
