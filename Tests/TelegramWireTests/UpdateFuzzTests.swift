import Foundation
import TelegramWire
import Testing

/// Thousands of mutated updates (a fixed seed, so a failure replays) through the decoder and
/// everything that reads a decoded message: each one decodes or throws a named error, never
/// crashes, and decodes the same way twice.
struct UpdateFuzzTests {
    static let seeds = [
        Fixtures.docsUpdate, Fixtures.callbackUpdate,
        #"{"update_id":7,"message":{"message_id":1,"date":2,"chat":{"id":-100,"type":"supergroup"},"from":{"id":3,"is_bot":false,"first_name":"한"},"text":"/tp@mybot 😀 &lt;b&gt; <b>x","entities":[{"type":"bot_command","offset":0,"length":9},{"type":"bold","offset":10,"length":2}]}}"#,
        #"{"update_id":8,"my_chat_member":{"chat":{"id":1,"type":"private"},"from":{"id":1,"first_name":"a"},"date":1,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}"#,
    ]
    static let fragments = [#"{"#, "}", "[", "]", ",", ":", #"""#, "null", "-1", "1e400", "9223372036854775808", "true", #""x""#,
                            #"\u0000"#, #"\ud83d"#, "😀", "{\"update_id\":", "\"message\":", "\"entities\":[{\"type\":\"bot_command\",\"offset\":-3,\"length\":99}]"]

    static func mutate(_ s: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = s
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { break }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b.remove(at: i)
            case 2: b.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: i)
            case 3: b = Array(b[..<i])
            case 4:  // a number replaced by an extreme one
                if let d = b[i...].firstIndex(where: { (48...57).contains($0) }) {
                    let end = b[d...].firstIndex(where: { !(48...57).contains($0) }) ?? b.count
                    b.replaceSubrange(d..<end, with: Array(["0", "-5", "99999999999999999999", "1.5", "\"7\""].randomElement(using: &rng)!.utf8))
                }
            default:  // a slice of itself elsewhere
                let j = Int.random(in: i..<b.count, using: &rng)
                b.insert(contentsOf: b[i...j], at: Int.random(in: 0...b.count, using: &rng))
            }
        }
        return b
    }

    @Test func mutatedUpdatesNeverCrash() {
        var rng = SeededRandom(seed: 20_261_122)
        var decoded = 0, refused = 0
        for round in 0..<4_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let bytes = Self.mutate(seed, &rng)
            let first = try? JSONDecoder().decode(TelegramUpdate.self, from: Data(bytes))
            #expect(first == (try? JSONDecoder().decode(TelegramUpdate.self, from: Data(bytes))), "round \(round)")
            if let u = first {
                decoded += 1
                Self.exercise(u)
            }
            // Through the envelope, as getUpdates reads it.
            let body = Array(#"{"ok":true,"result":["#.utf8) + bytes + Array("]}".utf8)
            do {
                _ = try TelegramResponse.decode([TelegramUpdate].self, status: 200, body: body)
            } catch {
                refused += 1
                switch error {
                case .malformed: break
                default: Issue.record("round \(round): \(error)")
                }
            }
        }
        // Both paths were taken: the mutations were neither all harmless nor all fatal.
        #expect(decoded > 400 && refused > 400, "decoded \(decoded), refused \(refused)")
    }

    /// What the chat transport does with a message: commands, entities, measuring, splitting.
    static func exercise(_ u: TelegramUpdate) {
        var messages: [TelegramMessage] = []
        switch u.payload {
        case .message(let m), .editedMessage(let m): messages.append(m)
        case .callbackQuery(let q): if let m = q.message { messages.append(m) }
        default: break
        }
        for m in messages {
            _ = TelegramCommand.parse(m, botUsername: "mybot")
            guard let text = m.text else { continue }
            for e in m.entities { _ = e.text(in: text) }
            let chunks = TelegramText.split(text, limit: 16)
            #expect(chunks.allSatisfy { TelegramText.visibleLength($0) <= 16 })
            #expect(chunks.map(TelegramText.visibleText).joined() == TelegramText.visibleText(text) || chunks.isEmpty)
        }
    }
}
