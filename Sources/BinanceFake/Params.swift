import BotCore

/// A request's parameters: the query string's and the form body's (the query wins when both
/// have one), or a WebSocket API request's `params`. Readers return Binance's error for a
/// missing or malformed value, naming the parameter.
struct Params {
    private(set) var pairs: [(String, String)]

    init(_ pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// REST: query first, then the body's form fields not already in the query.
    init(query: [(String, String)], form: [(String, String)]) {
        var all = query
        for (k, v) in form where !query.contains(where: { $0.0 == k }) { all.append((k, v)) }
        pairs = all
    }

    subscript(_ name: String) -> String? {
        guard let v = pairs.first(where: { $0.0 == name })?.1, !v.isEmpty else { return nil }
        return v
    }

    var names: [String] { pairs.map(\.0) }

    func required(_ name: String) throws(APIError) -> String {
        guard let v = self[name] else { throw .mandatory(name) }
        return v
    }

    /// A decimal parameter, if sent.
    func decimal<F: FixedPoint>(_ name: String) throws(APIError) -> F? {
        guard let text = self[name] else { return nil }
        switch Decimal8.parse(text) as Result<F, Decimal8.Refusal> {
        case .success(let v): return v
        case .failure(.illegal): throw .illegalNumber(name)
        case .failure(.tooPrecise): throw .tooPrecise(name)
        }
    }

    func int(_ name: String) throws(APIError) -> Int64? {
        guard let text = self[name] else { return nil }
        guard let v = Int64(text) else { throw .illegalNumber(name) }
        return v
    }

    /// -1104 when a parameter was sent that the endpoint does not read.
    func checkAllRead(_ known: Set<String>) throws(APIError) {
        let read = pairs.filter { known.contains($0.0) }.count
        if read < pairs.count { throw .notAllRead(read: read, sent: pairs.count) }
    }
}
