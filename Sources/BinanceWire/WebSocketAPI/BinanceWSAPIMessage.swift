import Foundation

/// Any text frame the WebSocket API sends: an answer to a request (it has a `status`), or a
/// user data event (it has an `event`), read in full. User data is light: JSONDecoder is fine.
public enum BinanceWSAPIMessage: Hashable, Sendable {
    case response(BinanceWSAPIResponse)
    /// `subscriptionID` says which subscription (which account) it is for; nil for
    /// `serverShutdown`, which is the connection's.
    case event(BinanceUserEvent, subscriptionID: Int?)

    public static func decode(_ text: String) throws(BinanceError) -> BinanceWSAPIMessage { try decode(Array(text.utf8)) }

    public static func decode(_ frame: [UInt8]) throws(BinanceError) -> BinanceWSAPIMessage {
        let o = try BinanceJSON.object(frame)
        if let event = o["event"] {
            guard let e = event as? [String: Any] else { throw BinanceError.malformed("event", "expected an object") }
            var subscription: Int?
            if let s = o["subscriptionId"] {
                guard let n = BinanceJSON.int64(s), n >= 0, let i = Int(exactly: n) else {
                    throw BinanceError.malformed("subscriptionId", "not a subscription id")
                }
                subscription = i
            }
            return .event(try userEvent(e, frame: frame), subscriptionID: subscription)
        }
        guard let s = o["status"] else { throw BinanceError.malformed("", "neither an answer (status) nor an event") }
        guard let st = BinanceJSON.int64(s), let status = Int(exactly: st) else { throw BinanceError.malformed("status", "expected an integer") }
        return .response(try response(o, status: status, frame: frame))
    }

    private static func userEvent(_ e: [String: Any], frame: [UInt8]) throws(BinanceError) -> BinanceUserEvent {
        guard let type = e["e"] as? String else { throw BinanceError.malformed("event.e", "missing or not a string") }
        switch type {
        case "executionReport": return .executionReport(try decodeEvent(BinanceExecutionReport.self, frame))
        case "outboundAccountPosition": return .accountPosition(try decodeEvent(BinanceAccountPosition.self, frame))
        case "balanceUpdate": return .balanceUpdate(try decodeEvent(BinanceBalanceUpdate.self, frame))
        case "eventStreamTerminated": return .streamTerminated(eventMs: try eventTime(e))
        case "serverShutdown": return .serverShutdown(eventMs: try eventTime(e))
        default: return .other(type: type)
        }
    }

    private static func eventTime(_ e: [String: Any]) throws(BinanceError) -> Int64 {
        guard let ms = BinanceJSON.int64(e["E"]), ms >= 0 else { throw BinanceError.malformed("event.E", "not a time in ms") }
        return ms
    }

    private struct Wrapped<T: Decodable>: Decodable { var event: T }

    private static func decodeEvent<T: Decodable>(_ type: T.Type, _ frame: [UInt8]) throws(BinanceError) -> T {
        do { return try JSONDecoder().decode(Wrapped<T>.self, from: Data(frame)).event } catch let e as DecodingError {
            throw BinanceDecoding.error(e)
        } catch {
            throw BinanceError.malformed("event", "\(error)")
        }
    }

    private static func response(_ o: [String: Any], status: Int, frame: [UInt8]) throws(BinanceError) -> BinanceWSAPIResponse {
        let id = BinanceJSON.requestID(o["id"])
        let limits: [BinanceRateLimit]
        do {
            limits = try JSONDecoder().decode(Limits.self, from: Data(frame)).rateLimits ?? []
        } catch let e as DecodingError {
            throw BinanceDecoding.error(e)
        } catch {
            throw BinanceError.malformed("rateLimits", "\(error)")
        }
        if let e = o["error"] {
            guard let error = e as? [String: Any], let c = BinanceJSON.int64(error["code"]), let code = Int(exactly: c) else {
                throw BinanceError.malformed("error.code", "missing or not an integer")
            }
            let data = error["data"] as? [String: Any]
            let failure = BinanceError(code: code, message: error["msg"] as? String ?? "", httpStatus: status,
                                       retryAfterMs: BinanceJSON.int64(data?["retryAfter"]))
            return BinanceWSAPIResponse(id: id, status: status, result: nil, error: failure, rateLimits: limits)
        }
        guard status == 200 else {
            let failure = BinanceError(code: nil, message: "status \(status) without an error", httpStatus: status)
            return BinanceWSAPIResponse(id: id, status: status, result: nil, error: failure, rateLimits: limits)
        }
        return BinanceWSAPIResponse(id: id, status: status, result: try result(o["result"]), error: nil, rateLimits: limits)
    }

    private struct Limits: Decodable { var rateLimits: [BinanceRateLimit]? }

    private static func result(_ r: Any?) throws(BinanceError) -> BinanceWSAPIResult {
        if let object = r as? [String: Any] {
            if object.isEmpty { return .empty }
            if object.count == 1, let s = object["subscriptionId"] {
                guard let n = BinanceJSON.int64(s), n >= 0, let i = Int(exactly: n) else {
                    throw BinanceError.malformed("result.subscriptionId", "not a subscription id")
                }
                return .subscription(i)
            }
            if object.count == 1, let t = object["serverTime"] {
                guard let ms = BinanceJSON.int64(t) else { throw BinanceError.malformed("result.serverTime", "not a time in ms") }
                return .serverTime(ms)
            }
            return .other
        }
        if let list = r as? [Any], list.allSatisfy({ ($0 as? [String: Any])?["subscriptionId"] != nil }) {
            var ids: [Int] = []
            for (i, item) in list.enumerated() {
                guard let n = BinanceJSON.int64((item as? [String: Any])?["subscriptionId"]), n >= 0, let v = Int(exactly: n) else {
                    throw BinanceError.malformed("result[\(i)].subscriptionId", "not a subscription id")
                }
                ids.append(v)
            }
            return .subscriptions(ids)
        }
        return .other
    }
}
