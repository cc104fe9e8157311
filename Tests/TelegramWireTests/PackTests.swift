import TelegramWire
import Testing

/// A burst of notifications in as few messages as fit: in order, each exactly once.
struct PackTests {
    @Test func fiveHundredPartsEachOnceInOrder() {
        let parts = (0..<500).map { i in
            (TelegramHTML.bold("rsi-\(i)") + TelegramHTML(text: " filled \(i % 7).5 BTC @ 64,\(i)00 <market> 한국 😀")).html
        }
        let chunks = TelegramText.pack(parts)
        #expect(chunks.flatMap { $0.components(separatedBy: "\n\n") } == parts)
        for c in chunks { #expect(TelegramText.visibleLength(c) <= 4096) }
        // As few as fit: no chunk could have taken the next chunk's first part.
        for (a, b) in zip(chunks, chunks.dropFirst()) {
            let first = b.components(separatedBy: "\n\n")[0]
            #expect(TelegramText.visibleLength(a) + 2 + TelegramText.visibleLength(first) > 4096)
        }
        let total = parts.map(TelegramText.visibleLength).reduce(0, +) + 2 * (parts.count - 1)
        #expect(chunks.count == (total + 4095) / 4096 || chunks.count == (total + 4095) / 4096 + 1)
    }

    @Test func anOversizedPartIsSplitAndEmptyOnesLeftOut() {
        let long = String(repeating: "word ", count: 30)  // 150 units
        let chunks = TelegramText.pack(["first", "", "<b></b>", long, "last"], limit: 60)
        #expect(chunks.first == "first")
        #expect(chunks.last?.hasSuffix("\n\nlast") == true)
        #expect(chunks.dropFirst().map(TelegramText.visibleText).joined() == long + "\n\nlast")
        for c in chunks { #expect(TelegramText.visibleLength(c) <= 60) }
        #expect(TelegramText.pack([]) == [] && TelegramText.pack(["", " "]) == [" "])
    }
}
