/// Telegram HTML that is safe to send: every piece of text in it was escaped on the way in,
/// and tags come only from the builders here, balanced. A literal and anything interpolated
/// are text, escaped; only another `TelegramHTML` goes in as markup:
///
///     let m: TelegramHTML = "Bot \(bold: botID) filled \(qty) @ \(price)"
///
/// so user text (a bot name, an exchange's message) can never open a tag.
public struct TelegramHTML: Hashable, Sendable, CustomStringConvertible {
    /// The markup, ready for `sendMessage(parseMode: .html)`.
    public private(set) var html: String

    /// Plain text, escaped.
    public init(text: String) { html = Self.escape(text) }

    init(markup: String) { html = markup }

    public var description: String { html }

    /// `&`, `<` and `>` as `&amp;` `&lt;` `&gt;`: all Telegram asks of text outside tags.
    /// Everything else, Korean and emoji included, is left as it is.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `escape` plus `"` as `&quot;`, for a value inside `attr="…"`.
    public static func escapeAttribute(_ text: String) -> String {
        escape(text).replacing("\"", with: "&quot;")
    }

    public static func + (a: TelegramHTML, b: TelegramHTML) -> TelegramHTML { TelegramHTML(markup: a.html + b.html) }
    public static func += (a: inout TelegramHTML, b: TelegramHTML) { a.html += b.html }

    public var isEmpty: Bool { html.isEmpty }

    // The builders: each takes text (escaped) or markup (nested as it is).

    public static func bold(_ content: TelegramHTML) -> TelegramHTML { wrap("b", content) }
    public static func bold(_ text: String) -> TelegramHTML { wrap("b", TelegramHTML(text: text)) }
    public static func italic(_ content: TelegramHTML) -> TelegramHTML { wrap("i", content) }
    public static func italic(_ text: String) -> TelegramHTML { wrap("i", TelegramHTML(text: text)) }

    /// Monospace inline text. Telegram allows no markup inside, so it takes text only.
    public static func code(_ text: String) -> TelegramHTML { wrap("code", TelegramHTML(text: text)) }

    /// A monospace block; with a language, `<pre><code class="language-x">` for highlighting.
    public static func pre(_ text: String, language: String? = nil) -> TelegramHTML {
        let body = TelegramHTML(text: text)
        guard let language, !language.isEmpty else { return wrap("pre", body) }
        let codeTag = "<code class=\"language-" + escapeAttribute(language) + "\">"
        return TelegramHTML(markup: "<pre>" + codeTag + body.html + "</code></pre>")
    }

    /// `<a href="url">text</a>`, the URL escaped as an attribute value.
    public static func link(_ text: TelegramHTML, url: String) -> TelegramHTML {
        TelegramHTML(markup: "<a href=\"" + escapeAttribute(url) + "\">" + text.html + "</a>")
    }

    public static func link(_ text: String, url: String) -> TelegramHTML { link(TelegramHTML(text: text), url: url) }

    private static func wrap(_ tag: String, _ content: TelegramHTML) -> TelegramHTML {
        TelegramHTML(markup: "<\(tag)>" + content.html + "</\(tag)>")
    }
}

extension Sequence where Element == TelegramHTML {
    /// The parts one after another, `separator` (text, escaped) between them.
    public func joined(separator: String = "") -> TelegramHTML {
        TelegramHTML(markup: map(\.html).joined(separator: TelegramHTML.escape(separator)))
    }
}
