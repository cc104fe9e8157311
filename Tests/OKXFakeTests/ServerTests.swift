import Foundation
import OKXFake
import Testing

/// The listener: TLS with certificates made at start, a port the OS chose, nothing left after stop.
struct ServerTests {
    @Test func servesHTTPSOnAnOSChosenPortWithItsOwnCA() async throws {
        let clock = FakeClock(startMs: 1_700_000_000_000, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            #expect(urls.port > 0)
            #expect(urls.rest == "https://127.0.0.1:\(urls.port)")
            #expect(urls.wsPublic == "wss://127.0.0.1:\(urls.port)/ws/v5/public")
            #expect(urls.wsPrivate.hasSuffix("/ws/v5/private") && urls.wsBusiness.hasSuffix("/ws/v5/business"))
            let pem = try String(contentsOfFile: urls.caFile, encoding: .utf8)
            #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))

            // libcurl verifies the chain and the IP address against the fake's CA alone.
            let time = try await Curl.perform("GET", urls.rest + "/api/v5/public/time", caFile: urls.caFile)
            #expect(time.status == 200)
            #expect(time.body == #"{"code":"0","msg":"","data":[{"ts":"1700000000000"}]}"#)
        }
    }

    @Test func aClientTrustingAnotherCAIsRefused() async throws {
        try await withFake { _, a async throws in
            try await withFake { _, b async throws in
                // Each fake makes its own CA: b's certificate does not chain to a's.
                let caught = await #expect(throws: CurlFailure.self) {
                    try await Curl.perform("GET", b.rest + "/api/v5/public/time", caFile: a.caFile)
                }
                #expect(caught?.code == 60, "\(String(describing: caught))")  // CURLE_PEER_FAILED_VERIFICATION
            }
        }
    }

    @Test func twoFakesListenOnDifferentPorts() async throws {
        try await withFake { _, a async throws in
            try await withFake { _, b async throws in
                #expect(a.port != b.port)
                #expect(a.caFile != b.caFile)
            }
        }
    }

    @Test func stopClosesTheListenerAndRemovesTheCAFile() async throws {
        let fake = OKXFake()
        let urls = try await fake.start()
        await fake.stop()
        #expect(!FileManager.default.fileExists(atPath: urls.caFile))
        let caught = await #expect(throws: CurlFailure.self) {
            try await Curl.perform("GET", urls.rest + "/api/v5/public/time", caFile: "/dev/null", timeoutMs: 2000)
        }
        #expect(caught?.code == 7)  // CURLE_COULDNT_CONNECT: nothing listens there any more
    }

    @Test func unknownPathsAre404() async throws {
        try await withFake { _, urls async throws in
            let a = try await Curl.perform("GET", urls.rest + "/api/v5/no/such/thing", caFile: urls.caFile)
            #expect(a.status == 404)
        }
    }
}
