import BotTestKit
import Commands
import Control
import Foundation
import Testing

/// fuzz-control's seeds and fixed crashes, replayed without instrumentation with the fuzz
/// target's invariants: framing matches the model whatever the chunking, every line gets a
/// request or a bad_request, and parsed JSON prints as one line that reads back the same.
struct FuzzCorpusControlTests {
    /// Split at newlines; a line past the limit is one `.oversize`.
    static func model(_ input: [UInt8], maxLine: Int) -> [LineFramer.Frame] {
        input.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
            .map { $0.count > maxLine ? .oversize : .line(Array($0)) }
    }

    static func frames(_ input: [UInt8], maxLine: Int, chunk: Int) -> (frames: [LineFramer.Frame], partial: Bool) {
        var framer = LineFramer(maxLine: maxLine)
        var frames: [LineFramer.Frame] = []
        var at = 0
        while at < input.count {
            let end = min(at + chunk, input.count)
            frames += framer.feed(input[at..<end])
            at = end
        }
        return (frames, framer.hasPartialLine)
    }

    static func checkFraming(_ input: [UInt8], maxLine: Int) {
        let expected = model(input, maxLine: maxLine)
        let partial = input.last.map { $0 != 0x0A } ?? false
        for chunk in [1, 2, 3, 7, 64, 8192, max(input.count, 1)] {
            let got = frames(input, maxLine: maxLine, chunk: chunk)
            #expect(got.frames == expected, "maxLine \(maxLine), chunks of \(chunk)")
            #expect(got.partial == partial, "maxLine \(maxLine), chunks of \(chunk)")
        }
    }

    static func checkRoundTrip(_ v: JSONValue) {
        let text = Array(v.text.utf8)
        #expect(!text.contains { $0 < 0x20 }, "\(v.text)")
        #expect(JSONValue.parse(text) == v, "\(v.text)")
    }

    @Test(arguments: FuzzCorpus.files("fuzz-control"))
    func replay(_ file: URL) throws {
        let input = try FuzzCorpus.bytes(file)
        for maxLine in [ControlServer.maxLine, 16] { Self.checkFraming(input, maxLine: maxLine) }
        for case .line(let line) in Self.model(input, maxLine: ControlServer.maxLine) {
            let json = JSONValue.parse(line)
            if let json { Self.checkRoundTrip(json) }
            switch ControlRequest.parse(line) {
            case .success(let r):
                #expect(json?["cmd"]?.stringValue == r.cmd)
                if case .object = r.args {} else { Issue.record("args is not an object: \(r.args.text)") }
            case .failure(let e):
                #expect(e.error.code == "bad_request")
            }
        }
        if let v = JSONValue.parse(input) { Self.checkRoundTrip(v) }
    }

    /// The seeds stay short (libFuzzer's input length follows them), so the server's own
    /// limit is checked here: a line of exactly maxLine bytes passes, one more is oversize.
    @Test func serverLimit() {
        let max = ControlServer.maxLine
        let input = [UInt8](repeating: 0x61, count: max) + [0x0A] + [UInt8](repeating: 0x62, count: max + 1) + [0x0A]
        Self.checkFraming(input, maxLine: max)
        #expect(Self.frames(input, maxLine: max, chunk: 4096).frames.last == .oversize)
    }

    @Test func everyCommandHasASeed() throws {
        let files = FuzzCorpus.files("fuzz-control")
        for cmd in Command.Name.allCases.map(\.rawValue) {
            let seed = try #require(files.first { $0.lastPathComponent == "cmd-\(cmd).jsonl" }, "no seed for \(cmd)")
            let line = Array(try FuzzCorpus.bytes(seed).dropLast())
            guard case .success(let r) = ControlRequest.parse(line) else { Issue.record("\(cmd) seed does not parse"); continue }
            #expect(r.cmd == cmd)
        }
    }
}
