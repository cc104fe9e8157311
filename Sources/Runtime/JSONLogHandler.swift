import BotCore
import Foundation
import Logging

/// swift-log handler writing one JSON object per line to standard error: `ts`, `level`,
/// `label`, `message`, then the metadata (`bot.id`, `client_order_id`, …) as string fields.
/// Values are logged as given: nothing secret is ever passed to a logger.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let explicit = event.metadata { fields.merge(explicit) { _, new in new } }
        if let error = event.error { fields["error"] = "\(error)" }
        var out = "{\"ts\":\(Self.quoted(Self.timestamp())),\"level\":\"\(event.level.rawValue)\",\"label\":\(Self.quoted(label)),\"message\":\(Self.quoted(event.message.description))"
        for key in fields.keys.sorted() {
            out += ",\(Self.quoted(key)):\(Self.quoted(fields[key]!.description))"
        }
        out += "}\n"
        FileHandle.standardError.write(Data(out.utf8))
    }

    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var tm = tm()
        var secs = ts.tv_sec
        gmtime_r(&secs, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1_000_000)
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
