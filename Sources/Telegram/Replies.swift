import BotCore
import Foundation
import Commands
import Runtime
import Store
import TelegramWire

/// Replies to chat commands, in the user's language, as Telegram HTML: every id, number and
/// message that did not come from this file is escaped. Tables are monospace (`<pre>`) and
/// narrow enough for a phone.
public struct Replies: Sendable {
    public let language: Language

    public init(language: Language) { self.language = language }

    func h(_ s: String) -> String { TelegramHTML.escape(s) }
    func t(_ en: String, _ ko: String) -> String { language.t(en, ko) }

    /// `/start` alone: who the user is to botd, and their bots. Nothing is started.
    public func greet(name: String, bots: [BotStatus]) -> String {
        let hello = t("Hello, \(h(name)). This chat controls your bots on botd.", "\(h(name))님, 안녕하세요. 이 채팅에서 botd의 봇을 관리합니다.")
        guard !bots.isEmpty else { return hello + "\n" + t("You have no bots yet.", "아직 봇이 없습니다.") }
        return hello + "\n" + states(bots) + "\n" + t("Nothing was started. /help lists the commands.", "아무것도 시작하지 않았습니다. 명령 목록은 /help 를 보세요.")
    }

    public func help() -> String {
        let lines: [(String, String, String)] = [
            ("/status [BOT]", "state, position, entry, unrealised PnL", "상태, 포지션, 진입가, 미실현 손익"),
            ("/bots", "your bots and their states", "봇 목록과 상태"),
            ("/start BOT|all · /stop BOT|all", "start or stop (all: after a confirmation)", "시작·중지 (all: 확인 후)"),
            ("/pause BOT|all · /resume BOT|all", "ignore the market, or follow it again", "일시정지·재개"),
            ("/positions · /orders [BOT]", "open positions, open orders", "보유 포지션, 미체결 주문"),
            ("/trades [n]", "the newest fills", "최근 체결"),
            ("/profit · /performance", "PnL in total and per bot", "전체·봇별 손익"),
            ("/daily [days]", "realised PnL per day", "일별 실현 손익"),
            ("/close BOT · /forceexit all", "close at market (after a confirmation)", "시장가 청산 (확인 후)"),
            ("/tp BOT PRICE · /sl BOT PRICE", "set a take-profit or a stop by hand", "익절·손절 가격 설정"),
            ("/balance · /reload", "accounts, re-read the bots (admins)", "계좌, 봇 설정 다시 읽기 (관리자)"),
        ]
        return lines.map { "<b>\(h($0.0))</b> — \(t($0.1, $0.2))" }.joined(separator: "\n")
    }

    public func refusal(_ r: ChatRefusal) -> String {
        switch r {
        case .unknownCommand(let c):
            return t("Unknown command /\(h(c)). /help lists them.", "알 수 없는 명령 /\(h(c)) 입니다. /help 를 보세요.")
        case .usage(let c):
            return t("That is not how /\(h(c)) goes. /help shows it.", "/\(h(c)) 사용법이 틀렸습니다. /help 를 보세요.")
        case .noSuchBot(let typed, let candidates):
            let list = candidates.isEmpty ? t("You have no bots.", "봇이 없습니다.") : t("Your bots: ", "내 봇: ") + candidates.map(h).joined(separator: ", ")
            return t("No bot \"\(h(typed))\". ", "\"\(h(typed))\" 봇이 없습니다. ") + list
        case .ambiguousBot(let typed, let candidates):
            return t("\"\(h(typed))\" could be: ", "\"\(h(typed))\" 에 해당하는 봇: ") + candidates.map(h).joined(separator: ", ")
        case .unsupported(let what):
            return t("/\(h(what)) is not supported yet.", "/\(h(what)) 은(는) 아직 지원하지 않습니다.")
        }
    }

