/// OKX's two answer shapes: the API's envelope and its gateway's.
extension RESTResponse {
    /// `{"code":"0","msg":"","data":[…]}`, with extra top-level fields after `data`.
    static func ok(_ data: [JSON], extra: [(String, JSON)] = []) -> RESTResponse {
        RESTResponse(status: 200, body: JSON.object([("code", "0"), ("msg", ""), ("data", .array(data))] + extra).text)
    }

    /// An error from the API layer: `{"code":…,"msg":…,"data":[]}`.
    static func error(_ e: OKXError, status: Int? = nil) -> RESTResponse {
        RESTResponse(status: status ?? e.httpStatus,
                     body: JSON.object([("code", .string(e.code)), ("msg", .string(e.msg)), ("data", .array([]))]).text)
    }

    /// An error from OKX's gateway (authentication, rate limits): `{"msg":…,"code":…}`, no data.
    static func gateway(_ e: OKXError, status: Int? = nil) -> RESTResponse {
        RESTResponse(status: status ?? e.httpStatus,
                     body: JSON.object([("msg", .string(e.msg)), ("code", .string(e.code))]).text)
    }
}
