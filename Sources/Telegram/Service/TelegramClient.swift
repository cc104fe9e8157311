import Foundation
import HTTPTransport
import TelegramWire

/// Why a Bot API call did not give its result: Telegram said no, or no answer came.
public enum TelegramCallError: Error, Sendable, CustomStringConvertible {
    case telegram(TelegramError)
    /// The transport's failure, token redacted. `maybeSent`: the request may have reached
    /// Telegram (a send's outcome is unknown).
    case transport(String, maybeSent: Bool)

    public var telegram: TelegramError? {
        if case .telegram(let e) = self { return e }
        return nil
    }

    public var description: String {
        switch self {
        case .telegram(let e): e.description
        case .transport(let d, _): "Telegram unreachable: " + d
        }
    }
}

/// The Bot API over libcurl, whose blocking work runs on its own thread, never on the
/// cooperative pool. Every URL carries the token, so nothing this type throws or returns
/// holds it: errors pass through the endpoint's redaction.
public final class TelegramClient: Sendable {
    let http: CurlHTTPClient
    public let endpoint: TelegramEndpoint
    /// How long an ordinary call may take; a long poll gets its hold on top.
    static let callTimeout = Duration.seconds(30)

    public init(endpoint: TelegramEndpoint, caFile: String? = nil) {
        self.endpoint = endpoint
        http = CurlHTTPClient(options: .init(caFile: caFile, maxConnectionsPerHost: 8, userAgent: "BotRuntime"), name: "telegram")
    }

    public func close() { http.close() }

    /// Sends `request` and reads its result.
    public func call<R>(_ request: TelegramRequest<R>) async throws(TelegramCallError) -> R {
        let answer = try await post(request)
        do {
            return try request.decode(status: answer.status, body: answer.body)
        } catch {
            throw .telegram(error)
        }
    }

    /// getUpdates, with each update's own JSON kept as Telegram sent it (the inbox stores it),
    /// in order. An update without a readable `update_id` cannot be confirmed by id and is
    /// dropped; the rest are decoded by the handler later.
    public func updates(_ request: TelegramRequest<[TelegramUpdate]>) async throws(TelegramCallError) -> [(id: Int64, payload: String)] {
        let answer = try await post(request)
        guard answer.status == 200,
              let top = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              top["ok"] as? Bool == true, let result = top["result"] as? [Any] else {
            // Not a success: read as Telegram's error (or a malformed answer) by the request.
            do { _ = try request.decode(status: answer.status, body: answer.body) } catch { throw .telegram(error) }
            throw .telegram(.malformed(field: "result", reason: "expected an array of updates"))
        }
        var out: [(id: Int64, payload: String)] = []
        for case let item as [String: Any] in result {
            guard let id = (item["update_id"] as? NSNumber)?.int64Value,
                  let data = try? JSONSerialization.data(withJSONObject: item) else { continue }
            out.append((id, String(decoding: data, as: UTF8.self)))
        }
        return out
    }

    private func post<R>(_ request: TelegramRequest<R>) async throws(TelegramCallError) -> HTTPResponse {
        // A long poll's answer may take its whole hold: the transport waits longer than that.
        let timeout = Self.callTimeout + .seconds(request.pollTimeoutSeconds)
        // getUpdates and the reads change nothing if sent twice; a send would be a second message.
        let resendable = ["getUpdates", "getMe", "deleteWebhook", "setMyCommands"].contains(request.method)
        let r = HTTPRequest(.post, endpoint.url(for: request), headers: [("Content-Type", TelegramRequest<R>.contentType)],
                            body: request.body, timeout: timeout, resendable: resendable)
        do {
            return try await http.send(r)
        } catch let e as HTTPError {
            throw .transport(endpoint.redact(e.description), maybeSent: !e.neverSent)
        } catch {
            throw .transport(endpoint.redact("\(error)"), maybeSent: true)
        }
    }
}