    /// What the router answered to `command`.
    public func result(_ r: CommandResult, of command: Command) -> String {
        switch r {
        case .statuses(let bots): return bots.isEmpty ? t("You have no bots.", "봇이 없습니다.") : bots.map(status).joined(separator: "\n\n")
        case .bots(let bots): return bots.isEmpty ? t("You have no bots.", "봇이 없습니다.") : states(bots)
        case .bot(let s): return status(s)
        case .message(let text): return "✅ " + h(command.targetBot.map { "\($0): " } ?? "") + done(text)
        case .reloaded(let r):
            var out = t("Reloaded.", "다시 읽었습니다.")
            for (label, ids) in [("+", r.added), ("−", r.removed), ("↻", r.restarted)] where !ids.isEmpty {
                out += "\n\(label) " + ids.map(h).joined(separator: ", ")
            }
            for e in r.errors { out += "\n⚠️ " + h(e) }
            return out
        case .orders(let rows):
            guard !rows.isEmpty else { return t("No open orders.", "미체결 주문이 없습니다.") }
            return pre(rows.map { [$0.bot, $0.side, $0.type, $0.price.map { "\($0)" } ?? "-", "\($0.quantity)"] })
        case .trades(let fills):
            guard !fills.isEmpty else { return t("No trades yet.", "체결 내역이 없습니다.") }
            return pre(fills.map { [$0.bot, $0.side, "\($0.price)", "\($0.quantity)"] })
        case .positions(let bots):
            guard !bots.isEmpty else { return t("No open positions.", "보유 포지션이 없습니다.") }
            return pre(bots.map { [$0.id, "\($0.position)", $0.averageEntry.map { "@\($0)" } ?? "", signed($0.unrealizedPnL)] })
        case .pnl(let total, let bots):
            let rows = bots.sorted { $0.netPnL > $1.netPnL }.map { [$0.id, signed($0.realizedPnL), signed($0.unrealizedPnL), signed($0.netPnL)] }
            return pre([[t("bot", "봇"), t("real.", "실현"), t("unreal.", "미실현"), t("net", "순")]] + rows)
                + "\n" + t("Net PnL: ", "순손익: ") + "<b>\(h(signed(total)))</b>"
        case .daily(let days, let zone):
            return pre(days.map { [$0.day, signed($0.net), "\($0.fills)"] }) + "\n" + h(zone)
        case .balances(let books):
            return pre(books.map { [$0.account, $0.instrument, "\($0.equity)"] })
        case .metrics, .events, .subscribed:
            return t("Not available in chat.", "채팅에서는 볼 수 없습니다.")
        }
    }

    public func error(_ e: CommandError) -> String {
        let why: String = switch e.code {
        case "bot_not_found": t("No such bot.", "그런 봇이 없습니다.")
        case "forbidden": t("Only an admin may do that.", "관리자만 할 수 있습니다.")
        case "bot_not_running": t("The bot is not running.", "봇이 실행 중이 아닙니다.")
        case "bot_already_running": t("The bot is already running.", "봇이 이미 실행 중입니다.")
        default: h(e.message)
        }
        return "⚠️ " + why
    }

    /// The question a confirmation asks, above its Confirm and Cancel buttons.
    public func confirmPrompt(_ commands: [Command]) -> String {
        guard let first = commands.first else { return t("Nothing to do.", "할 일이 없습니다.") }
        let bots = commands.compactMap(\.targetBot).map(h).joined(separator: ", ")
        switch first {
        case .close: return t("Close at market: \(bots)?", "시장가로 청산할까요: \(bots)?")
        case .stop: return t("Stop: \(bots)?", "중지할까요: \(bots)?")
        case .start: return t("Start: \(bots)?", "시작할까요: \(bots)?")
        default: return t("Run /\(first.name.rawValue) for \(bots)?", "\(bots) 에 /\(first.name.rawValue) 을(를) 실행할까요?")
        }
    }

    public var confirmLabel: String { t("Confirm", "확인") }
    public var cancelLabel: String { t("Cancel", "취소") }
    public var cancelled: String { t("Cancelled: nothing was done.", "취소했습니다. 아무것도 하지 않았습니다.") }
    public var stale: String { t("This confirmation has expired or was already used; nothing was done.", "만료되었거나 이미 사용한 확인입니다. 아무것도 하지 않았습니다.") }
    public var interrupted: String {
        t("botd restarted while running your last command; it was not run again. Check /status.",
          "마지막 명령을 실행하는 중에 botd가 다시 시작되어 다시 실행하지 않았습니다. /status 로 확인하세요.")
    }

