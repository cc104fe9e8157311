import Testing
@testable import TOML

struct TOMLParserTests {
    @Test func parsesTablesKeysAndLines() throws {
        let doc = """
        # comment
        id = "bot-1"   # trailing
        size = 0.001
        count = 1_000
        on = true

        [params]
        levels = [1, 2,
          3]
        name.first = 'lit\\eral'
        inline = { a = 1, b = "x" }

        [[instrument]]
        symbol = "A"
        [[instrument]]
        symbol = "B"
        """
        let t = try TOMLParser.parse(doc)
        #expect(t["id"] == .string("bot-1"))
        #expect(t.line(of: "id") == 2)
        #expect(t["size"] == .number("0.001"))
        #expect(t["count"] == .number("1000"))
        #expect(t["on"] == .bool(true))
        guard case .table(let p)? = t["params"] else { Issue.record("no params"); return }
        #expect(p.line(of: "levels") == 8)
        #expect(p["levels"] == .array([.number("1"), .number("2"), .number("3")]))
        guard case .table(let name)? = p["name"] else { Issue.record("no dotted table"); return }
        #expect(name["first"] == .string("lit\\eral"))
        #expect(p.line(of: "name") == 10)
        guard case .table(let inline)? = p["inline"] else { Issue.record("no inline"); return }
        #expect(inline["b"] == .string("x"))
        guard case .array(let inst)? = t["instrument"], inst.count == 2, case .table(let second) = inst[1] else {
            Issue.record("array of tables"); return
        }
        #expect(second["symbol"] == .string("B"))
        #expect(second.line(of: "symbol") == 16)
    }

    @Test func basicStringEscapes() throws {
        let t = try TOMLParser.parse(#"s = "a\"b\\c\n\u00e9""#)
        #expect(t["s"] == .string("a\"b\\c\né"))
        let m = try TOMLParser.parse("s = \"\"\"\nline1\nline2\"\"\"\nx = 1")
        #expect(m["s"] == .string("line1\nline2"))
        #expect(m.line(of: "x") == 4)
        // In a multi-line string a backslash at the end of a line joins it to the next.
        let joined = try TOMLParser.parse("s = \"\"\"\nab \\\n   cd\"\"\"")
        #expect(joined["s"] == .string("ab cd"))
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, "defined twice"),
        ("[t]\nx=1\n[t]", 3, "defined twice"),
        ("a = \"open", 1, "unterminated"),
        ("a = hello", 1, "strings need quotes"),
        ("\n\nd = 1979-05-27T07:32:00Z", 3, "dates"),
        ("a = [1, 2", 1, "unterminated array"),
        ("a = 1 b = 2", 1, "end of the line"),
        ("x = nan", 1, "finite"),
        ("a = 1\na.b = 2", 2, "already defined"),
        ("a = \"x\\ y\"", 1, "invalid escape"),
    ])
    func reportsErrorsWithLines(doc: String, line: Int, fragment: String) {
        do {
            _ = try TOMLParser.parse(doc)
            Issue.record("expected an error for \(doc)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }
}
