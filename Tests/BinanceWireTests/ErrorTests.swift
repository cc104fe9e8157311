import BinanceWire
import BotCore
import Testing

/// Binance's error envelope classified into what the caller does next (protocols.md §1.1,
/// §1.4, §1.5 and the WebSocket API's statuses).
struct ErrorTests {
    static func error(_ status: Int, _ body: String) -> BinanceError { BinanceResponse.error(status: status, body: Array(body.utf8)) }

    @Test(arguments: [
        (-1021, "Timestamp for this request is outside of the recvWindow.", 400, BinanceErrorKind.clockSkew),
        (-1021, "Timestamp for this request was 1000ms ahead of the server's time.", 400, .clockSkew),
        (-1022, "Signature for this request is not valid.", 400, .badSignature),
        (-2014, "API-key format invalid.", 401, .badAPIKey),
        (-2015, "Invalid API-key, IP, or permissions for action.", 401, .keyRefused),
        (-1002, "You are not authorized to execute this request.", 401, .keyRefused),
        (-1003, "Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", 429, .rateLimited),
        (-1003, "Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans.", 418, .ipBanned),
        (-1015, "Too many new orders; current limit is 50 orders per 10 SECOND.", 429, .orderRateLimited),
        (-1008, "Server is currently overloaded with other requests. Please try again in a few minutes.", 400, .busy),
        (-2010, "Account has insufficient balance for requested action.", 400, .insufficientBalance),
        (-2010, "Duplicate order sent.", 400, .duplicateClientOrderID),
        (-2010, "Order would immediately match and take.", 400, .wouldTakeLiquidity),
        (-2010, "Market is closed.", 400, .orderRejected),
        (-2011, "Unknown order sent.", 400, .unknownOrder),
        (-2011, "Order was not canceled due to cancel restrictions.", 400, .cancelRejected),
        (-2013, "Order does not exist.", 400, .unknownOrder),
        (-1013, "Filter failure: NOTIONAL", 400, .filterFailure),
        (-1121, "Invalid symbol.", 400, .unknownSymbol),
        (-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.", 400, .invalidRequest),
        (-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.", 400, .invalidRequest),
        (-1135, "Invalid JSON Request", 400, .invalidRequest),
        (-1006, "An unexpected response was received from the message bus. Execution status unknown.", 400, .unknownOutcome),
        (-1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", 408, .unknownOutcome),
        (-1000, "An unknown error occurred while processing the request.", 400, .unknownOutcome),
        (-2035, "User Data Stream subscription already active.", 400, .alreadySubscribed),
        (-2036, "User Data Stream subscription not active.", 400, .notSubscribed),
        (-2042, "Maximum subscription ID reached for this connection.", 400, .subscriptionIDsExhausted),
        (-9999, "Something new.", 400, .rejected),
    ])
    func classified(_ code: Int, _ msg: String, _ status: Int, _ kind: BinanceErrorKind) {
        let e = Self.error(status, #"{"code":\#(code),"msg":"\#(msg.replacingOccurrences(of: "\\", with: "\\\\"))"}"#)
        #expect(e.kind == kind && e.code == code && e.message == msg && e.httpStatus == status, "\(e)")
        #expect(e.venueAck == (kind == .unknownOutcome ? .unknown : .rejected(code: String(code), message: msg)))
    }

    @Test func serverSideErrorsLeaveTheOutcomeOpen() {
        for (status, body) in [(500, #"{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}"#),
                               (502, "<html>bad gateway</html>"), (503, ""), (504, #"{"code":-1021,"msg":"x"}"#)] {
            let e = Self.error(status, body)
            #expect(e.kind == .unknownOutcome && e.venueAck == .unknown, "\(status)")
        }
        #expect(BinanceError.unknownOutcome("no answer in 10 s").venueAck == .unknown)
    }

    @Test func statusAloneWhenTheBodyIsNotBinances() {
        #expect(Self.error(429, "Too Many Requests").kind == .rateLimited)
        #expect(Self.error(418, "").kind == .ipBanned)
        #expect(Self.error(403, "<html>Forbidden</html>").kind == .blocked)
        #expect(Self.error(401, "").kind == .keyRefused)
        let gone = Self.error(410, "<html><head><title>410 Gone</title></head></html>")
        #expect(gone.kind == .rejected && gone.code == nil && gone.message == "HTTP 410 without a Binance answer" && gone.httpStatus == 410)
        // 418 wins over a code that would say otherwise.
        #expect(Self.error(418, #"{"code":-1003,"msg":"Too much request weight used"}"#).kind == .ipBanned)
    }

    @Test func banTimeFromTheMessage() {
        let e = Self.error(418, #"{"code":-1003,"msg":"Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans."}"#)
        #expect(e.retryAfterMs == 1_659_146_400_000)
        #expect(Self.error(429, #"{"code":-1003,"msg":"Too much request weight used; current limit is 6000 request weight per 1 MINUTE."}"#).retryAfterMs == nil)
    }

    @Test func anErrorEnvelopeWhereAnAnswerWasExpectedIsTheError() {
        let e = #expect(throws: BinanceError.self) {
            try BinanceResponse.decode(BinanceServerTime.self, status: 200, body: Array(#"{"code":-1121,"msg":"Invalid symbol."}"#.utf8))
        }
        #expect(e?.kind == .unknownSymbol && e?.code == -1121)
        let f = #expect(throws: BinanceError.self) {
            try BinanceResponse.decode(BinanceServerTime.self, status: 400, body: Array(#"{"code":-2010,"msg":"Duplicate order sent."}"#.utf8))
        }
        #expect(f?.kind == .duplicateClientOrderID && f?.httpStatus == 400)
    }

    @Test func descriptionsAndClipping() {
        let e = BinanceError(code: -2010, message: "Account has insufficient balance for requested action.", httpStatus: 400)
        #expect(e.description == "Binance -2010 (insufficientBalance): Account has insufficient balance for requested action. [HTTP 400]")
        #expect(BinanceError.malformed("fills[0].price", "missing").description == "Binance (malformedResponse): fills[0].price: missing")
        let long = BinanceError(code: -1100, message: String(repeating: "x", count: 1000))
        #expect(long.message.count == 301)
    }
}
