import CoreMetrics
import Prometheus
import Synchronization

/// The daemon's metrics, recorded through swift-metrics and exported by swift-prometheus in
/// the Prometheus text format (the metrics endpoint and `botctl metrics`).
///
/// Each instance has its own registry, so several runtimes in one process (the tests) never
/// share figures. The per-event counter lives in the shards (one atomic per shard, no shared
/// cache line) and is brought into the registry when the metrics are read.
public final class RuntimeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    let events: CoreMetrics.Counter
    let eventsPerSecond: CoreMetrics.Gauge
    let restarts: CoreMetrics.Counter
    let riskRejections: CoreMetrics.Counter
    let ordersPersisted: CoreMetrics.Counter
    let persistTime: CoreMetrics.Timer
    let rateLimitWaitsGauge: CoreMetrics.Gauge

    struct State {
        var persistNanos: [Int64] = []
        var queueDepth: [String: CoreMetrics.Gauge] = [:]
        var byState: [String: CoreMetrics.Gauge] = [:]
        var eventsCounted = 0
        var sources: [@Sendable () -> Int] = []
    }

    private let state = Mutex(State())
    private let started = ContinuousClock.now

    public init() {
        var f = PrometheusMetricsFactory(registry: registry)
        // Write-ahead commits take tens to hundreds of microseconds.
        f.defaultDurationHistogramBuckets = [.microseconds(50), .microseconds(100), .microseconds(200), .microseconds(300),
                                            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                            .milliseconds(10), .milliseconds(50)]
        factory = f
        events = CoreMetrics.Counter(label: "botruntime_events_total", factory: f)
        eventsPerSecond = CoreMetrics.Gauge(label: "botruntime_events_per_second", factory: f)
        restarts = CoreMetrics.Counter(label: "botruntime_restarts_total", factory: f)
        riskRejections = CoreMetrics.Counter(label: "botruntime_risk_rejections_total", factory: f)
        ordersPersisted = CoreMetrics.Counter(label: "botruntime_orders_persisted_total", factory: f)
        persistTime = CoreMetrics.Timer(label: "botruntime_order_persist_seconds", factory: f)
        rateLimitWaitsGauge = CoreMetrics.Gauge(label: "botruntime_rate_limit_waits", factory: f)
        // Present from the start, so a scrape never misses a series.
        events.increment(by: 0)
        restarts.increment(by: 0)
        riskRejections.increment(by: 0)
    }

    func riskRejection() { riskRejections.increment() }
    func restart() { restarts.increment() }

    /// Messages waiting in a bot's mailbox: the lag it carries.
    func queueDepth(_ bot: String, _ depth: Int) {
        let g = state.withLock { s in
            if let g = s.queueDepth[bot] { return g }
            let g = CoreMetrics.Gauge(label: "botruntime_queue_depth", dimensions: [("bot", bot)], factory: factory)
            s.queueDepth[bot] = g
            return g
        }
        g.record(depth)
    }

    /// A bot that is gone leaves no series behind (bots come and go by the thousand).
    func forget(bot: String) {
        state.withLock { $0.queueDepth.removeValue(forKey: bot) }?.destroy()
    }

    func botsByState(_ counts: [String: Int]) {
        let gauges = state.withLock { s in
            for name in counts.keys where s.byState[name] == nil {
                s.byState[name] = CoreMetrics.Gauge(label: "botruntime_bots", dimensions: [("state", name)], factory: factory)
            }
            return s.byState
        }
        for (name, g) in gauges { g.record(counts[name] ?? 0) }
    }

    func rateLimitWaits(_ n: Int) { rateLimitWaitsGauge.record(n) }

    func orderPersisted(_ d: Duration) {
        let ns = d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
        ordersPersisted.increment()
        persistTime.recordNanoseconds(ns)
        state.withLock {
            $0.persistNanos.append(ns)
            if $0.persistNanos.count > 4096 { $0.persistNanos.removeFirst(2048) }
        }
    }

    /// Recent write-ahead persist times (ns), for benchmarks.
    public var persistNanos: [Int64] { state.withLock { $0.persistNanos } }

    /// Counters kept where they are cheap to update (per shard), summed when read.
    func countEvents(_ source: @escaping @Sendable () -> Int) { state.withLock { $0.sources.append(source) } }

    public var eventsHandled: Int { state.withLock { $0.sources }.reduce(0) { $0 + $1() } }

    /// Prometheus text exposition format 0.0.4.
    public func prometheusText() -> String {
        let total = eventsHandled
        let delta = state.withLock { s -> Int in
            let d = total - s.eventsCounted
            s.eventsCounted = total
            return d
        }
        if delta > 0 { events.increment(by: delta) }
        let up = started.duration(to: .now)
        let seconds = Double(up.components.seconds) + Double(up.components.attoseconds) * 1e-18
        eventsPerSecond.record(seconds > 0 ? Double(total) / seconds : 0)
        return registry.emitToString()
    }
}
