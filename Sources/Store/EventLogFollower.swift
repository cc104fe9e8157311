import BotCore

/// The events after a cursor, read page by page as the consumer asks for them (see
/// `Store.follow`). It pulls: a consumer that falls behind holds one page, not a backlog that
/// grows with the log, and reads on from its cursor when it catches up.
public struct EventLogFollower: AsyncSequence, Sendable {
    public typealias Element = (seq: Int64, event: RuntimeEvent)

    let store: Store
    let after: Int64
    let bot: String?
    let bots: Set<String>?
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, cursor: after, bot: bot, bots: bots, pageSize: pageSize)
    }

    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let store: Store
        /// How far the log has been read: nothing at or before it is returned again.
        var cursor: Int64
        let bot: String?
        let bots: Set<String>?
        let pageSize: Int
        var page: [Element] = []
        var index = 0

        init(store: Store, cursor: Int64, bot: String?, bots: Set<String>?, pageSize: Int) {
            self.store = store
            self.cursor = cursor
            self.bot = bot
            self.bots = bots
            self.pageSize = pageSize
        }

        /// The next event; nil once cancelled, or once the store closed and nothing is left.
        /// Throws what reading the store threw.
        public mutating func next() async throws -> Element? {
            while !Task.isCancelled {
                if index < page.count {
                    defer { index += 1 }
                    return page[index]
                }
                let read = try await store.eventPage(after: cursor, limit: pageSize, bot: bot, bots: bots,
                                                     window: Int64(pageSize) * 64)
                // A stretch of the log with nothing for this follower: on past it at once (the
                // signal knows only this process's commits, the log may hold more).
                if read.events.isEmpty, read.through > cursor {
                    cursor = read.through
                    continue
                }
                (page, index) = (read.events, 0)
                cursor = Swift.max(cursor, read.through)
                if page.isEmpty, !(await store.eventSignal.wait(after: cursor)) { return nil }
            }
            return nil
        }
    }
}
