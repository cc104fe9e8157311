import OKXFake
import Testing

/// The HMAC the fake checks with, and the tests sign with, against the documented vectors
/// (protocols.md §0, O1–O3): if both sides shared a mistake, these would catch it.
struct SignatureTests {
    let secret = "22582BD0CFF14C41EDBF1AB98506286D"

    @Test func restGetVectorO1() {
        #expect(OKXSignature.rest(secret: secret, timestamp: "2020-12-08T09:08:57.715Z", method: "GET",
                                  path: "/api/v5/account/balance?ccy=BTC", body: "")
                == "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
    }

    @Test func restPostVectorO2() {
        let body = #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}"#
        #expect(OKXSignature.rest(secret: secret, timestamp: "2020-12-08T09:08:57.715Z", method: "POST",
                                  path: "/api/v5/trade/order", body: body)
                == "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=")
    }

    @Test func webSocketLoginVectorO3() {
        #expect(OKXSignature.wsLogin(secret: secret, timestamp: "1538054050") == "+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=")
    }

    @Test func isoTimestampsRoundTrip() {
        #expect(ISOTime.parse("2020-12-08T09:08:57.715Z") == 1_607_418_537_715)
        #expect(ISOTime.format(1_607_418_537_715) == "2020-12-08T09:08:57.715Z")
        #expect(ISOTime.format(0) == "1970-01-01T00:00:00.000Z")
        for ms: Int64 in [951_782_400_000, 1_709_164_800_123, 4_102_444_799_999] {
            #expect(ISOTime.parse(ISOTime.format(ms)) == ms)
        }
    }

    @Test(arguments: ["2020-12-08T09:08:57Z", "2020-12-08 09:08:57.715Z", "2020-12-08T09:08:57.715+00:00",
                      "1607418537715", "2020-13-08T09:08:57.715Z", ""])
    func strictTimestampsOnly(_ text: String) {
        #expect(ISOTime.parse(text) == nil)
    }
}
