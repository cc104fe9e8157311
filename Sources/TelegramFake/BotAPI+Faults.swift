import FakeKit

/// Faults a test queued per method, given in order before the method runs (so a faulted
/// call has no effect, as when the request never reached Telegram).
extension BotAPI {
    /// The next fault queued for `method` (lower-cased), as the answer it gives.
    mutating func fault(_ method: String) -> RESTOutcome? {
        guard var queue = faults[method], !queue.isEmpty else { return nil }
        let f = queue.removeFirst()
        faults[method] = queue
        switch f {
        case .status(let code, let body): return .respond(RESTResponse(status: code, body: body))
        case .close: return .close
        case .hold:
            counters.held += 1
            return .hold
        case .tooManyRequests(let s): return tooMany(s)
        case .badGateway: return .respond(RESTResponse(status: 502, body: Self.nginx502, contentType: "text/html"))
        }
    }

    /// The page nginx gives when the Bot API behind it does not answer: not JSON, which a
    /// client must survive.
    static let nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
        + "<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
}
