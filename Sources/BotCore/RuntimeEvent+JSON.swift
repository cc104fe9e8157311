import Foundation

/// The event log's JSON: one flat object, `kind` first, then `ts`, `bot`, `user` and the
/// case's fields, snake_case keys, absent optionals left out. Fixed-point values are decimal
/// strings, as every `Codable` fixed-point value in the repo ("100.5"), so no reader turns
/// them into binary floats. The form is stored, so it only ever gains keys and kinds.
extension RuntimeEvent: Codable {
    enum Key: String, CodingKey {
        case kind, ts, bot, user, order, side, type, price, trigger, quantity, quoteQuantity = "quote_quantity"
        case positionSide = "position_side", reduceOnly = "reduce_only", fee, tradeID = "trade_id"
        case code, message, detail, entry, realizedPnL = "realized_pnl", attempt, reason
        case dailyLoss = "daily_loss", limit, feed
        case takeProfit = "take_profit", stopLoss = "stop_loss", by
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(ts, forKey: .ts)
        try c.encodeIfPresent(bot, forKey: .bot)
        try c.encodeIfPresent(user, forKey: .user)
        switch what {
        case .orderPlaced(let id, let side, let type, let quantity, let positionSide, let reduceOnly, let quote):
            try c.encode(id, forKey: .order)
            try c.encode(side, forKey: .side)
            try Self.writeType(type, into: &c)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(positionSide, forKey: .positionSide)
            try c.encode(reduceOnly, forKey: .reduceOnly)
            try c.encodeIfPresent(quote, forKey: .quoteQuantity)
        case .orderAccepted(let id), .orderCancelled(let id), .orderExpired(let id), .orderTriggered(let id), .orderCompleted(let id):
            try c.encode(id, forKey: .order)
        case .orderRejected(let id, let code, let message):
            try c.encode(id, forKey: .order)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
        case .orderAmended(let id, let price, let quantity):
            try c.encode(id, forKey: .order)
            try c.encodeIfPresent(price, forKey: .price)
            try c.encode(quantity, forKey: .quantity)
        case .orderFilled(let id, let side, let price, let quantity, let fee, let tradeID),
             .liquidated(let id, let side, let price, let quantity, let fee, let tradeID):
            try c.encode(id, forKey: .order)
            try c.encode(side, forKey: .side)
            try c.encode(price, forKey: .price)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(fee, forKey: .fee)
            try c.encodeIfPresent(tradeID, forKey: .tradeID)
        case .positionOpened(let side, let quantity, let entry), .positionChanged(let side, let quantity, let entry):
            try c.encode(side, forKey: .positionSide)
            try c.encode(quantity, forKey: .quantity)
            try c.encodeIfPresent(entry, forKey: .entry)
        case .positionClosed(let side, let pnl):
            try c.encode(side, forKey: .positionSide)
            try c.encode(pnl, forKey: .realizedPnL)
        case .takeProfitHit(let id, let price), .stopHit(let id, let price):
            try c.encodeIfPresent(id, forKey: .order)
            try c.encode(price, forKey: .price)
        case .riskRejected(let id, let code, let detail):
            try c.encodeIfPresent(id, forKey: .order)
            try c.encode(code, forKey: .code)
            try c.encode(detail, forKey: .detail)
        case .manualChange(let m):
            try c.encodeIfPresent(m.positionSide, forKey: .positionSide)
            try c.encodeIfPresent(m.takeProfit, forKey: .takeProfit)
            try c.encodeIfPresent(m.stopLoss, forKey: .stopLoss)
            try c.encode(m.by, forKey: .by)
        case .botRestarted(let attempt, let reason):
            try c.encode(attempt, forKey: .attempt)
            try c.encode(reason, forKey: .reason)
        case .botFailed(let reason), .botIsolated(let reason):
            try c.encode(reason, forKey: .reason)
        case .killSwitch(let loss, let limit):
            try c.encode(loss, forKey: .dailyLoss)
            try c.encodeIfPresent(limit, forKey: .limit)
        case .feedLost(let feed), .feedRecovered(let feed):
            try c.encode(feed, forKey: .feed)
        case .botStarted, .botPaused, .botResumed, .botStopped, .botRemoved, .daemonStarted, .daemonStopped, .unknown:
            break
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let kind = try c.decode(String.self, forKey: .kind)
        ts = try c.decode(Int64.self, forKey: .ts)
        bot = try c.decodeIfPresent(String.self, forKey: .bot)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        func order() throws -> ClientOrderID { try c.decode(ClientOrderID.self, forKey: .order) }
        func value<T: Decodable>(_ key: Key) throws -> T { try c.decode(T.self, forKey: key) }
        func optional<T: Decodable>(_ key: Key) throws -> T? { try c.decodeIfPresent(T.self, forKey: key) }
        switch kind {
        case "order_placed":
            what = .orderPlaced(try order(), side: try value(.side), type: try Self.readType(c), quantity: try value(.quantity),
                                positionSide: try value(.positionSide), reduceOnly: try value(.reduceOnly),
                                quoteQuantity: try optional(.quoteQuantity))
        case "order_accepted": what = .orderAccepted(try order())
        case "order_rejected": what = .orderRejected(try order(), code: try value(.code), message: try value(.message))
        case "order_cancelled": what = .orderCancelled(try order())
        case "order_expired": what = .orderExpired(try order())
        case "order_triggered": what = .orderTriggered(try order())
        case "order_completed": what = .orderCompleted(try order())
        case "order_amended": what = .orderAmended(try order(), price: try optional(.price), quantity: try value(.quantity))
        case "order_filled", "liquidated":
            let (id, side, price, quantity, fee, tradeID): (ClientOrderID, Side, Price, Quantity, Money, String?) =
                (try order(), try value(.side), try value(.price), try value(.quantity), try value(.fee), try optional(.tradeID))
            what = kind == "liquidated"
                ? .liquidated(id, side: side, price: price, quantity: quantity, fee: fee, tradeID: tradeID)
                : .orderFilled(id, side: side, price: price, quantity: quantity, fee: fee, tradeID: tradeID)
        case "position_opened":
            what = .positionOpened(try value(.positionSide), quantity: try value(.quantity), entry: try optional(.entry))
        case "position_changed":
            what = .positionChanged(try value(.positionSide), quantity: try value(.quantity), entry: try optional(.entry))
        case "position_closed": what = .positionClosed(try value(.positionSide), realizedPnL: try value(.realizedPnL))
        case "take_profit_hit": what = .takeProfitHit(try optional(.order), price: try value(.price))
        case "stop_hit": what = .stopHit(try optional(.order), price: try value(.price))
        case "risk_rejected": what = .riskRejected(try optional(.order), code: try value(.code), detail: try value(.detail))
        case "manual_change":
            what = .manualChange(ManualChange(positionSide: try optional(.positionSide), takeProfit: try optional(.takeProfit),
                                              stopLoss: try optional(.stopLoss), by: try value(.by)))
        case "bot_started": what = .botStarted
        case "bot_paused": what = .botPaused
        case "bot_resumed": what = .botResumed
        case "bot_restarted": what = .botRestarted(attempt: try value(.attempt), reason: try value(.reason))
        case "bot_failed": what = .botFailed(reason: try value(.reason))
        case "bot_isolated": what = .botIsolated(reason: try value(.reason))
        case "bot_stopped": what = .botStopped
        case "bot_removed": what = .botRemoved
        case "kill_switch": what = .killSwitch(dailyLoss: try value(.dailyLoss), limit: try optional(.limit))
        case "feed_lost": what = .feedLost(try value(.feed))
        case "feed_recovered": what = .feedRecovered(try value(.feed))
        case "daemon_started": what = .daemonStarted
        case "daemon_stopped": what = .daemonStopped
        default: what = .unknown(kind: kind)
        }
    }

