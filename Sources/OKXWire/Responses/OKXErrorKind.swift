/// What an OKX error means for the caller, from OKX's code (REST, per-item `sCode`, or
/// WebSocket event) and the HTTP status. The codes are those of OKX's v5 error tables.
public enum OKXErrorKind: String, Hashable, Sendable, CaseIterable {
    /// 50011 (on HTTP 200 or 429), 50061 sub-account order rate, 50040 too frequent, WS 60014,
    /// or any HTTP 429 without a code of its own: slow down, the request was not taken.
    case rateLimited
    /// 50013 "Systems are busy" (HTTP 429): not taken; try again later.
    case busy
    /// 50102 timestamp expired, 50112 invalid timestamp; WS 60004, 60006: resync the clock.
    case clockSkew
    /// 50101: a demo key on live or the other way round (the `x-simulated-trading` header).
    case environmentMismatch
    /// 50113; WS 60007.
    case badSignature
    /// 50111 invalid key, 50119 key does not exist, 50103 key header empty; WS 60005, 60032.
    case badAPIKey
    /// 50105 wrong passphrase, 50104 passphrase header empty; WS 60024.
    case badPassphrase
    /// 50110: this IP is not on the key's whitelist.
    case ipNotAllowed
    /// 50120 the key lacks the permission, 50030 no permission for the endpoint; WS 64003.
    case permissionDenied
    /// 51016 clOrdId already pending, 51065 algoClOrdId already exists.
    case duplicateClientOrderID
    /// 51603 order does not exist; 51400 cancel failed (filled, canceled or does not exist);
    /// 51503 amend failed (filled or canceled); 51063 ordId does not exist; 51401, 51402,
    /// 51509, 51510 (the same for Nitro Spread).
    case orderNotFound
    /// 51008 and its sub-codes (51008_1000 …), 51127 available balance is 0, 51131, 51502 (amend).
    case insufficientBalance
    /// 51001 instrument does not exist, 51021 not yet listed, 51022 suspended, 51027 expired.
    case instrumentUnavailable
    /// HTTP 5xx or no answer, and the codes OKX says leave the outcome open: 50004 endpoint
    /// timeout, 51149 order timed out, 51054 request timed out, 50026 system error (500),
    /// 50001 service unavailable (503). The call may or may not have taken effect.
    case unknownOutcome
    /// WS 60009 login failed, 63999 login internal error.
    case loginFailed
    /// WS 60011: a private channel before login.
    case notLoggedIn
    /// WS 60012 invalid request, 60013 invalid args, 60018 wrong URL or no such channel,
    /// 64001/64002 channel on the wrong service.
    case invalidRequest
    /// The answer could not be read (the error names the field).
    case malformedResponse
    /// Any other refusal (parameter errors such as 51000, lot or tick violations, …).
    case rejected

    /// The kind of OKX `code` (sub-code suffix `_nnnn` ignored) on an answer with HTTP `status`.
    public static func classify(code: String, httpStatus: Int? = nil) -> OKXErrorKind {
        if let s = httpStatus, s >= 500 { return .unknownOutcome }
        let base = code.split(separator: "_", maxSplits: 1).first.map(String.init) ?? code
        switch base {
        case "50011", "50061", "50040", "60014": return .rateLimited
        case "50013": return .busy
        case "50102", "50112", "60004", "60006": return .clockSkew
        case "50101": return .environmentMismatch
        case "50113", "60007": return .badSignature
        case "50111", "50119", "50103", "60005", "60032": return .badAPIKey
        case "50105", "50104", "60024": return .badPassphrase
        case "50110": return .ipNotAllowed
        case "50120", "50030", "64003": return .permissionDenied
        case "51016", "51065": return .duplicateClientOrderID
        case "51603", "51400", "51503", "51063", "51401", "51402", "51509", "51510": return .orderNotFound
        case "51008", "51127", "51131", "51502": return .insufficientBalance
        case "51001", "51021", "51022", "51027": return .instrumentUnavailable
        case "50004", "51149", "51054", "50026", "50001": return .unknownOutcome
        case "60009", "63999": return .loginFailed
        case "60011": return .notLoggedIn
        case "60012", "60013", "60018", "64001", "64002": return .invalidRequest
        default: return httpStatus == 429 ? .rateLimited : .rejected
        }
    }
}
