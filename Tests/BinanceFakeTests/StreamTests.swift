import BinanceFake
import BotCore
import Testing

/// Market streams: the combined envelope, control frames, raw streams, klines closing, the
/// heartbeat, the message rate, and the end of a connection's life.
struct StreamTests {
    static let t0 = TestAccounts.t0

    @Test func combinedStreamsWrapEveryPayload() async throws {
        try await withFake { fake, urls async throws in
            let ws = try await fake.connect(urls.streams + "?streams=btcusdt@trade/btcusdt@bookTicker", urls)
            try fake.printTrade("BTCUSDT", price: 30_000, quantity: Quantity.of("0.5"), buyerIsMaker: true)
            let trade = try #require(await ws.push("btcusdt@trade"))
            let data = try #require(trade["data"])
            #expect(data.keys == ["e", "E", "s", "t", "p", "q", "T", "m", "M"])
            #expect(data.s("e") == "trade")
            #expect(data.s("s") == "BTCUSDT")
            #expect(data.s("p") == "30000.00000000")
            #expect(data.s("q") == "0.50000000")
            #expect(data["m"] == .bool(true))
            #expect(data["E"] == .int(fake.clock.nowMs))
            let book = try #require(await ws.push("btcusdt@bookTicker")?["data"])
            #expect(book.keys == ["u", "s", "b", "B", "a", "A"])
            #expect(book.s("b") == "29999.99000000")
            #expect(book.s("a") == "30000.01000000")
            await ws.close()
        }
    }

