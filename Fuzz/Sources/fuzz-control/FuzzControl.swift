import Control
import FuzzSupport

/// What a control-socket peer sends: bytes, framed into lines, each parsed as a request.
/// Framing is checked against a model (split at newlines, too-long lines become one
/// `.oversize`) whatever the chunking; parsing must answer every line and print JSON that
/// reads back as the same value, since responses echo the request's id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    // The server's limit, and one short enough that fuzzed inputs reach the oversize path.
    for maxLine in [ControlServer.maxLine, 16] {
        let frames = frame(input, maxLine: maxLine)
        for case .line(let line) in frames where maxLine == ControlServer.maxLine { checkRequest(line) }
    }
    // Whole inputs too: the client side (ControlClient, botctl) parses what the daemon sends
    // with the same parser, and JSON allows newlines between tokens.
    if let v = JSONValue.parse(input) { checkRoundTrip(v) }
    return 0
}

func frame(_ input: [UInt8], maxLine: Int) -> [LineFramer.Frame] {
    var framer = LineFramer(maxLine: maxLine)
    var frames: [LineFramer.Frame] = []
    var chunks = Chunks(of: input)
    var at = 0
    while at < input.count, let n = chunks.next() {
        let end = min(at + n, input.count)
        frames += framer.feed(input[at..<end])
        at = end
    }
    let segments = input.split(separator: 0x0A, omittingEmptySubsequences: false)
    let expected: [LineFramer.Frame] = segments.dropLast().map { $0.count > maxLine ? .oversize : .line(Array($0)) }
    invariant(frames == expected, "frames differ from the model (maxLine \(maxLine)): \(frames.count) vs \(expected.count)")
    invariant(framer.hasPartialLine == !segments.last!.isEmpty, "hasPartialLine is \(framer.hasPartialLine)")
    return frames
}

func checkRequest(_ line: [UInt8]) {
    let json = JSONValue.parse(line)
    if let json { checkRoundTrip(json) }
    switch ControlRequest.parse(line) {
    case .success(let r):
        guard case .object = json else { invariant(false, "accepted a line that is not a JSON object"); return }
        invariant(json?["cmd"]?.stringValue == r.cmd, "cmd '\(r.cmd)' is not the line's")
        guard case .object = r.args else { invariant(false, "args is not an object: \(r.args.text)"); return }
    case .failure(let e):
        invariant(e.error.code == "bad_request", "code \(e.error.code)")
    }
}

/// A parsed value prints as one line (responses echo the id inside one) that parses back to
/// the same value.
func checkRoundTrip(_ v: JSONValue) {
    let text = Array(v.text.utf8)
    invariant(!text.contains { $0 < 0x20 }, "printed JSON has a control byte: \(v.text)")
    guard let again = JSONValue.parse(text) else { invariant(false, "printed JSON does not parse: \(v.text)"); return }
    invariant(again == v, "round trip changed \(v.text) into \(again.text)")
}
