import TOML

/// The instrument specs shipped in `data/instruments.toml`, keyed by `venue:symbol`.
public struct InstrumentCatalog: Sendable {
    public private(set) var instruments: [InstrumentID: Instrument] = [:]

    public init(_ list: [Instrument] = []) {
        for i in list { instruments[i.id] = i }
    }

    public subscript(id: InstrumentID) -> Instrument? { instruments[id] }

    /// Finds by symbol alone when it is unique across venues.
    public func find(symbol: String, venue: String? = nil) -> Instrument? {
        if let venue { return instruments[InstrumentID(venue: venue, symbol: symbol)] }
        let m = instruments.values.filter { $0.id.symbol == symbol }
        return m.count == 1 ? m[0] : nil
    }

    /// Parses `[[instrument]]` tables; every problem is recorded with its line.
    public static func parse(_ text: String, file: String, diagnostics: Diagnostics) -> InstrumentCatalog {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            diagnostics.add(ConfigIssue(file: file, line: error.line, key: "", message: error.message))
            return InstrumentCatalog()
        }
        var out = InstrumentCatalog()
        guard case .array(let items)? = root["instrument"] else {
            diagnostics.add(ConfigIssue(file: file, line: 1, key: "instrument", message: "is required: one [[instrument]] table per instrument"))
            return out
        }
        for (n, item) in items.enumerated() {
            guard case .table(let t) = item else { continue }
            let r = ConfigReader(file: file, table: t, prefix: "instrument[\(n)]", diagnostics: diagnostics)
            let venue = r.string("venue", required: true)
            let symbol = r.string("symbol", required: true)
            let kindText = r.oneOf("kind", InstrumentKind.allCases.map(\.rawValue), required: true)
            let base = r.string("base", required: true)
            let quote = r.string("quote", required: true)
            let tick = r.fixed("tick_size", Price.self, positive: true, required: true)
            let lot = r.fixed("lot_size", Quantity.self, positive: true, required: true)
            let minSize = r.fixed("min_size", Quantity.self, positive: true, required: true)
            let minNotional = r.fixed("min_notional", Money.self, min: .zero) ?? .zero
            let ctVal = r.fixed("contract_value", Quantity.self, positive: true) ?? 1
            let maker = r.fixed("maker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"), required: true)
            let taker = r.fixed("taker_fee", Ratio.self, min: Ratio.of("-0.01"), max: Ratio.of("0.01"), required: true)
            let mmr = r.fixed("maintenance_margin_rate", Ratio.self, min: .zero, max: 1) ?? .zero
            let maxLev = r.fixed("max_leverage", Ratio.self, min: 1, max: 200) ?? 1
            let reference = r.fixed("reference_price", Price.self, positive: true)
            r.rejectUnknownKeys()
            guard let venue, let symbol, let kindText, let kind = InstrumentKind(rawValue: kindText), let base,
                  let quote, let tick, let lot, let minSize, let maker, let taker else { continue }
            if !minSize.isMultiple(of: lot) { r.error("min_size", "must be a multiple of lot_size \(lot)") }
            let inst = Instrument(id: InstrumentID(venue: venue, symbol: symbol), kind: kind, base: base, quote: quote,
                                  tickSize: tick, lotSize: lot, minSize: minSize, minNotional: minNotional,
                                  contractValue: ctVal, makerFee: maker, takerFee: taker,
                                  maintenanceMarginRate: mmr, maxLeverage: maxLev,
                                  referencePrice: reference)
            if out.instruments[inst.id] != nil {
                r.error("symbol", "duplicates instrument \(inst.id)")
            }
            out.instruments[inst.id] = inst
        }
        return out
    }
}
