/// A syntax error with its 1-based line and column.
///
/// Messages may quote keys, never values: a value may be a credential, and config errors end
/// up in terminals and logs. Whatever they quote from the file is passed through `shown`, so a
/// file cannot write control characters there either.
public struct TOMLSyntaxError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    /// 1-based, in characters (Unicode scalars) from the start of the line; messages end with
    /// it when it points at something on the line.
    public var column: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// `text` as a message may quote it: backslashes, control and other invisible characters
/// (bidirectional overrides, separators, unassigned code points) escaped as `\u{…}`, and
/// anything past 200 characters cut, so a long key cannot flood a log line.
func shown(_ text: some StringProtocol) -> String {
    var out = ""
    for (n, s) in text.unicodeScalars.enumerated() {
        if n == 200 { out += "…"; break }
        switch s.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            let hex = String(s.value, radix: 16, uppercase: true)
            out += "\\u{" + (hex.count < 2 ? "0" : "") + hex + "}"
        default:
            out += s == "\\" ? "\\\\" : String(s)
        }
    }
    return out
}
