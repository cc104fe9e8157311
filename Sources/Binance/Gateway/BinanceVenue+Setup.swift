import BinanceWire
import BotCore
import HTTPTransport
import Logging
import VenueSocket

/// Opening an account: its clock, its key and what the key may do, the limits and fees in
/// force, then the user data stream and the periodic checks; readying an instrument: its rules.
extension BinanceVenue {
    public func open() async throws {
        guard !opened else { return }
        do { try await rest.syncClock() } catch {
            throw BinanceAccountError("cannot reach Binance at \(rest.base) to read its clock: \(error)")
        }
        let account: BinanceAccount
        do {
            if settings.checksKeyRestrictions {
                let key = try await decode(BinanceAPIRestrictions.self, BinanceRest.apiRestrictions())
                if key.enableWithdrawals {
                    throw BinanceAccountError("the API key can withdraw funds; botd refuses such keys: edit the key on Binance "
                                              + "(API Management) and untick Enable Withdrawals, or create one with Enable Reading "
                                              + "and Enable Spot & Margin Trading only")
                }
                if !key.enableSpotAndMarginTrading {
                    throw BinanceAccountError("the API key cannot trade: tick Enable Spot & Margin Trading for it on Binance (API Management)")
                }
            }
            account = try await decode(BinanceAccount.self, BinanceRest.account(omitZeroBalances: true))
        } catch let e as BinanceError {
            throw BinanceAccountError(Self.explain(e))
        } catch let e as HTTPError {
            throw BinanceAccountError("cannot reach Binance at \(rest.base): \(e)")
        }
        if !account.canTrade {
            throw BinanceAccountError("Binance says the account cannot trade (canTrade false): check the account's status on Binance")
        }
        fees = account.commissionRates
        opened = true
        openedAtMs = rest.clock.nowMs
        startUserStream()
        tasks.append(Task { [weak self] in await self?.maintain() })
        logger.info("Binance account ready", metadata: ["uid": "\(account.uid.map(String.init) ?? "?")",
                                                        "maker_fee": "\(account.commissionRates.maker)",
                                                        "taker_fee": "\(account.commissionRates.taker)",
                                                        "clock_offset_ms": "\(rest.clock.offsetMs)"])
    }

    /// What an error on the account's first calls means, in the user's terms.
    static func explain(_ e: BinanceError) -> String {
        switch e.kind {
        case .badAPIKey: "Binance does not know the API key (\(e.code.map(String.init) ?? "") \(e.message)): check the account's api key"
        case .keyRefused:
            "Binance refused the API key (\(e.code.map(String.init) ?? "") \(e.message)): check the key, its permissions and its IP whitelist"
        case .badSignature: "Binance refused the request's signature (\(e.code.map(String.init) ?? "") \(e.message)): the API secret is wrong"
        case .clockSkew: "Binance refused the request's time (\(e.code.map(String.init) ?? "") \(e.message)): this machine's clock is off; enable NTP"
        case .ipBanned: "Binance has banned this machine's IP address for a while (\(e.message)): wait for the ban to end"
        default: "Binance refused the account check: \(e)"
        }
    }

    /// One WebSocket API connection for the account's user data, kept for as long as the
    /// account is open.
    func startUserStream() {
        userSocket?.cancel()
        let stream = BinanceUserStream(credentials: credentials, clock: rest.clock, recvWindowMs: rest.recvWindowMs, venue: self)
        let policy = SocketPolicy(backoffInitial: .milliseconds(250), backoffMax: .seconds(15))
        let socket = ReconnectingSocket(url: settings.webSocketAPIURL, caFile: settings.caFile, policy: policy, handler: stream,
                                        logger: logger)
        userSocket = Task { await socket.run() }
    }

    /// The clock re-measured every `clockSyncEvery`; the rules of every traded symbol (and the
    /// limits) reloaded every `rulesRefreshEvery`.
    func maintain() async {
        var lastRules = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.clockSyncEvery)
            if Task.isCancelled { return }
            do { try await rest.syncClock() } catch {
                logger.warning("measuring Binance's clock failed", metadata: ["error": "\(error)"])
            }
            if lastRules.duration(to: .now) >= settings.rulesRefreshEvery {
                lastRules = .now
                do { try await loadRules(tradedSymbols()) } catch {
                    logger.warning("reloading the symbols' rules failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// The symbol's rules from `exchangeInfo`, which win over data/instruments.toml.
    public func prepare(_ instrument: Instrument, leverage: Ratio?, sides: [PositionSide]) async throws -> Instrument {
        let symbol = instrument.id.symbol
        guard instrument.kind == .spot else {
            throw BinanceAccountError("\(instrument.id) is not spot: a Binance account trades spot only")
        }
        if sides.contains(where: { $0 != .net }) {
            throw BinanceAccountError("spot has no long or short legs: \(symbol)'s bot must trade the net position")
        }
        configured[symbol] = instrument
        let rules: Instrument
        do {
            guard let r = try await loadRules([symbol])[symbol] else { throw BinanceAccountError("Binance does not list \(symbol)") }
            rules = r
        } catch let e as BinanceError {
            throw BinanceAccountError(e.kind == .unknownSymbol ? "Binance does not list \(symbol)" : "reading \(symbol)'s rules from Binance failed: \(e)")
        }
        if Self.rulesDiffer(instrument, rules) {
            logger.notice("Binance's rules differ from data/instruments.toml; Binance's are used", metadata: [
                "instrument": "\(symbol)", "tick": "\(instrument.tickSize) → \(rules.tickSize)",
                "lot": "\(instrument.lotSize) → \(rules.lotSize)", "min_size": "\(instrument.minSize) → \(rules.minSize)",
                "min_notional": "\(instrument.minNotional) → \(rules.minNotional)"])
        }
        return rules
    }

    public func close() async {
        for t in tasks { t.cancel() }
        tasks = []
        userSocket?.cancel()
        userSocket = nil
        keptStopsTask?.cancel()
        keptStopsTask = nil
        opened = false
        rest.close()
    }
}
