import TelegramWire
import Testing

/// HTML mode (protocols.md §5.3): only `&`, `<` and `>` are escaped in text, `"` too in an
/// attribute; builders and interpolation keep user text from ever becoming markup.
struct HTMLTests {
    @Test func escaping() {
        #expect(TelegramHTML.escape("<script>alert('x')</script>&") == "&lt;script&gt;alert('x')&lt;/script&gt;&amp;")
        #expect(TelegramHTML.escape("비트코인 매수 체결 \"BTC\"") == "비트코인 매수 체결 \"BTC\"")
        #expect(TelegramHTML.escape("🚀👨‍👩‍👧 1.5 (BTC-USDT) +2%!") == "🚀👨‍👩‍👧 1.5 (BTC-USDT) +2%!")
        #expect(TelegramHTML.escape("&amp;") == "&amp;amp;")  // text is text, even when it looks escaped
        #expect(TelegramHTML.escapeAttribute(#"https://x.io/?a=1&b="2"<>"#) == "https://x.io/?a=1&amp;b=&quot;2&quot;&lt;&gt;")
    }

    @Test func builders() {
        #expect(TelegramHTML.bold("<x>").html == "<b>&lt;x&gt;</b>")
        #expect(TelegramHTML.bold(TelegramHTML.italic("a&b")).html == "<b><i>a&amp;b</i></b>")
        #expect(TelegramHTML.code("if a < b").html == "<code>if a &lt; b</code>")
        #expect(TelegramHTML.pre("x <- 1").html == "<pre>x &lt;- 1</pre>")
        #expect(TelegramHTML.pre("let a = 1", language: "swift\"><b>").html
            == "<pre><code class=\"language-swift&quot;&gt;&lt;b&gt;\">let a = 1</code></pre>")
        #expect(TelegramHTML.link("Chart <BTC>", url: "https://x.io/c?s=BTC&t=\"1m\"").html
            == "<a href=\"https://x.io/c?s=BTC&amp;t=&quot;1m&quot;\">Chart &lt;BTC&gt;</a>")
        #expect([TelegramHTML.bold("a"), TelegramHTML(text: "<b>")].joined(separator: " & ").html == "<b>a</b> &amp; &lt;b&gt;")
    }

    @Test func interpolationEscapesEverythingButMarkup() {
        let name = "<b>evil</b> & co"
        let m: TelegramHTML = "Bot \(bold: name) filled \(0.5) BTC <at> \(TelegramHTML.italic("market")) \(code: "a<b")"
        #expect(m.html == "Bot <b>&lt;b&gt;evil&lt;/b&gt; &amp; co</b> filled 0.5 BTC &lt;at&gt; <i>market</i> <code>a&lt;b</code>")
        #expect((try? HTMLChecker.check(m.html)) == "Bot <b>evil</b> & co filled 0.5 BTC <at> market a<b")
        let literal: TelegramHTML = "1 < 2"
        #expect(literal.html == "1 &lt; 2")
    }

    @Test func visibleLengthCountsWhatTelegramCounts() {
        #expect(TelegramText.visibleLength("&amp;") == 1)
        #expect(TelegramText.visibleLength("<b>a</b>") == 1)
        #expect(TelegramText.visibleLength("<a href=\"https://x.io/?a=1&amp;b=2\">ab</a>") == 2)
        #expect(TelegramText.visibleLength("😀") == 2 && TelegramText.visibleLength("&#128512;") == 2 && TelegramText.visibleLength("&#x1F600;") == 2)
        #expect(TelegramText.visibleLength("한국어") == 3)
        #expect(TelegramText.visibleLength("a < b & c") == 9)  // stray characters count as written
        #expect(TelegramText.visibleText("<pre><code class=\"language-x\">a &lt; b</code></pre> &quot;q&quot; &#49;") == "a < b \"q\" 1")
    }
}
