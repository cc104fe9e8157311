/// A table under construction. A class, so that a header or a dotted key reaches the table it
/// names and changes it in place: walking value types copied each level on write, which made
/// long tables and long names quadratic. `TOMLTable` values are made once, at the end.
final class TableNode {
    /// How the table came to be, which decides what may add to it later (TOML 1.0).
    enum Kind {
        /// Named on the way to a deeper `[a.b]`: a later `[a]` may still define it.
        case implicit
        /// By its own `[header]` (or an element of `[[header]]`), or the root.
        case header
        /// By dotted keys (`a.b = 1`): only more dotted keys may add to it.
        case dotted
        /// `{ … }`: complete once closed.
        case inline
    }

    enum Slot {
        case value(TOMLValue)
        case table(TableNode)
        case tables(TableArray)
    }

    /// The elements of an array of tables, a class too so that `[[a]]` appends in place.
    final class TableArray {
        var elements: [TableNode]
        init(_ first: TableNode) { elements = [first] }
    }

    var kind: Kind
    var line: Int
    let depth: Int
    private(set) var keys: [String] = []
    private(set) var slots: [String: (slot: Slot, line: Int)] = [:]

    init(kind: Kind, line: Int, depth: Int) {
        self.kind = kind
        self.line = line
        self.depth = depth
    }

    subscript(key: String) -> (slot: Slot, line: Int)? { slots[key] }

    /// Adds `key`, which the caller has checked is new.
    func add(_ key: String, _ slot: Slot, line: Int) {
        keys.append(key)
        slots[key] = (slot, line)
    }

    /// The finished table, built once from the nodes (their depth is bounded, so is this
    /// recursion).
    func table() -> TOMLTable {
        var t = TOMLTable(line: line)
        for k in keys {
            let (slot, line) = slots[k]!
            switch slot {
            case .value(let v): t.insert(k, v, line: line)
            case .table(let node): t.insert(k, .table(node.table()), line: line)
            case .tables(let list): t.insert(k, .array(list.elements.map { .table($0.table()) }), line: line)
            }
        }
        return t
    }
}

extension Parser {
    /// The table a `[name]` or `[[name]]` header opens, made if needed.
    mutating func openTable(_ root: TableNode, _ name: [String], array: Bool, at m: Mark) throws(TOMLSyntaxError) -> TableNode {
        var t = root
        for (n, k) in name.enumerated().dropLast() {
            switch t[k]?.slot {
            case nil: t = try child(of: t, k, kind: .implicit, at: m)
            case .table(let sub): t = sub
            case .tables(let list): t = list.elements[list.elements.count - 1]
            case .value:
                throw fail("'\(shown(name[...n].joined(separator: ".")))' is already defined as a value (line \(t[k]!.line)), "
                           + "so it cannot hold table '\(shown(name.joined(separator: ".")))'", at: m)
            }
        }
        let k = name[name.count - 1], full = shown(name.joined(separator: "."))
        let existing = t[k]
        switch (existing?.slot, array) {
        case (nil, false): return try child(of: t, k, kind: .header, at: m)
        case (.table(let sub), false) where sub.kind == .implicit:
            sub.kind = .header
            sub.line = m.line
            return sub
        case (nil, true), (.tables, true):
            guard t.depth + 2 <= limits.maxDepth else { throw fail("table '\(full)' \(tooDeep)", at: m) }
            try countItem()
            let element = TableNode(kind: .header, line: m.line, depth: t.depth + 2)
            if case .tables(let list)? = existing?.slot { list.elements.append(element) }
            else { t.add(k, .tables(TableNode.TableArray(element)), line: m.line) }
            return element
        case (.table, _), (.tables, false):
            throw fail("table '\(full)' is defined twice (first on line \(existing!.line))", at: m)
        case (.value, _):
            throw fail("'\(full)' is already defined as a value (line \(existing!.line)), so it cannot be a table", at: m)
        }
    }

    /// Sets a dotted `key` to `v` in `table`, making the tables its parts name.
    mutating func assign(_ v: TOMLValue, _ key: [String], in table: TableNode, at m: Mark) throws(TOMLSyntaxError) {
        var t = table
        let base = path.count - key.count
        for (n, k) in key.enumerated().dropLast() {
            switch t[k]?.slot {
            case nil: t = try child(of: t, k, kind: .dotted, at: m)
            case .table(let sub) where sub.kind == .dotted || sub.kind == .implicit:
                sub.kind = .dotted
                t = sub
            case .table, .tables:
                throw fail("table '\(shown(path[...(base + n)].joined(separator: ".")))' is already defined (line \(t[k]!.line)), "
                           + "so dotted keys cannot add to it", at: m)
            case .value:
                throw fail("'\(shown(path[...(base + n)].joined(separator: ".")))' is already defined as a value (line \(t[k]!.line)), "
                           + "so '\(shown(path.joined(separator: ".")))' cannot be set", at: m)
            }
        }
        let k = key[key.count - 1]
        if let first = t[k] {
            throw fail("key '\(shown(path.joined(separator: ".")))' is defined twice (first on line \(first.line))", at: m)
        }
        t.add(k, .value(v), line: m.line)
    }

    /// A new table under `parent`, if the depth and item limits allow one.
    mutating func child(of parent: TableNode, _ k: String, kind: TableNode.Kind, at m: Mark) throws(TOMLSyntaxError) -> TableNode {
        guard parent.depth < limits.maxDepth else { throw fail("the table named here \(tooDeep)", at: m) }
        try countItem()
        let node = TableNode(kind: kind, line: m.line, depth: parent.depth + 1)
        parent.add(k, .table(node), line: m.line)
        return node
    }
}
