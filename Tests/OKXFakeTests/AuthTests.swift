import OKXFake
import Testing

/// The OK-ACCESS-* checks, each failure with OKX's code and HTTP 401.
struct AuthTests {
    let config = "/api/v5/account/config"

    @Test func aCorrectlySignedRequestWorks() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config)
            #expect(a.status == 200)
            #expect(a.code == "0")
            let cfg = try #require(a.data.first)
            #expect(cfg.s("perm") == "read_only,trade")
            #expect(cfg.s("posMode") == "net_mode")
            #expect(cfg.s("uid") == TestAccounts.demo.uid)
        }
    }

    @Test func aBadSignatureIs50113() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config) { h in
                h[1].1 = OKXSignature.rest(secret: "wrong", timestamp: h[2].1, method: "GET", path: config, body: "")
            }
            #expect(a.status == 401)
            #expect(a.code == "50113")
        }
    }

    @Test func aSignatureOverAnotherPathIs50113() async throws {
        try await withFake { fake, urls async throws in
            // Signed without the query string: OKX signs the path with its query.
            let c = SignedClient(fake, urls, TestAccounts.demo)
            let signedFor = c.headers("GET", "/api/v5/market/ticker")
            let a = try await Curl.perform("GET", urls.rest + "/api/v5/account/config?x=1", headers: signedFor, caFile: urls.caFile)
            #expect(a.code == "50113")
        }
    }

    @Test(arguments: [-31_000, 31_000] as [Int64])
    func aSkewedTimestampIs50102(_ skew: Int64) async throws {
        try await withFake(clock: FakeClock(rate: 0)) { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config, skewMs: skew)
            #expect(a.status == 401)
            #expect(a.code == "50102")
            #expect(a.json?.s("msg") == "Timestamp request expired.")
            // Within the window it is accepted.
            let ok = try await SignedClient(fake, urls, TestAccounts.demo).get(config, skewMs: skew > 0 ? 29_000 : -29_000)
            #expect(ok.code == "0")
        }
    }

    @Test func aTimestampWithoutMillisecondsIs50112() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config) { h in
                let ts = String(h[2].1.prefix(19)) + "Z"
                h[2].1 = ts
                h[1].1 = OKXSignature.rest(secret: TestAccounts.demo.secret, timestamp: ts, method: "GET", path: config, body: "")
            }
            #expect(a.code == "50112")
        }
    }

    @Test func aWrongPassphraseIs50105() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config) { h in h[3].1 = "not-it" }
            #expect(a.status == 401)
            #expect(a.code == "50105")
        }
    }

    @Test func anUnknownKeyIs50111() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config) { h in h[0].1 = "no-such-key" }
            #expect(a.status == 401)
            #expect(a.code == "50111")
        }
    }

    @Test func missingHeadersHaveTheirOwnCodes() async throws {
        try await withFake { fake, urls async throws in
            let c = SignedClient(fake, urls, TestAccounts.demo)
            for (index, code) in [(0, "50103"), (1, "50106"), (2, "50107"), (3, "50104")] {
                let a = try await c.get(config) { h in h.remove(at: index) }
                #expect(a.code == code, "without \(index)")
            }
        }
    }

    @Test func aDemoKeyWithoutTheSimulatedHeaderIs50101() async throws {
        try await withFake { fake, urls async throws in
            var c = SignedClient(fake, urls, TestAccounts.demo)
            c.simulated = false
            let a = try await c.get(config)
            #expect(a.status == 401)
            #expect(a.code == "50101")
        }
    }

    @Test func aLiveKeyWithTheSimulatedHeaderIs50101() async throws {
        try await withFake(accounts: [TestAccounts.live]) { fake, urls async throws in
            var c = SignedClient(fake, urls, TestAccounts.live)
            #expect(try await c.get(config).code == "0")
            c.simulated = true
            let a = try await c.get(config)
            #expect(a.code == "50101")
        }
    }

    @Test func codesAreStrings() async throws {
        try await withFake { fake, urls async throws in
            let a = try await SignedClient(fake, urls, TestAccounts.demo).get(config) { h in h[3].1 = "x" }
            #expect(a.body.contains(#""code":"50105""#))
        }
    }
}