    @Test func controlFramesSubscribeUnsubscribeAndList() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.streams, urls)
            // Four messages a second at most: Binance drops a connection sending more than five.
            func ask(_ method: String, _ params: [String]? = nil, id: Int) async throws -> JSON? {
                clock.advance(by: 250)
                return try await ws.control(method, params, id: id)
            }
            #expect(try await ask("SUBSCRIBE", ["btcusdt@trade", "ethusdt@trade"], id: 1) == .object([("result", .null), ("id", .int(1))]))
            #expect(try await ask("LIST_SUBSCRIPTIONS", id: 2)?["result"] == ["btcusdt@trade", "ethusdt@trade"])
            #expect(try await ask("UNSUBSCRIBE", ["ethusdt@trade"], id: 3)?["result"] == .null)
            #expect(try await ask("LIST_SUBSCRIPTIONS", id: 4)?["result"] == ["btcusdt@trade"])
            try fake.printTrade("ETHUSDT", price: 2000)
            try fake.printTrade("BTCUSDT", price: 30_000)
            // Only BTCUSDT's trade comes: ETHUSDT's was unsubscribed.
            #expect(await ws.nextJSON()?.s("stream") == "btcusdt@trade")

            let badName = try #require(try await ask("SUBSCRIBE", ["BTCUSDT@trade"], id: 5))
            #expect(badName["code"] == .int(2))
            #expect(badName["id"] == .int(5))
            #expect(try await ask("FLY", id: 6)?["code"] == .int(2))
            #expect(try await ask("GET_PROPERTY", ["combined"], id: 7)?["result"] == .bool(true))
            #expect(try await ask("GET_PROPERTY", ["colour"], id: 8) == .object([("code", .int(0)), ("msg", "Unknown property"), ("id", .int(8))]))
            clock.advance(by: 250)
            try await ws.send("{not json")
            #expect(await ws.nextJSON()?["code"] == .int(3))
            // Not combined any more: payloads come as they are.
            clock.advance(by: 250)
            try await ws.send(#"{"method":"SET_PROPERTY","params":["combined",false],"id":9}"#)
            #expect(await ws.nextJSON()?["id"] == .int(9))
            try fake.printTrade("BTCUSDT", price: 30_001)
            #expect(await ws.nextJSON()?.s("e") == "trade")
            #expect(fake.counters.messageRateDrops == 0)
            await ws.close()
        }
    }

    @Test func rawStreamsSendPayloadsWithoutTheEnvelope() async throws {
        try await withFake { fake, urls async throws in
            let ws = try await fake.connect(urls.rawStreams + "/ethusdt@trade", urls)
            try fake.printTrade("ETHUSDT", price: 2000)
            let trade = try #require(await ws.nextJSON())
            #expect(trade["stream"] == nil)
            #expect(trade.s("e") == "trade")
            #expect(trade.s("s") == "ETHUSDT")
            await ws.close()
        }
    }

    @Test func theDepthStreamChainsItsUpdateIdsFromTheSnapshot() async throws {
        try await withFake { fake, urls async throws in
            try fake.printTrade("BTCUSDT", price: 30_000)
            let ws = try await fake.connect(urls.streams + "?streams=btcusdt@depth/btcusdt@depth5", urls)
            let snapshot = try #require(try await BinanceClient(fake, urls).publicGet("/api/v3/depth?symbol=BTCUSDT").json)
            let lastUpdateId = try #require(snapshot["lastUpdateId"]?.string.flatMap { Int64($0) })
            try fake.printTrade("BTCUSDT", price: 30_100)
            let update = try #require(await ws.push("btcusdt@depth")?["data"])
            #expect(update.s("e") == "depthUpdate")
            #expect(update["U"] == .int(lastUpdateId + 1))
            #expect(update["u"] == .int(lastUpdateId + 1))
            // The old levels leave with quantity 0, the new ones arrive.
            #expect(update["b"] == [["29999.99000000", "0.00000000"], ["30099.99000000", "100.00000000"]])
            #expect(update["a"] == [["30000.01000000", "0.00000000"], ["30100.01000000", "100.00000000"]])
            let partial = try #require(await ws.push("btcusdt@depth5")?["data"])
            #expect(partial["lastUpdateId"] == .int(lastUpdateId + 1))
            #expect(partial["asks"] == [["30100.01000000", "100.00000000"]])
            // A taker order eats into the ask: one more update, the level's new quantity.
            #expect(try await BinanceClient(fake, urls).market("BUY", quantity: "1").status == 200)
            let eaten = try #require(await ws.push("btcusdt@depth")?["data"])
            #expect(eaten["U"] == .int(lastUpdateId + 2))
            #expect(eaten["a"] == [["30100.01000000", "99.00000000"]])
            await ws.close()
        }
    }

    @Test func klinesUpdateAndCloseWithX() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.streams + "?streams=btcusdt@kline_1m", urls)
            clock.advance(by: 5_000)
            try fake.printTrade("BTCUSDT", price: 30_000, quantity: 2)
            clock.advance(by: 2_000)
            fake.tick()
            let forming = try #require(await ws.push("btcusdt@kline_1m")?["data"])
            #expect(forming.s("e") == "kline")
            let k = try #require(forming["k"])
            #expect(k.keys == ["t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B"])
            #expect(k["t"] == .int(Self.t0))
            #expect(k["T"] == .int(Self.t0 + 59_999))
            #expect(k.s("i") == "1m")
            #expect(k["x"] == .bool(false))
            try fake.printTrade("BTCUSDT", price: 30_050, quantity: 1)
            clock.advance(by: 60_000)
            fake.tick()
            let closed = try #require(await ws.push("btcusdt@kline_1m") { $0["data"]?["k"]?["x"] == .bool(true) }?["data"]?["k"])
            #expect(closed["t"] == .int(Self.t0))
            #expect(closed.s("o") == "30000.00000000")
            #expect(closed.s("c") == "30050.00000000")
            #expect(closed.s("v") == "3.00000000")
            #expect(closed["n"] == .int(2))
            await ws.close()
        }
    }

    @Test func pingsAnsweredWithPongsKeepAConnection() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.streams, urls)
            for n in 1...4 {
                clock.advance(by: 20_000)
                fake.tick()
                #expect(await eventually { fake.counters.pongsReceived == n })
            }
            // The pong copies the ping's payload.
            #expect(ws.pingsReceived.count == 4)
            #expect(ws.pingsReceived.first == Array(String(Self.t0 + 20_000).utf8))
            #expect(try await ws.control("LIST_SUBSCRIPTIONS", id: 1)?["result"] == [])
            #expect(fake.counters.pongTimeouts == 0)
            await ws.close()
        }
    }

    @Test func aConnectionWithoutAPongForAMinuteIsDropped() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.streams, urls)
            ws.answersPings = false
            clock.advance(by: 20_000)
            fake.tick()
            #expect(await eventually { ws.pingsReceived.count == 1 })
            // An unsolicited pong, or one with another payload, answers nothing.
            try await ws.sendPong(Array("hello".utf8))
            clock.advance(by: 40_000)
            fake.tick()
            #expect(await eventually { ws.pingsReceived.count == 2 })
            clock.advance(by: 19_999)
            fake.tick()
            #expect(await ws.next(timeout: .milliseconds(100)) == nil)
            clock.advance(by: 1)
            fake.tick()
            #expect(await ws.next() == .disconnected)
            #expect(fake.counters.pongTimeouts == 1)
        }
    }

    @Test func aConnectionHearsServerShutdownThenClosesAtTheEndOfItsLife() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        var limits = BinanceFake.Limits()
        limits.connectionLifetimeMs = 600_000
        limits.shutdownNoticeMs = 60_000
        limits.pingIntervalMs = 86_400_000
        try await withFake(clock: clock, limits: limits) { fake, urls async throws in
            let ws = try await fake.connect(urls.streams, urls)
            clock.advance(by: 539_999)
            fake.tick()
            #expect(await ws.next(timeout: .milliseconds(100)) == nil)
            clock.advance(by: 1)
            fake.tick()
            let notice = try #require(await ws.nextJSON())
            #expect(notice == .object([("stream", "!serverShutdown"), ("data", .object([("e", "serverShutdown"), ("E", .int(clock.nowMs))]))]))
            clock.advance(by: 59_999)
            fake.tick()
            #expect(await ws.next(timeout: .milliseconds(100)) == nil)
            clock.advance(by: 1)
            fake.tick()
            #expect(await ws.next() == .close(code: 1001, reason: ""))
            #expect(fake.counters.lifetimeCloses == 1)
            #expect(fake.counters.serverShutdownsSent == 1)
        }
    }

    @Test func aShutdownAnnouncedOnARawStream() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            let ws = try await fake.connect(urls.rawStreams, urls)
            fake.announceShutdown(afterMs: 5_000)
            #expect(await ws.nextJSON() == .object([("e", "serverShutdown"), ("E", .int(Self.t0))]))
            clock.advance(by: 5_000)
            fake.tick()
            #expect(await ws.next() == .close(code: 1001, reason: ""))
        }
    }

    @Test func moreThanFiveMessagesASecondDropAConnection() async throws {
        let clock = FakeClock(startMs: Self.t0, rate: 0)
        try await withFake(clock: clock) { fake, urls async throws in
            // Five in a second, answered before the clock moves on: within the limit.
            let polite = try await fake.connect(urls.streams, urls)
            for id in 1...5 { #expect(try await polite.control("LIST_SUBSCRIPTIONS", id: id)?["result"] == []) }
            clock.advance(by: 1_000)
            #expect(try await polite.control("LIST_SUBSCRIPTIONS", id: 6)?["result"] == [])
            // Pings count as much as requests: the sixth message in a second drops the connection.
            let chatty = try await fake.connect(urls.streams, urls)
            for _ in 0..<5 { try await chatty.sendPing() }
            try await chatty.send(#"{"method":"LIST_SUBSCRIPTIONS","id":1}"#)
            #expect(await chatty.next() == .disconnected)
            #expect(fake.counters.messageRateDrops == 1)
            #expect(polite.isOpen)
            await polite.close()
        }
    }
}
