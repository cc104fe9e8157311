import BotCore
import OKX
import OKXFake
import OKXWire
import Testing

/// Opening an account: each refusal names its cause; nothing is changed on the user's behalf.
@Suite("OKX gateway: account checks") struct GatewayAccountTests {
    func refusal(_ h: GatewayHarness) async -> String? {
        do {
            try await h.venue.open()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func positionModeMismatchIsRefusedWithHowToChangeIt() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", positionMode: .net),
                                               positionMode: .longShort)
        defer { Task { await h.stop() } }
        let why = try #require(await refusal(h))
        #expect(why.contains("position mode is net_mode"))
        #expect(why.contains("Long/short"))
        // Still net: botd never changes it.
        let after = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", positionMode: .net))
        defer { Task { await after.stop() } }
        #expect(await refusal(after) == nil)
    }

    @Test func keyThatCanWithdrawIsRefused() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p",
                                                                    permissions: [.readOnly, .trade, .withdraw]))
        defer { Task { await h.stop() } }
        let why = try #require(await refusal(h))
        #expect(why.contains("withdraw"))
    }

    @Test func readOnlyKeyIsRefused() async throws {
        let h = try await GatewayHarness.start(account: FakeAccount(apiKey: "k", secret: "s", passphrase: "p", permissions: [.readOnly]))
        defer { Task { await h.stop() } }
        let why = try #require(await refusal(h))
        #expect(why.contains("cannot trade"))
    }

    @Test func wrongPassphraseSignatureKeyAndEnvironmentEachNamed() async throws {
        let account = FakeAccount(apiKey: "k", secret: "s", passphrase: "p")
        let cases: [(OKXCredentials, OKXEnvironment, String)] = [
            (OKXCredentials(apiKey: "k", secret: "s", passphrase: "wrong"), .demo, "passphrase"),
            (OKXCredentials(apiKey: "k", secret: "not-the-secret", passphrase: "p"), .demo, "signature"),
            (OKXCredentials(apiKey: "unknown", secret: "s", passphrase: "p"), .demo, "does not know the API key"),
            (OKXCredentials(apiKey: "k", secret: "s", passphrase: "p"), .live, "not a live key"),
        ]
        for (creds, env, expected) in cases {
            let h = try await GatewayHarness.start(account: account, use: creds, environment: env)
            let why = await refusal(h)
            await h.stop()
            #expect(why?.contains(expected) == true, "\(expected): \(why ?? "accepted")")
            // The secret never appears in what the user is told.
            #expect(why?.contains("not-the-secret") != true)
            #expect(why?.contains("wrong") != true || expected != "passphrase" || why?.contains("\"wrong\"") != true)
        }
    }

    @Test func clockSkewIsMeasuredAndCorrected() async throws {
        let h = try await GatewayHarness.start(ownClock: true)
        defer { Task { await h.stop() } }
        // The venue's clock is 2 minutes ahead of ours: unsigned, every request would be 50102.
        h.fake.clock.advance(by: 120_000)
        try await h.open()
        let offset = await h.venue.rest.clock.offsetMs
        #expect(offset > 110_000)
        // It moves again while trading: the refusal makes the gateway measure it again.
        h.fake.clock.advance(by: 60_000)
        #expect(await h.venue.call(.submit(gwOrder(1, .buy, .limit(Price.of("90000")), "0.01")), instrument: GatewayHarness.btc)
            == .accepted)
        let resyncs = await h.venue.stats.clockResyncs
        #expect(resyncs >= 1, "\(resyncs)")
    }

    @Test func prepareLoadsVenueRulesAndSetsLeverage() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        // The configured rules are stale: the venue's win.
        let stale = Instrument(id: GatewayHarness.btc.id, kind: .perpetual, base: "BTC", quote: "USDT", tickSize: Price.of("1"),
                               lotSize: Quantity.of("1"), minSize: Quantity.of("1"), minNotional: 0, contractValue: Quantity.of("0.01"),
                               makerFee: Ratio.of("0.0002"), takerFee: Ratio.of("0.0005"), maxLeverage: 100)
        let rules = try await h.venue.prepare(stale, leverage: Ratio.of("7"), sides: [.net])
        #expect(rules.tickSize == Price.of("0.1"))
        #expect(rules.lotSize == Quantity.of("0.01"))
        #expect(rules.makerFee == stale.makerFee)
        #expect(await h.venue.call(.submit(gwOrder(2, .buy, .market, "0.01")), instrument: rules) == .accepted)
        let position = try await h.venue.rest.data(OKXPosition.self, OKXRest.positions(instId: "BTC-USDT-SWAP")).first
        #expect(position?.leverage == Ratio.of("7"))
    }

    @Test func unknownInstrumentFailsPrepare() async throws {
        let h = try await GatewayHarness.start()
        defer { Task { await h.stop() } }
        try await h.open()
        let ghost = Instrument(id: InstrumentID(venue: "okx", symbol: "NOPE-USDT-SWAP"), kind: .perpetual, base: "NOPE", quote: "USDT",
                               tickSize: Price.of("0.1"), lotSize: Quantity.of("1"), minSize: Quantity.of("1"), minNotional: 0,
                               makerFee: 0, takerFee: 0)
        await #expect(throws: (any Error).self) { try await h.venue.prepare(ghost, leverage: nil, sides: [.net]) }
    }
}

/// Instrument rules reloaded while trading: a suspension is reported (its bots pause) and
/// orders for it are refused before they leave; trading again is reported too.
@Suite("OKX gateway: instrument rules") struct GatewayRulesTests {
    @Test func aSuspendedInstrumentIsReportedAndItsOrdersRefusedUntilItTradesAgain() async throws {
        let h = try await GatewayHarness.start(tune: { s in
            s.clockSyncEvery = .milliseconds(100)
            s.rulesRefreshEvery = .milliseconds(100)
        })
        defer { Task { await h.stop() } }
        try await h.open()
        _ = try await h.venue.prepare(GatewayHarness.btc, leverage: nil, sides: [.net])
        try h.fake.setInstrumentState("BTC-USDT-SWAP", .suspend)
        // The rules are read through the process-wide public pacer, which the other tests' fakes
        // share when they run beside this one: a while, on a loaded machine.
        try await gwWait(30, "the suspension") { h.sink.suspensions == [true] }
        let ack = await h.venue.call(.submit(gwOrder(1, .buy, .market, "0.01")), instrument: GatewayHarness.btc)
        guard case .rejected(let code, _) = ack else { Issue.record("expected a refusal, got \(ack)"); return }
        #expect(code == "51022")
        #expect(h.fake.counters.requests["/api/v5/trade/order"] == nil)
        try h.fake.setInstrumentState("BTC-USDT-SWAP", .live)
        try await gwWait(30, "trading again") { h.sink.suspensions == [true, false] }
        #expect(await h.venue.call(.submit(gwOrder(2, .buy, .market, "0.01")), instrument: GatewayHarness.btc) == .accepted)
    }
}
