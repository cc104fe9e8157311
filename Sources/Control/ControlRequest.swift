import Commands

/// One request line of the control protocol, checked: `{"id": any, "cmd": "name", "args": {…}}`.
///
/// Parsing is pure (no daemon needed), so transports and the fuzzer share it: whatever the
/// bytes, the answer is a request or a `bad_request` error that names what is wrong.
public struct ControlRequest: Sendable, Equatable {
    /// Echoed in the response; `null` when the request had none.
    public var id: JSONValue
    public var cmd: String
    /// Always an object.
    public var args: JSONValue

    public init(id: JSONValue = .null, cmd: String, args: JSONValue = .object([])) {
        self.id = id
        self.cmd = cmd
        self.args = args
    }

    /// The request in `line` (without its newline), or the error to answer with and the id
    /// to echo in it (`null` when the line is not a JSON object).
    public static func parse(_ line: [UInt8]) -> Result<ControlRequest, RequestError> {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(RequestError(id: .null, error: CommandError("bad_request", "empty line")))
        }
        guard let request = JSONValue.parse(line), case .object = request else {
            return .failure(RequestError(id: .null, error: CommandError("bad_request", "the line is not a JSON object")))
        }
        let id = request["id"] ?? .null
        guard let cmd = request["cmd"]?.stringValue else {
            return .failure(RequestError(id: id, error: CommandError("bad_request", "'cmd' must be a string")))
        }
        let args = request["args"] ?? .object([])
        guard case .object = args else {
            return .failure(RequestError(id: id, error: CommandError("bad_request", "'args' must be an object")))
        }
        return .success(ControlRequest(id: id, cmd: cmd, args: args))
    }

    /// A request that could not be parsed: the id to echo and what to answer.
    public struct RequestError: Error, Sendable {
        public var id: JSONValue
        public var error: CommandError
    }
}
