/// An event of the user data stream, as it arrives on the WebSocket API inside
/// `{"subscriptionId":N,"event":{…}}` (or, for `serverShutdown`, `{"event":{…}}` alone).
public enum BinanceUserEvent: Hashable, Sendable {
    case executionReport(BinanceExecutionReport)
    case accountPosition(BinanceAccountPosition)
    case balanceUpdate(BinanceBalanceUpdate)
    /// The subscription ended (unsubscribed, or its logon session closed): no more events
    /// for that account on it until subscribed again.
    case streamTerminated(eventMs: Int64)
    /// The connection closes soon: open a new one, subscribe again, and reconcile over REST,
    /// since nothing missed meanwhile is replayed.
    case serverShutdown(eventMs: Int64)
    /// An event this layer does not read (`listStatus`, `externalLockUpdate`, …), by its `e`.
    case other(type: String)
}
