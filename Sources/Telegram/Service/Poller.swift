import BotCore
import Logging
import Store
import TelegramWire

/// Long-polls getUpdates and stores each batch in the inbox with the offset's advance, in one
/// transaction, before anything is done with it: an update is never lost to a crash, and a
/// batch stored twice (the answer came, the store failed) is stored once. The offset asked
/// is always the stored one.
struct Poller {
    let client: TelegramClient
    let store: Store
    /// Told when updates are stored.
    let inbox: Wakeup
    let logger: Logger
    let timeoutSeconds: Int
    var state = PollState()
    static let kinds = ["message", "edited_message", "callback_query", "my_chat_member"]

    /// Polls until cancelled; throws the 401 that ends Telegram for this run.
    mutating func run() async throws(TelegramError) {
        while !Task.isCancelled {
            let action: PollState.Action
            do {
                let offset = try await store.telegramOffset()
                let request = try TelegramAPI.getUpdates(offset: offset, timeout: timeoutSeconds, allowedUpdates: Self.kinds)
                let updates = try await client.updates(request)
                try await store.receiveTelegramUpdates(updates, ts: wallClockMilliseconds())
                if !updates.isEmpty { inbox.signal() }
                action = state.answered()
            } catch let e as TelegramCallError {
                action = state.failed(e.telegram)
            } catch {
                // The store: nothing was confirmed, so the same updates come again.
                logger.warning("telegram updates not stored; polling again", metadata: ["error": "\(error)"])
                action = state.failed(nil)
            }
            // A poll cut short by the service stopping is not a failure to report.
            if Task.isCancelled { return }
            switch action {
            case .poll:
                continue
            case .wait(let ms, let report):
                if let report { logger.warning("\(report)") }
                try? await Task.sleep(for: .milliseconds(ms))
            case .stop(let why):
                logger.error("\(why)")
                throw .unauthorized(why)
            }
        }
    }
}
