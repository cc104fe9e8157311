import Synchronization

/// The daemon's counters and gauges, rendered in the Prometheus text format for the metrics
/// endpoint and `botctl metrics`. Updates are a lock and an add: cheap enough per event.
public final class RuntimeMetrics: Sendable {
    struct State {
        var riskRejections = 0
        var restarts = 0
        var ordersPersisted = 0
        var persistNanos: [Int64] = []
        var queueDepth: [String: Int] = [:]
        var botsByState: [String: Int] = [:]
        var rateLimitWaits = 0
    }

    private let state = Mutex(State())
    private let started = ContinuousClock.now

    public init() {}

    /// Counters kept where they are cheap to update (per shard), summed when read.
    private let eventCounters = Mutex<[@Sendable () -> Int]>([])

    func countEvents(_ source: @escaping @Sendable () -> Int) { eventCounters.withLock { $0.append(source) } }

    public var events: Int { eventCounters.withLock { $0 }.reduce(0) { $0 + $1() } }
    func riskRejection() { state.withLock { $0.riskRejections += 1 } }
    func restart() { state.withLock { $0.restarts += 1 } }
    func queueDepth(_ bot: String, _ depth: Int) { state.withLock { $0.queueDepth[bot] = depth } }
    func botsByState(_ counts: [String: Int]) { state.withLock { $0.botsByState = counts } }
    func rateLimitWaits(_ n: Int) { state.withLock { $0.rateLimitWaits = n } }

    func orderPersisted(_ d: Duration) {
        let ns = d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
        state.withLock {
            $0.ordersPersisted += 1
            $0.persistNanos.append(ns)
            if $0.persistNanos.count > 4096 { $0.persistNanos.removeFirst(2048) }
        }
    }

    /// Recent write-ahead persist times (ns), for benchmarks and the metrics endpoint.
    public var persistNanos: [Int64] { state.withLock { $0.persistNanos } }

    /// Prometheus text exposition format 0.0.4.
    public func prometheusText() -> String {
        let s = state.withLock { $0 }
        let events = self.events
        let uptime = started.duration(to: .now)
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) * 1e-18
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ lines: [String]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for l in lines { out += l + "\n" }
        }
        metric("botruntime_bots", "gauge", "Bots by state.",
               s.botsByState.keys.sorted().map { "botruntime_bots{state=\"\($0)\"} \(s.botsByState[$0]!)" })
        metric("botruntime_events_total", "counter", "Events handled by strategies.", ["botruntime_events_total \(events)"])
        metric("botruntime_events_per_second", "gauge", "Mean events handled per second since start.",
               ["botruntime_events_per_second \(seconds > 0 ? Double(events) / seconds : 0)"])
        metric("botruntime_restarts_total", "counter", "Bot restarts by the supervisor.", ["botruntime_restarts_total \(s.restarts)"])
        metric("botruntime_risk_rejections_total", "counter", "Orders denied by RiskGuard.",
               ["botruntime_risk_rejections_total \(s.riskRejections)"])
        metric("botruntime_rate_limit_waits_total", "counter", "Requests that waited for a rate-limit token.",
               ["botruntime_rate_limit_waits_total \(s.rateLimitWaits)"])
        metric("botruntime_queue_depth", "gauge", "Messages waiting in a bot's mailbox.",
               s.queueDepth.keys.sorted().map { "botruntime_queue_depth{bot=\"\($0)\"} \(s.queueDepth[$0]!)" })
        let sorted = s.persistNanos.sorted()
        func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e9 }
        metric("botruntime_order_persist_seconds", "summary", "Time to persist an order before it leaves.",
               ["botruntime_order_persist_seconds{quantile=\"0.5\"} \(q(0.5))",
                "botruntime_order_persist_seconds{quantile=\"0.99\"} \(q(0.99))",
                "botruntime_order_persist_seconds_count \(s.ordersPersisted)"])
        return out
    }
}
