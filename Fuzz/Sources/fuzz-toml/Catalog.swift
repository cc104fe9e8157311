import BotCore
import Foundation

/// The shipped instrument catalog, read once, so fuzzed bot files that name a real
/// instrument get past it into the strategy and risk readers.
let catalog: InstrumentCatalog = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let file = root.appendingPathComponent("data/instruments.toml").path
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fatalError("cannot read \(file)") }
    let diagnostics = Diagnostics()
    let catalog = InstrumentCatalog.parse(text, file: file, diagnostics: diagnostics)
    guard !diagnostics.hasErrors, !catalog.instruments.isEmpty else { fatalError("\(file): \(diagnostics.errors)") }
    return catalog
}()
