/// Literals and interpolations make `TelegramHTML` as text: escaped. Markup enters only as a
/// `TelegramHTML` value or through the labelled builders (`\(bold: x)`).
extension TelegramHTML: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self.init(text: value) }

    public init(stringInterpolation: Interpolation) { self.init(markup: stringInterpolation.html) }

    public struct Interpolation: StringInterpolationProtocol {
        var html = ""

        public init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity * 2) }

        /// Even a literal is text: a `<` typed in source cannot open a tag by mistake.
        public mutating func appendLiteral(_ literal: String) { html += TelegramHTML.escape(literal) }

        public mutating func appendInterpolation(_ markup: TelegramHTML) { html += markup.html }

        public mutating func appendInterpolation<T>(_ value: T) { html += TelegramHTML.escape(String(describing: value)) }

        public mutating func appendInterpolation<T>(bold value: T) { html += TelegramHTML.bold(String(describing: value)).html }

        public mutating func appendInterpolation<T>(italic value: T) { html += TelegramHTML.italic(String(describing: value)).html }

        public mutating func appendInterpolation<T>(code value: T) { html += TelegramHTML.code(String(describing: value)).html }
    }
}
