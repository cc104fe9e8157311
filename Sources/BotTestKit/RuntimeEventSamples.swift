import BotCore

extension RuntimeEvent {
    /// One event of every kind `RuntimeEvent.kinds` lists, in that order, with optional fields
    /// both present and absent, for round trips and for filling a log in tests.
    public static func samples(bot: String = "a", user: String = "u", ts: Int64 = 1_700_000_000_000) -> [RuntimeEvent] {
        let id = ClientOrderID(bot: bot, sequence: 7)
        let whats: [What] = [
            .orderPlaced(id, side: .buy, type: .stopLimit(trigger: Price.of("101.5"), price: Price.of("102")),
                         quantity: Quantity.of("0.25"), positionSide: .long, reduceOnly: false),
            .orderAccepted(id),
            .orderRejected(id, code: "51008", message: "Order failed. Insufficient \"USDT\" balance"),
            .orderCancelled(id),
            .orderExpired(id),
            .orderTriggered(id),
            .orderCompleted(id),
            .orderAmended(id, price: nil, quantity: Quantity.of("0.2")),
            .orderFilled(id, side: .sell, price: Price.of("100.5"), quantity: Quantity.of("0.1"), fee: Money.of("-0.0001"),
                         tradeID: "T\(id)"),
            .liquidated(ClientOrderID(bot: bot, sequence: 8), side: .sell, price: Price.of("90"), quantity: Quantity.of("3"),
                        fee: Money.of("0.135"), tradeID: nil),
            .positionOpened(.short, quantity: Quantity.of("-3"), entry: Price.of("100.1")),
            .positionChanged(.net, quantity: Quantity.of("0.5"), entry: nil),
            .positionClosed(.long, realizedPnL: Money.of("-12.345678901")),
            .takeProfitHit(id, price: Price.of("110")),
            .stopHit(nil, price: Price.of("95.5")),
            .riskRejected(nil, code: "MIN_NOTIONAL", detail: "notional=4.2, min_notional=5"),
            .manualChange(ManualChange(positionSide: .long, takeProfit: Price.of("2650.5"), stopLoss: Price.of("2400"), by: "user:alice")),
            .botStarted,
            .botPaused,
            .botResumed,
            .botRestarted(attempt: 2, reason: "handler threw: timeout\nsecond line"),
            .botFailed(reason: "3 restarts in 60 s"),
            .botIsolated(reason: "events took 1.2 ms (budget 0.2 ms)"),
            .botStopped,
            .botRemoved,
            .killSwitch(dailyLoss: Money.of("250.5"), limit: Money.of("250")),
            .feedLost("okx:public"),
            .feedRecovered("okx:public"),
            .daemonStarted,
            .daemonStopped,
        ]
        return whats.enumerated().map { i, what in
            let daemonWide = what.kind.hasPrefix("daemon") || what.kind.hasPrefix("feed")
            return RuntimeEvent(ts: ts + Int64(i), bot: daemonWide ? nil : bot, user: i % 3 == 0 ? nil : user, what)
        }
    }
}
