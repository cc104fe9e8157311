import BotConfig
import BotCore
import TelegramWire

/// Turns the persisted event log into notifications, as text in a user's language: entries
/// and exits with price, size and PnL, take-profit and stop hits, rejections, a bot restarted
/// or failed, the kill switch, feeds, the daemon. Reads events in log order; remembers each
/// bot's latest fill so an exit can say at what price and size it closed.
public struct NotificationComposer: Sendable {
    /// Each bot's latest fill (price, size), for the exit it closes.
    var lastFill: [String: (price: Price, quantity: Quantity)] = [:]

    public init() {}

    /// The notification `e` amounts to: its kind (which users choose to receive) and its text;
    /// nil for an event no one is told of.
    public mutating func compose(_ e: RuntimeEvent, language: Language) -> (kind: NotificationKind, text: String)? {
        let l = language
        let bot = "<b>\(TelegramHTML.escape(e.bot ?? ""))</b>"
        func h(_ s: String) -> String { TelegramHTML.escape(s) }
        switch e.what {
        case .orderFilled(_, _, let price, let quantity, _, _), .liquidated(_, _, let price, let quantity, _, _):
            if let b = e.bot { lastFill[b] = (price, quantity) }
            guard case .liquidated = e.what else { return nil }
            return (.stop, "💥 \(bot) " + l.t("liquidated: ", "강제 청산: ") + h("\(quantity) @ \(price)"))
        case .positionOpened(let side, let quantity, let entry):
            return (.entry, "🟢 \(bot) " + l.t("entered ", "진입 ") + h(leg(side, quantity)) + (entry.map { " @ " + h("\($0)") } ?? ""))
        case .positionChanged(let side, let quantity, let entry):
            return (.entry, "🔵 \(bot) " + l.t("position now ", "포지션 변경 ") + h(leg(side, quantity)) + (entry.map { " @ " + h("\($0)") } ?? ""))
        case .positionClosed(let side, let pnl):
            let at = e.bot.flatMap { lastFill[$0] }.map { " · " + h("\($0.quantity) @ \($0.price)") } ?? ""
            return (.exit, (pnl.raw >= 0 ? "✅ " : "🔻 ") + "\(bot) " + l.t("closed ", "청산 ") + h(side == .net ? "" : side.rawValue + " ")
                    + at + " · PnL " + h(pnl.raw > 0 ? "+\(pnl)" : "\(pnl)"))
        case .takeProfitHit(_, let price):
            return (.takeProfit, "🎯 \(bot) " + l.t("take-profit hit at ", "익절가 도달 ") + h("\(price)"))
        case .stopHit(_, let price):
            return (.stop, "🛑 \(bot) " + l.t("stop hit at ", "손절가 도달 ") + h("\(price)"))
        case .orderRejected(_, let code, let message):
            return (.orderRejected, "⚠️ \(bot) " + l.t("order refused by the venue: ", "거래소가 주문을 거부: ") + h(code.isEmpty ? message : "\(code) \(message)"))
        case .riskRejected(_, let code, let detail):
            return (.riskRejected, "⚠️ \(bot) " + l.t("order held back by risk limits: ", "리스크 한도로 주문 보류: ") + h("\(code) \(detail)"))
        case .botRestarted(let attempt, let reason):
            return (.botRestarted, "↻ \(bot) " + l.t("restarted (attempt \(attempt)): ", "재시작 (\(attempt)회): ") + h(reason))
        case .botFailed(let reason):
            return (.botFailed, "❌ \(bot) " + l.t("failed and stopped: ", "오류로 중지: ") + h(reason))
        case .killSwitch(let loss, let limit):
            return (.killSwitch, "🚨 " + l.t("Daily loss \(h("\(loss)")) reached the limit", "일일 손실 \(h("\(loss)")) 이(가) 한도에 도달")
                    + (limit.map { " (\(h("\($0)")))" } ?? "") + l.t(": no new positions today.", ": 오늘은 새 포지션을 열지 않습니다."))
        case .feedLost(let feed):
            return (.feed, "📡 " + l.t("Market data lost: ", "시세 수신 끊김: ") + h(feed))
        case .feedRecovered(let feed):
            return (.feed, "📡 " + l.t("Market data back: ", "시세 수신 복구: ") + h(feed))
        case .daemonStarted:
            return (.daemon, "▶️ " + l.t("botd started.", "botd 시작."))
        case .daemonStopped:
            return (.daemon, "⏹ " + l.t("botd stopped.", "botd 중지."))
        default:
            return nil
        }
    }

    func leg(_ side: PositionSide, _ q: Quantity) -> String {
        side == .net ? "\(q)" : "\(side.rawValue) \(q.magnitude)"
    }
}
