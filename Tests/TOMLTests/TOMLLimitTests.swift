import Testing
@testable import TOML

/// The error `doc` must raise; records an issue (and returns a blank error) if it parses.
func parseError(_ doc: String, limits: TOMLLimits = .standard,
                sourceLocation: SourceLocation = #_sourceLocation) -> TOMLSyntaxError {
    do {
        _ = try TOMLParser.parse(bytes: Array(doc.utf8), limits: limits)
        Issue.record("expected an error", sourceLocation: sourceLocation)
    } catch {
        return error
    }
    return TOMLSyntaxError(line: 0, column: 0, message: "")
}

/// How deep the tables and arrays of `v` nest, counted as `TOMLLimits.maxDepth` counts.
func depth(_ v: TOMLValue) -> Int {
    switch v {
    case .array(let items): 1 + (items.map(depth).max() ?? 0)
    case .table(let t): 1 + depth(t)
    case .string, .number, .bool: 0
    }
}
func depth(_ t: TOMLTable) -> Int { t.keys.compactMap { t[$0].map(depth) }.max() ?? 0 }

func repeated(_ s: String, _ n: Int, separator: String = "") -> String {
    Array(repeating: s, count: n).joined(separator: separator)
}

struct TOMLLimitTests {
    let max = TOMLLimits.standard.maxDepth

    /// Forty thousand levels overflowed the stack, while parsing and again while freeing the
    /// value; now the limit is checked before each level is entered, closed or not.
    @Test(arguments: [
        "zz = " + repeated("[", 40_000) + repeated("]", 40_000),
        "zz = " + repeated("[", 40_000),
        "a = " + repeated("{b = ", 40_000) + "1" + repeated("}", 40_000),
        "a = " + repeated("[{b = ", 20_000),
    ])
    func deepValuesAreRefused(doc: String) {
        let e = parseError(doc)
        #expect(e.line == 1)
        #expect(e.message.contains("more than 64 levels deep"), "\(e)")
    }

    /// Table names, dotted keys and arrays count together: a value may sit no deeper.
    @Test func depthCountsHeadersDottedKeysAndArraysTogether() throws {
        func doc(arrays: Int) -> String {
            "[" + repeated("h", 20, separator: ".") + "]\n" + repeated("k", 20, separator: ".") + " = "
                + repeated("[", arrays) + repeated("]", arrays)
        }
        let deepest = try TOMLParser.parse(doc(arrays: max - 39))
        #expect(depth(deepest) == max)
        #expect(deepest == deepest)  // comparing recurses too
        #expect(parseError(doc(arrays: max - 38)).message.contains("levels deep"))

        let inline = "a = " + repeated("{b = ", max - 1) + "{}" + repeated("}", max - 1)
        #expect(depth(try TOMLParser.parse(inline)) == max)
        #expect(parseError("x." + inline).message.contains("levels deep"))
    }

    /// `[[a]]` is an array holding tables: two levels per part.
    @Test func arraysOfTablesCountTwoLevels() throws {
        func doc(_ n: Int) -> String { (1...n).map { "[[" + repeated("a", $0, separator: ".") + "]]\n" }.joined() }
        #expect(depth(try TOMLParser.parse(doc(max / 2))) == max)
        let e = parseError(doc(max / 2 + 1))
        #expect(e.line == max / 2 + 1 && e.message.contains("levels deep"), "\(e)")
    }

    /// A 40,000-part name took over a minute (copies at every level); it is refused at the
    /// 65th part, and the 64 parts allowed are a table 64 deep.
    @Test func longNamesAreRefused() throws {
        let e = parseError("[" + repeated("k", 40_000, separator: ".") + "]\nx = 1")
        #expect(e.line == 1 && e.message.contains("more than 64 parts"), "\(e)")
        #expect(depth(try TOMLParser.parse("[" + repeated("k", max, separator: ".") + "]")) == max)
        #expect(parseError(repeated("k", max + 1, separator: ".") + " = 1").message.contains("64 parts"))
        #expect(parseError("a = { " + repeated("'k'", max + 1, separator: ".") + " = 1 }").message.contains("64 parts"))
        // A name within the part limit still may not reach below the depth limit.
        #expect(parseError("[a.b]\n" + repeated("k", max, separator: ".") + " = 1").message.contains("levels deep"))
    }

    @Test func longKeysAndStringsAreRefused() throws {
        let key = String(repeating: "k", count: TOMLLimits.standard.maxKeyBytes)
        #expect(try TOMLParser.parse("\(key) = 1\nt.'\(key)' = 2")[key] == .number("1"))
        for doc in ["\(key)k = 1", "[a.'\(key)k']", "a = { \"\(key)k\" = 1 }"] {
            let e = parseError(doc)
            #expect(e.line == 1 && e.message.contains("limit of 1024 bytes"), "\(e)")
        }
    }

    /// Strings, items and the input are bounded in megabytes: checked here with small limits.
    @Test func stringsAreBounded() throws {
        let limits = TOMLLimits(maxStringBytes: 16)
        let text = String(repeating: "é", count: 8)
        for doc in ["s = '\(text)'", "s = \"\(text)\"", "s = '''\n\(text)'''", "s = \"\"\"\\\n  \(text)\"\"\""] {
            #expect(try TOMLParser.parse(bytes: Array(doc.utf8), limits: limits)["s"] == .string(text), "\(doc)")
        }
        for doc in ["s = 'x\(text)'", "s = '''\nx\(text)'''", "s = \"\(text)\\n\"", "s = \"\"\"\(text)x\"\"\""] {
            let e = parseError(doc, limits: limits)
            #expect(e.line == 1 && e.message == "a string longer than the limit of 16 bytes in the value of 's' (column 5)", "\(e)")
        }
    }

    @Test func itemsAndInputSizeAreBounded() throws {
        let limits = TOMLLimits(maxInputBytes: 40, maxItems: 10)
        let nine = "a = [" + repeated("0", 9, separator: ",") + "]"
        #expect(try TOMLParser.parse(bytes: Array(nine.utf8), limits: limits)["a"] != nil)
        let e = parseError(nine + "\n[b]", limits: limits)
        #expect(e.line == 2 && e.message.contains("more than 10 values and tables, the limit"), "\(e)")
        #expect(parseError("a = [" + repeated("0", 10, separator: ",") + "]", limits: limits).message.contains("more than 10"))

        let full = String(repeating: " ", count: 40)
        #expect(try TOMLParser.parse(bytes: Array(full.utf8), limits: limits) == TOMLTable(line: 1))
        #expect(parseError(full + " ", limits: limits).message == "the file is larger than the limit of 40 bytes")
        let big = [UInt8](repeating: 0x20, count: TOMLLimits.standard.maxInputBytes + 1)
        #expect(throws: TOMLSyntaxError.self) { try TOMLParser.parse(bytes: big) }
    }
}