    /// The bot's command menu (setMyCommands), in `ChatCommands.names` order.
    public var menu: [(command: String, description: String)] {
        let d: [String: (String, String)] = [
            "start": ("Greet; /start BOT|all starts bots", "인사; /start BOT|all 봇 시작"),
            "stop": ("Stop a bot, or all", "봇 중지 (all 가능)"),
            "pause": ("Pause a bot, or all", "봇 일시정지"),
            "resume": ("Resume a bot, or all", "봇 재개"),
            "status": ("State, position, entry, unrealised PnL", "상태, 포지션, 진입가, 미실현 손익"),
            "bots": ("Your bots", "내 봇 목록"),
            "positions": ("Open positions", "보유 포지션"),
            "orders": ("Open orders", "미체결 주문"),
            "trades": ("Newest fills", "최근 체결"),
            "profit": ("PnL in total", "전체 손익"),
            "daily": ("Realised PnL per day", "일별 실현 손익"),
            "balance": ("Account balances", "계좌 잔고"),
            "performance": ("PnL per bot", "봇별 손익"),
            "close": ("Close a bot's position at market", "시장가 청산"),
            "forceexit": ("Close every position (confirm)", "전체 청산 (확인)"),
            "tp": ("Show or set a take-profit", "익절가 보기·설정"),
            "sl": ("Show or set a stop", "손절가 보기·설정"),
            "reload": ("Re-read the bot files (admin)", "봇 설정 다시 읽기 (관리자)"),
            "help": ("The commands", "명령 목록"),
        ]
        return ChatCommands.names.compactMap { n in d[n].map { (n, t($0.0, $0.1)) } }
    }

    public var dailyTitle: String { t("Daily summary", "일일 요약") }

    /// To someone not listed in `[users]`: said once per chat and hour.
    public var stranger: String {
        t("Sorry, this bot serves only its registered users. Ask botd's operator to add your Telegram id.",
          "죄송합니다. 이 봇은 등록된 사용자만 사용할 수 있습니다. botd 운영자에게 텔레그램 ID 등록을 요청하세요.")
    }
    public var groupHint: String {
        t("This group only receives notifications; send commands in a private chat with the bot.",
          "이 그룹은 알림만 받습니다. 명령은 봇과의 개인 채팅에서 보내세요.")
    }
    public var notYours: String { t("This confirmation is not yours.", "본인의 확인 요청이 아닙니다.") }

    func done(_ text: String) -> String {
        switch text {
        case "paused": t("paused", "일시정지됨")
        case "resumed": t("resumed", "재개됨")
        case "stopped": t("stopped", "중지됨")
        case "starting": t("starting", "시작 중")
        case "closing at market": t("closing at market", "시장가 청산 중")
        default: h(text)
        }
    }

    func states(_ bots: [BotStatus]) -> String {
        pre(bots.map { [$0.id, $0.state.rawValue, $0.position.isZero ? "-" : "\($0.position)"] })
    }

    func status(_ s: BotStatus) -> String {
        var lines = ["<b>\(h(s.id))</b> · \(h(s.strategy)) · \(h(s.instrument)) · \(h(s.state.rawValue))"]
        if s.position.isZero {
            lines.append(t("No position.", "포지션 없음."))
        } else {
            lines.append(t("Position ", "포지션 ") + h("\(s.position)") + (s.averageEntry.map { " @ " + h("\($0)") } ?? ""))
            lines.append(t("Unrealised ", "미실현 ") + h(signed(s.unrealizedPnL)))
        }
        lines.append(t("Net PnL ", "순손익 ") + h(signed(s.netPnL)) + " · " + t("open orders ", "미체결 ") + "\(s.openOrders)")
        if let e = s.lastError { lines.append("⚠️ " + h(e)) }
        return lines.joined(separator: "\n")
    }

    func signed(_ m: Money) -> String { m.raw > 0 ? "+\(m)" : "\(m)" }

    /// Rows as a monospace table, each column as wide as its widest cell.
    func pre(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int]()) { w, row in
            for (i, cell) in row.enumerated() {
                if i == w.count { w.append(0) }
                w[i] = max(w[i], cell.count)
            }
        }
        let text = rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: " ")
        }.joined(separator: "\n")
        return "<pre>" + h(text) + "</pre>"
    }
}
