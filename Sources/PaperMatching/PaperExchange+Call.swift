import BotCore

extension PaperExchange {
    /// Performs a venue call the way a venue answers it: an acknowledgement now, and what
    /// happens to the order (an immediate fill, a cancellation) as events in `out`. The
    /// engine itself reports both in one list; the first acceptance or rejection is the answer.
    public mutating func perform(_ call: VenueCall, into out: inout [OrderEvent]) -> VenueAck {
        var events: [OrderEvent] = []
        switch call {
        case .submit(let r): submit(r, into: &events)
        case .cancel(let id): cancel(id, into: &events)
        case .amend(let id, let price, let quantity): amend(id, price: price, quantity: quantity, into: &events)
        }
        var ack = VenueAck.accepted
        if let first = events.first {
            switch first {
            case .accepted(let id) where id == call.orderID:
                events.removeFirst()
            case .rejected(let id, let reason) where id == call.orderID:
                events.removeFirst()
                ack = Self.ack(rejecting: reason)
            default:
                break
            }
        }
        out.append(contentsOf: events)
        return ack
    }

    /// The engine's reasons read "51008 insufficient balance…", as OKX codes them.
    static func ack(rejecting reason: String) -> VenueAck {
        let parts = reason.split(separator: " ", maxSplits: 1)
        if let code = parts.first, code.allSatisfy(\.isNumber), parts.count == 2 {
            return .rejected(code: String(code), message: String(parts[1]))
        }
        return .rejected(code: "", message: reason)
    }
}
