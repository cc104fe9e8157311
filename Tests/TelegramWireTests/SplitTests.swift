import TelegramWire
import Testing

/// Long text into messages Telegram takes: each chunk at most the limit in visible UTF-16
/// units, valid HTML on its own, and all of them together the original text.
struct SplitTests {
    /// Every chunk valid and within `limit`, and the visible texts together the original's.
    static func checkChunks(_ chunks: [String], of html: String, limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        var joined = ""
        for (i, c) in chunks.enumerated() {
            do {
                joined += try HTMLChecker.check(c)
            } catch {
                Issue.record("chunk \(i): \(error)", sourceLocation: sourceLocation)
            }
            let n = TelegramText.visibleLength(c)
            #expect(n > 0 && n <= limit, "chunk \(i) has \(n) units", sourceLocation: sourceLocation)
        }
        #expect(joined == TelegramText.visibleText(html), sourceLocation: sourceLocation)
    }

    @Test func tenThousandCharactersWithAPreAcrossTheCut() throws {
        var html = TelegramHTML.bold("Daily report <all bots>").html + "\n"
        var lines: [String] = []
        for i in 0..<40 { lines.append("Bot rsi-\(i): filled 0.0\(i) BTC @ 64,000 & fee 0.1% 한국어 😀") }
        html += lines.map(TelegramHTML.escape).joined(separator: "\n") + "\n"
        html += TelegramHTML.pre((0..<160).map { "2026-11-22T10:\($0 % 60): order \($0) <filled> qty=\($0)" }.joined(separator: "\n"), language: "text").html
        html += "\n" + lines.map(TelegramHTML.escape).joined(separator: "\n")
        let visible = TelegramText.visibleLength(html)
        #expect(visible > 10_000)

        let chunks = TelegramText.split(html)
        #expect(chunks.count == 3 || chunks.count == 4)
        Self.checkChunks(chunks, of: html, limit: 4096)
        // The block was cut and reopened with its language.
        let reopened = chunks.dropFirst().filter { $0.hasPrefix("<pre><code class=\"language-text\">") }
        #expect(!reopened.isEmpty)
        // Cuts fall at line ends.
        for c in chunks.dropLast() { #expect(TelegramText.visibleText(c).hasSuffix("\n")) }
    }

    @Test func anEmojiAtTheLimitIsNotSplit() {
        let html = String(repeating: "a", count: 4095) + "😀" + String(repeating: "b", count: 10)
        let chunks = TelegramText.split(html)
        #expect(chunks == [String(repeating: "a", count: 4095), "😀" + String(repeating: "b", count: 10)])
        // A family emoji is one character of 8 units: it moves whole.
        let family = "👨‍👩‍👧"
        let c2 = TelegramText.split(String(repeating: "x", count: 4090) + family, limit: 4096)
        #expect(c2 == [String(repeating: "x", count: 4090), family])
    }

    @Test func entitiesAreNotSplit() {
        let html = String(repeating: "&amp;&lt;&#128512;", count: 1500)  // 4 units each group
        let chunks = TelegramText.split(html, limit: 4095)
        Self.checkChunks(chunks, of: html, limit: 4095)
        #expect(chunks.count == 2)
    }

    @Test func tagsOpenAtTheCutAreClosedAndReopened() {
        let html = "<b>bold <a href=\"https://x.io/?a=1&amp;b=2\">" + String(repeating: "link ", count: 30) + "</a> tail</b> after"
        let chunks = TelegramText.split(html, limit: 50)
        Self.checkChunks(chunks, of: html, limit: 50)
        #expect(chunks.count > 3)
        #expect(chunks[1].hasPrefix("<b><a href=\"https://x.io/?a=1&amp;b=2\">") && chunks[1].hasSuffix("</a></b>"))
        // A hard cut right after an opening tag leaves no empty element behind.
        let hard = TelegramText.split("aaaa<b>bbbb</b>", limit: 4)
        #expect(hard == ["aaaa", "<b>bbbb</b>"])
        let tail = TelegramText.split("aaaa<i></i>", limit: 4)
        #expect(tail == ["aaaa<i></i>"])
    }

    @Test func aCharacterWiderThanTheLimitGoesByScalars() throws {
        let zalgo = "e" + String(repeating: "\u{301}", count: 10)  // one character, 11 units
        let chunks = TelegramText.split("ab" + zalgo + "😀", limit: 4)
        Self.checkChunks(chunks, of: "ab" + zalgo + "😀", limit: 4)
        #expect(chunks.count == 4 && chunks.last == "\u{301}😀")  // 2 + 11 + 2 units in fours
    }

    @Test func everyChunkIsASendableMessage() throws {
        let html = (0..<300).map { TelegramHTML.bold("#\($0)").html + " " + TelegramHTML.escape("<체결> & 😀 line") }.joined(separator: "\n")
        for chunk in TelegramText.split(html) { _ = try TelegramAPI.sendMessage(chatID: 1, text: chunk) }
        #expect(TelegramText.split(html).count == 2)
    }

    @Test func shortAndEmpty() {
        #expect(TelegramText.split("<b>hi</b>") == ["<b>hi</b>"])
        #expect(TelegramText.split("") == [] && TelegramText.split("<b></b>") == [])
        #expect(TelegramText.split("한국어 텍스트", limit: 4) == ["한국어 ", "텍스트"])
    }

    /// Random documents from the builders, random limits: the invariants always hold.
    @Test func randomDocuments() {
        var rng = SeededRandom(seed: 0x7E1E_6A4D)
        let words = ["a", "bb", "한국", "😀", "👨‍👩‍👧", "<x>", "&", "\"q\"", "é", "e\u{301}", "BTC-USDT", "0.5"]
        for round in 0..<300 {
            var doc = TelegramHTML(text: "")
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                var text = (0..<Int.random(in: 1...8, using: &rng)).map { _ in words.randomElement(using: &rng)! }
                    .joined(separator: Bool.random(using: &rng) ? " " : "")
                if Int.random(in: 0..<6, using: &rng) == 0 { text += "\n" }
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: doc += .bold(text)
                case 1: doc += .bold(.italic(text))
                case 2: doc += .pre(text + "\n" + text, language: Bool.random(using: &rng) ? "swift" : nil)
                case 3: doc += .link(text, url: "https://x.io/?q=\(round)&r=\"1\"")
                case 4: doc += .code(text)
                default: doc += TelegramHTML(text: text)
                }
            }
            let limit = Int.random(in: 2...120, using: &rng)
            let chunks = TelegramText.split(doc.html, limit: limit)
            Self.checkChunks(chunks, of: doc.html, limit: limit)
        }
    }
}
