import BotConfig
import BotCore
import BotTestKit
import Foundation
import Testing
import TOML

/// fuzz-toml's seeds and fixed crashes through the config readers, as the fuzz target runs
/// them: a reader accepts exactly when it reports no error, keeps the parser's syntax error,
/// and names lines of the file. (Here rather than in BotCoreTests, which cannot see BotConfig.)
struct FuzzCorpusConfigTests {
    static let catalog: InstrumentCatalog = {
        let file = SharedData.packageRoot.appendingPathComponent("data/instruments.toml").path
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return InstrumentCatalog.parse(text, file: file, diagnostics: Diagnostics())
    }()

    @Test(arguments: FuzzCorpus.files("fuzz-toml"))
    func configReaders(_ file: URL) throws {
        let text = String(decoding: try FuzzCorpus.bytes(file), as: UTF8.self)
        let lines = text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        var syntax: TOMLSyntaxError?
        do throws(TOMLSyntaxError) { _ = try TOMLParser.parse(text) } catch { syntax = error }

        func check(_ reader: String, accepted: Bool, _ d: Diagnostics) {
            #expect(accepted != d.hasErrors, "\(reader): \(d.errors)")
            for issue in d.issues { #expect((0...lines).contains(issue.line), "\(reader): \(issue) is past line \(lines)") }
            if let syntax {
                #expect(d.errors.contains { $0.line == syntax.line && $0.message == syntax.message }, "\(reader) lost \(syntax)")
            }
        }
        let d1 = Diagnostics()
        check("runtime.toml", accepted: RuntimeConfig.parse(text, file: "runtime.toml", diagnostics: d1) != nil, d1)
        let d2 = Diagnostics()
        check("bot file", accepted: BotSpec.parse(text, file: "bot.toml", catalog: Self.catalog, diagnostics: d2) != nil, d2)
    }

    /// The shipped files are seeds and must stay valid, or the replay would only test errors.
    @Test func shippedSeedsAreAccepted() throws {
        #expect(Self.catalog.instruments.count >= 5)
        let dir = FuzzCorpus.folder.appendingPathComponent("Corpus/fuzz-toml")
        let d = Diagnostics()
        let runtime = try String(contentsOf: dir.appendingPathComponent("runtime.toml"), encoding: .utf8)
        #expect(RuntimeConfig.parse(runtime, file: "runtime.toml", diagnostics: d) != nil, "\(d.errors)")
        let bot = try String(contentsOf: dir.appendingPathComponent("bot-rsi-cross-btc.toml"), encoding: .utf8)
        #expect(BotSpec.parse(bot, file: "bot.toml", catalog: Self.catalog, diagnostics: d) != nil, "\(d.errors)")
    }
}
