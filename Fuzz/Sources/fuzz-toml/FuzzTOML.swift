import BotConfig
import BotCore
import FuzzSupport
import TOML

/// Config files are written by users: any text must give a table or a syntax error, and each
/// reader built on the table (runtime.toml, bot files, the instrument catalog) must give a
/// value or say why not, at a line of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let lines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    var syntax: TOMLSyntaxError?
    do throws(TOMLSyntaxError) { _ = try TOMLParser.parse(bytes: input) } catch { syntax = error }
    if let syntax { invariant((1...lines).contains(syntax.line), "syntax error at line \(syntax.line) of \(lines)") }
    // The readers take text, as botd gives it to them: a file that is not UTF-8 stops before
    // (ConfigSet reports the parser's error for it).
    guard let text = String(validating: input, as: UTF8.self) else {
        invariant(syntax != nil, "bytes that are not UTF-8 parsed")
        return 0
    }

    func check(_ reader: String, accepted: Bool, _ d: Diagnostics) {
        invariant(accepted != d.hasErrors, "\(reader): accepted \(accepted) with errors \(d.errors)")
        for issue in d.issues { invariant((0...lines).contains(issue.line), "\(reader): \(issue) is past line \(lines)") }
        if let syntax {
            invariant(!accepted && d.errors.contains { $0.line == syntax.line && $0.message == syntax.message },
                      "\(reader) lost the syntax error \(syntax)")
        }
    }
    let d1 = Diagnostics()
    check("runtime.toml", accepted: RuntimeConfig.parse(text, file: "runtime.toml", diagnostics: d1) != nil, d1)
    let d2 = Diagnostics()
    check("bot file", accepted: BotSpec.parse(text, file: "bot.toml", catalog: catalog, diagnostics: d2) != nil, d2)
    // The catalog keeps what reads well and reports the rest (no nil to compare with), so for
    // it only the line and syntax-error checks bite.
    let d3 = Diagnostics()
    let parsed = InstrumentCatalog.parse(text, file: "instruments.toml", diagnostics: d3)
    check("catalog", accepted: !d3.hasErrors, d3)
    invariant(syntax == nil || parsed.instruments.isEmpty, "a catalog from text that does not parse")
    return 0
}