    static func writeType(_ type: OrderType, into c: inout KeyedEncodingContainer<Key>) throws {
        switch type {
        case .market: try c.encode("market", forKey: .type)
        case .limit(let p):
            try c.encode("limit", forKey: .type)
            try c.encode(p, forKey: .price)
        case .stopMarket(let t):
            try c.encode("stop_market", forKey: .type)
            try c.encode(t, forKey: .trigger)
        case .stopLimit(let t, let p):
            try c.encode("stop_limit", forKey: .type)
            try c.encode(p, forKey: .price)
            try c.encode(t, forKey: .trigger)
        }
    }

    static func readType(_ c: KeyedDecodingContainer<Key>) throws -> OrderType {
        switch try c.decode(String.self, forKey: .type) {
        case "market": return .market
        case "limit": return .limit(try c.decode(Price.self, forKey: .price))
        case "stop_market": return .stopMarket(trigger: try c.decode(Price.self, forKey: .trigger))
        case "stop_limit":
            return .stopLimit(trigger: try c.decode(Price.self, forKey: .trigger), price: try c.decode(Price.self, forKey: .price))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown order type \(other)")
        }
    }
}

extension RuntimeEvent {
    /// The event's JSON, in one pass (it is written with every order and fill).
    public var json: [UInt8] {
        if let bytes = try? SnapshotEncoder.encode(self) { return bytes }
        // Unreachable with the types above; kept so a future field the streaming encoder
        // declines still gives the same JSON.
        return (try? Array(JSONEncoder().encode(self))) ?? []
    }

    public var jsonText: String { String(decoding: json, as: UTF8.self) }

    public init(json: some Collection<UInt8>) throws {
        self = try JSONDecoder().decode(RuntimeEvent.self, from: Data(json))
    }
}
