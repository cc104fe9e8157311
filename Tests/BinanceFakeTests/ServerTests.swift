import BinanceFake
import Foundation
import Testing

/// The listener: TLS with certificates made at start, one OS-chosen port for every service,
/// nothing left after stop, and the retired listenKey endpoints.
struct ServerTests {
    @Test func servesEveryServiceOnOnePortWithItsOwnCA() async throws {
        try await withFake { fake, urls async throws in
            #expect(urls.port > 0)
            #expect(urls.rest == "https://127.0.0.1:\(urls.port)")
            #expect(urls.streams == "wss://127.0.0.1:\(urls.port)/stream")
            #expect(urls.wsAPI == "wss://127.0.0.1:\(urls.port)/ws-api/v3")
            let pem = try String(contentsOfFile: urls.caFile, encoding: .utf8)
            #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
            let time = try await Curl.perform("GET", urls.rest + "/api/v3/time", caFile: urls.caFile)
            #expect(time.body == #"{"serverTime":\#(fake.clock.nowMs)}"#)
            #expect(time.header("Content-Type") == "application/json")
        }
    }

    @Test func aClientTrustingAnotherCAIsRefused() async throws {
        try await withFake { _, a async throws in
            try await withFake { _, b async throws in
                let caught = await #expect(throws: CurlFailure.self) {
                    try await Curl.perform("GET", b.rest + "/api/v3/ping", caFile: a.caFile)
                }
                #expect(caught?.code == 60)  // CURLE_PEER_FAILED_VERIFICATION
            }
        }
    }

    @Test func stopClosesTheListenerAndRemovesTheCAFile() async throws {
        let fake = BinanceFake()
        let urls = try await fake.start()
        await fake.stop()
        #expect(!FileManager.default.fileExists(atPath: urls.caFile))
        let caught = await #expect(throws: CurlFailure.self) {
            try await Curl.perform("GET", urls.rest + "/api/v3/ping", caFile: "/dev/null", timeoutMs: 2000)
        }
        #expect(caught?.code == 7)  // CURLE_COULDNT_CONNECT
    }

    @Test func theListenKeyEndpointsAreGone() async throws {
        try await withFake { fake, urls async throws in
            let c = BinanceClient(fake, urls)
            for method in ["POST", "PUT", "DELETE"] {
                let a = try await c.raw(method, "/api/v3/userDataStream", query: "")
                #expect(a.status == 410)
                #expect(a.body.hasPrefix("<html><head><title>410 Gone</title></head>"))
            }
            #expect(try await c.publicGet("/api/v3/nothing").status == 404)
            #expect(try await Curl.perform("PUT", urls.rest + "/api/v3/ping", caFile: urls.caFile).status == 405)
            #expect(fake.counters.requests["/api/v3/userDataStream"] == 3)
        }
    }
}
