/// Reading JSON numbers and booleans where the stream puts them as such (ids, times, flags):
/// the value is checked for syntax first, so a wrong type is a shape fault, never a misread.
extension StreamScanner {
    /// A JSON integer that is not negative and fits in Int64: an id or a time in ms. A
    /// fraction or an exponent (`1.0`, `1e3`) is not an integer, even when its value is one.
    mutating func integerValue() throws(StreamFault) -> Int64 {
        skipSpace()
        let start = pos
        let c = peek()
        guard c == UInt8(ascii: "-") || (c >= 48 && c <= 57) else {
            try skipValue()
            throw StreamFault(offset: start, reason: "expected a number", shape: true)
        }
        try number()
        var p = start, negative = false
        if base[p] == UInt8(ascii: "-") {
            negative = true
            p += 1
        }
        var v: Int64 = 0
        while p < pos {
            let d = base[p] &- 48
            guard d <= 9 else { throw StreamFault(offset: start, reason: "expected an integer", shape: true) }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { throw StreamFault(offset: start, reason: "out of range", shape: true) }
            v = a
            p += 1
        }
        guard !negative || v == 0 else { throw StreamFault(offset: start, reason: "negative", shape: true) }
        return v
    }

    /// `true` or `false`.
    mutating func boolValue() throws(StreamFault) -> Bool {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            let at = pos
            try skipValue()
            throw StreamFault(offset: at, reason: "expected true or false", shape: true)
        }
    }

    /// The key's only byte when it is one byte long (escapes decoded), else 0: Binance's
    /// payload keys are single letters, and one switch on the byte is the cheapest dispatch.
    @inline(__always) func singleByte(_ t: StreamToken) -> UInt8 {
        if !t.escaped { return t.count == 1 ? base[t.start] : 0 }
        var it = bytes(t)
        guard let b = it.next(), it.next() == nil else { return 0 }
        return b
    }
}
