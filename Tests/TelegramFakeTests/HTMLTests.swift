import FakeKit
import Foundation
import TelegramFake
import Testing

/// parse_mode HTML read as Telegram reads it: the supported tags and attributes, nesting,
/// entities; every refusal is "Bad Request: can't parse entities: …" naming the problem and
/// its byte offset.
struct HTMLTests {
    static let accepted: [(html: String, plain: String)] = [
        ("<b>BTC</b> &lt;up&gt; &amp; &quot;x&quot; &#x1F680; &#65;", "BTC <up> & \"x\" 🚀 A"),
        ("<strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>", "sieunskd"),
        ("<b>bold <i>both <u>all</u></i></b> <tg-spoiler>x</tg-spoiler> <span class=\"tg-spoiler\">y</span>", "bold both all x y"),
        ("<a href=\"https://x.org/?a=1&b=2\">link</a> <a href='https://y.org'>y</a>", "link y"),
        ("<pre><code class=\"language-swift\">let a = 1 &lt; 2</code></pre>", "let a = 1 < 2"),
        ("<blockquote expandable>quote</blockquote><blockquote>q</blockquote>", "quoteq"),
        ("<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>", "👍"),
        ("<B>upper start tag</b>", "upper start tag"),
        ("<b >spaced</b > a > b", "spaced a > b"),
        ("<b>closed by</>", "closed by"),
    ]

    @Test(arguments: accepted)
    func telegramsTagsAndEntitiesAreAccepted(_ c: (html: String, plain: String)) async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let r = try await bot.send(alice.id, c.html)
            #expect(r.status == 200 && r.result?.s("text") == c.plain, "\(r.text)")
            #expect(bot.fake.sent.last?.plainText == c.plain && bot.fake.sent.last?.text == c.html && bot.fake.sent.last?.parseMode == "HTML")
        }
    }

    static let refused: [(html: String, says: String)] = [
        ("x <foo>y</foo>", "Unsupported start tag \"foo\" at byte offset 2"),
        ("price <script>", "Unsupported start tag \"script\" at byte offset 6"),
        ("a < b", "Unsupported start tag \"\" at byte offset 2"),
        ("1 <b", "Unclosed start tag at byte offset 2"),
        ("<b>x</i>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\""),
        ("<b><i>x</b></i>", "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\""),
        ("<B>x</B>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</B>\""),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<b>open", "Can't find end tag corresponding to start tag \"b\""),
        ("<span>x</span>", "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0"),
        ("<a>x</a>", "Tag \"a\" must have attribute \"href\" at byte offset 0"),
        ("<a href>x</a>", "Expected equal sign in declaration of an attribute of the tag \"a\" at byte offset 0"),
        ("<b =x>y</b>", "Empty attribute name in the tag \"b\" at byte offset 0"),
        ("<a href=x\"y>z</a>", "Unexpected end of name token at byte offset 8"),
        ("<a href=\"x>z</a>", "Unclosed start tag at byte offset 0"),
        ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        ("AT&T", "Character '&' is reserved and must be escaped as \"&amp;\" at byte offset 2"),
        ("1 &lt 2", "Character '&' is reserved and must be escaped as \"&amp;\" at byte offset 2"),
        ("x &nbsp; y", "Unsupported HTML entity \"&nbsp;\" at byte offset 2"),
        ("&#0;", "Unsupported HTML entity \"&#0;\" at byte offset 0"),
        ("&#xD800;", "Unsupported HTML entity \"&#xD800;\" at byte offset 0"),
        ("é <x>", "Unsupported start tag \"x\" at byte offset 3"),
    ]

    @Test(arguments: refused)
    func badMarkupIsRefusedWithWhereItIs(_ c: (html: String, says: String)) async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let r = try await bot.send(alice.id, c.html)
            #expect(r.status == 400 && r.description == "Bad Request: can't parse entities: " + c.says, "\(c.html): \(r.text)")
            #expect(bot.fake.sent.isEmpty && bot.fake.counters.badRequests == 1)
        }
    }

    @Test func withoutParseModeMarkupIsText() async throws {
        try await withFake { (bot: Bot) async throws in
            bot.fake.addChat(.privateChat(of: alice))
            let r = try await bot.call("sendMessage", [("chat_id", "111"), ("text", JSONText("<foo> & AT&T"))])
            #expect(r.status == 200 && r.result?.s("text") == "<foo> & AT&T")
            let odd = try await bot.call("sendMessage", [("chat_id", "111"), ("text", "\"x\""), ("parse_mode", "\"BBCode\"")])
            #expect(odd.status == 400 && odd.description == "Bad Request: unsupported parse_mode")
        }
    }
}
