/// Which WebSocket service a path names: market streams (combined under /stream, raw under
/// /ws) or the WebSocket API.
enum WSPath: Equatable {
    case streams(combined: Bool, initial: [String])
    case api

    init?(_ path: String, query: [(String, String)] = []) {
        if path == "/ws-api/v3" {
            self = .api
        } else if path == "/stream" {
            let names = query.first { $0.0 == "streams" }?.1.split(separator: "/").map(String.init) ?? []
            self = .streams(combined: true, initial: names)
        } else if path == "/ws" {
            self = .streams(combined: false, initial: [])
        } else if path.hasPrefix("/ws/") {
            self = .streams(combined: false, initial: path.dropFirst(4).split(separator: "/").map(String.init))
        } else {
            return nil
        }
    }
}
