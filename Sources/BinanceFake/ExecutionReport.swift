import BotCore

/// What an `executionReport` reports.
enum Execution {
    /// Accepted, or a conditional order triggered and now working.
    case new
    case trade(SpotOrder.Fill)
    /// Cancelled by a request whose own client id was this.
    case canceled(by: String)
    case expired

    var name: String {
        switch self {
        case .new: "NEW"
        case .trade: "TRADE"
        case .canceled: "CANCELED"
        case .expired: "EXPIRED"
        }
    }
}

extension SpotOrder {
    /// The `executionReport` event, every field in `user-data-stream.md`'s order. `c` is the
    /// cancel request's id on a cancellation (`C` the order's own); `I` is an ignored id that
    /// only increases; `W` appears once the order is working.
    func executionReport(_ x: Execution, eventMs: Int64, ignore: Int64) -> JSON {
        var fill: Fill?
        var clientId = clientOrderId, original = ""
        switch x {
        case .trade(let f): fill = f
        case .canceled(let by):
            clientId = by
            original = clientOrderId
        case .new, .expired: break
        }
        var f: [(String, JSON)] = [
            ("e", "executionReport"), ("E", .int(eventMs)), ("s", .string(symbol)), ("c", .string(clientId)),
            ("S", .string(side == .buy ? "BUY" : "SELL")), ("o", .string(kind.rawValue)), ("f", .string(timeInForce)),
            ("q", .dec(origQty)), ("p", .dec(price)), ("P", .dec(stopPrice)), ("F", .dec(Quantity.zero)), ("g", .int(-1)),
            ("C", .string(original)), ("x", .string(x.name)), ("X", .string(status.rawValue)), ("r", "NONE"),
            ("i", .int(orderId)), ("l", .dec(fill?.qty ?? .zero)), ("z", .dec(executedQty)), ("L", .dec(fill?.price ?? .zero)),
            ("n", fill.map { .dec($0.commission) } ?? "0"), ("N", fill.map { .string($0.commissionAsset) } ?? .null),
            ("T", .int(fill?.time ?? updateTime)), ("t", .int(fill?.tradeId ?? -1)), ("I", .int(ignore)),
            ("w", .bool(isWorking)), ("m", .bool(fill?.maker ?? false)), ("M", .bool(false)), ("O", .int(time)),
            ("Z", .dec(cummulativeQuoteQty)),
            ("Y", .dec(fill.map { Decimal8.round($0.price.times($0.qty, .halfEven) as Money, .halfEven) } ?? .zero)),
            ("Q", .dec(origQuoteOrderQty)),
        ]
        if let w = workingTime { f.append(("W", .int(w))) }
        f.append(("V", "NONE"))
        return .object(f)
    }
}

extension Exchange {
    /// An executionReport for every subscription to `a`'s user data.
    func report(_ o: SpotOrder, _ a: AccountState, _ x: Execution) {
        userEvent(a, o.executionReport(x, eventMs: now, ignore: nextSerial()))
    }

    /// `outboundAccountPosition` for each account whose balances moved, with those assets.
    func flushAccountPositions() {
        let changed = changedAssets
        changedAssets = [:]
        for key in changed.keys.sorted() {
            guard let a = accounts[key], let assets = changed[key] else { continue }
            let t = now
            userEvent(a, .object([
                ("e", "outboundAccountPosition"), ("E", .int(t)), ("u", .int(a.updateTime)),
                ("B", .array(assets.sorted().map { asset in
                    let b = a.balance(asset)
                    return .object([("a", .string(asset)), ("f", .dec(b.free)), ("l", .dec(b.locked))])
                })),
            ]))
        }
    }

    /// A deposit or withdrawal of `delta`: `balanceUpdate`, then the account position.
    func credit(_ a: AccountState, asset: String, delta: Money) {
        move(a, asset, free: delta)
        userEvent(a, .object([("e", "balanceUpdate"), ("E", .int(now)), ("a", .string(asset)), ("d", .dec(delta)), ("T", .int(now))]))
        flushAccountPositions()
    }

    /// Sends `event` as `{"subscriptionId":…,"event":…}` on every WebSocket API subscription
    /// to `a`, unless a fault drops it.
    func userEvent(_ a: AccountState, _ event: JSON) {
        for s in sessions.values.sorted(by: { $0.id < $1.id }) where !s.closed && s.kind == .api {
            for sub in s.subscriptions where sub.apiKey == a.account.apiKey {
                if faults.dropNextUserEvents > 0 {
                    faults.dropNextUserEvents -= 1
                    counters.userEventsDropped += 1
                    continue
                }
                counters.userEventsSent += 1
                send(JSON.object([("subscriptionId", .int(sub.id)), ("event", event)]).text, to: s)
            }
        }
    }
}
