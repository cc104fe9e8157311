import BotCore

extension PaperExchange {
    /// Performs a venue call the way a venue answers it: an acknowledgement now, and what
    /// happens to the order (an immediate fill, a cancellation) as events in `out`. The
    /// engine itself reports both in one list; the first acceptance or rejection is the answer.
    public mutating func perform(_ call: VenueCall, into out: inout [OrderEvent]) -> VenueAck {
        // Written straight into `out` (a backtest calls this for every order: no buffer of its own).
        let start = out.count
        switch call {
        case .submit(let r): submit(r, into: &out)
        case .cancel(let id): cancel(id, into: &out)
        case .amend(let id, let price, let quantity): amend(id, price: price, quantity: quantity, into: &out)
        }
        guard out.count > start else { return .accepted }
        switch out[start] {
        case .accepted(let id) where id == call.orderID:
            out.remove(at: start)
        case .rejected(let id, let reason) where id == call.orderID:
            out.remove(at: start)
            return Self.ack(rejecting: reason)
        default:
            break
        }
        return .accepted
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
