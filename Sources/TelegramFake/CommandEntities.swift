import FakeKit

/// The bot_command entities Telegram puts on a user's message: `/` then 1–64 of
/// `A-Z a-z 0-9 _`, optionally `@` and a bot's username (3–32 of the same), where the `/`
/// starts the text or follows something other than a letter, digit, `_` or `/`, and no `/`
/// follows. Offsets and lengths in UTF-16 units, as the Bot API counts them.
enum CommandEntities {
    static func find(in text: String) -> [JSON] {
        let u = Array(text.utf16)
        var found: [JSON] = []
        var k = 0
        while k < u.count {
            defer { k += 1 }
            guard u[k] == slash, k == 0 || !(isWord(u[k - 1]) || u[k - 1] == slash) else { continue }
            var end = k + 1
            while end < u.count, isWord(u[end]) { end += 1 }
            guard (1...64).contains(end - k - 1) else { continue }
            if end < u.count, u[end] == at {
                var name = end + 1
                while name < u.count, isWord(u[name]) { name += 1 }
                if (3...32).contains(name - end - 1) { end = name }
            }
            if end < u.count, u[end] == slash { continue }
            found.append(.object([("type", "bot_command"), ("offset", .int(k)), ("length", .int(end - k))]))
            k = end - 1
        }
        return found
    }

    static let slash = UInt16(UInt8(ascii: "/")), at = UInt16(UInt8(ascii: "@"))

    static func isWord(_ c: UInt16) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
    }
}
