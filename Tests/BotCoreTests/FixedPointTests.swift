import Foundation
import BotCore
import Testing

struct FixedPointTests {
    @Test(arguments: ["0", "1", "-1", "0.1", "105573.73", "0.00000001", "-0.000000001", "9000000000", "123.456789012"])
    func roundTripsDecimalText(_ s: String) throws {
        let p = try Price.parse(s[...])
        #expect(p.description == s)
    }

    @Test func parsesExactly() throws {
        var sum = Price.zero
        for _ in 0..<10 { sum += try Price.parse("0.1") }
        #expect(sum == 1)
        #expect(try Price.parse("1.50").description == "1.5")
        #expect(try Price.parse("+2").raw == 2_000_000_000)
        #expect(try Price.parse("1.0000000000").raw == 1_000_000_000)  // zeros beyond 9 decimals are exact
    }

    @Test(arguments: ["", "abc", "1.2.3", "1e5", "0.0000000001", "99999999999", ".", "-", "NaN"])
    func rejectsMalformed(_ s: String) {
        #expect(throws: FixedPointParseError.self) { try Price.parse(s[...]) }
    }

    @Test func roundsToStepInEachDirection() {
        let tick = Price.of("0.5")
        let x = Price.of("10.3"), y = Price.of("-10.3"), half = Price.of("10.25"), tie = Price.of("10.75")
        #expect(x.rounded(toMultipleOf: tick, .down) == Price.of("10"))
        #expect(x.rounded(toMultipleOf: tick, .up) == Price.of("10.5"))
        #expect(y.rounded(toMultipleOf: tick, .down) == Price.of("-10.5"))
        #expect(y.rounded(toMultipleOf: tick, .up) == Price.of("-10"))
        #expect(y.rounded(toMultipleOf: tick, .towardZero) == Price.of("-10"))
        #expect(y.rounded(toMultipleOf: tick, .awayFromZero) == Price.of("-10.5"))
        #expect(half.rounded(toMultipleOf: tick, .halfEven) == Price.of("10"))  // 20.5 steps → 20
        #expect(tie.rounded(toMultipleOf: tick, .halfEven) == Price.of("11"))  // 21.5 steps → 22
        #expect(Price.of("10.5").rounded(toMultipleOf: tick, .down) == Price.of("10.5"))
        #expect(Price.of("10.5").isMultiple(of: tick))
        #expect(!x.isMultiple(of: tick))
    }

    @Test func productsAndQuotientsRoundOnce() {
        let p = Price.of("105573.73"), q = Quantity.of("0.00001")
        let n: Money = p.times(q, .halfEven)
        #expect(n == Money.of("1.0557373"))
        let third: Quantity = Money.of("1").divided(by: Price.of("3"), .down)
        #expect(third == Quantity.of("0.333333333"))
        let thirdUp: Quantity = Money.of("1").divided(by: Price.of("3"), .up)
        #expect(thirdUp == Quantity.of("0.333333334"))
        #expect(Price.of("100").scaled(by: Ratio.of("1.02"), .halfEven) == Price.of("102"))
    }

    @Test func doubleConversionMatchesParsingTheText() {
        for s in ["105573.73", "0.00141342", "28465.36", "0.1", "4261.48"] {
            #expect(Price.of(s).doubleValue == Double(s)!)
        }
        #expect(Price(Double.nan) == nil)
        #expect(Price(1e12) == nil)
        #expect(Price(0.1234567891, rounding: .down) == Price.of("0.123456789"))
    }

    @Test func codableAsExactString() throws {
        let data = try JSONEncoder().encode([Price.of("0.1")])
        #expect(String(decoding: data, as: UTF8.self) == #"["0.1"]"#)
        #expect(try JSONDecoder().decode([Price].self, from: data) == [Price.of("0.1")])
    }
}

