import BotCore
import HTTPTransport
import Logging
import OKXWire
import VenueSocket

/// Opening an account: its clock, its key, its settings (never changed behind the user's
/// back), then the private stream and the periodic checks; readying an instrument: its rules
/// and leverage.
extension OKXVenue {
    public func open() async throws {
        guard !opened else { return }
        do { try await rest.syncClock() } catch {
            throw OKXAccountError("cannot reach OKX at \(rest.base) to read its clock: \(error)")
        }
        let config: OKXAccountConfig
        do {
            guard let c = try await data(OKXAccountConfig.self, OKXRest.accountConfig(), instId: nil).first else {
                throw OKXAccountError("OKX answered account/config without the account")
            }
            config = c
        } catch let e as OKXError {
            throw OKXAccountError(Self.explain(e, environment: rest.environment))
        } catch let e as HTTPError {
            throw OKXAccountError("cannot reach OKX at \(rest.base): \(e)")
        }
        if config.canWithdraw {
            throw OKXAccountError("the API key can withdraw funds; botd refuses such keys: create one with the Read and Trade permissions only")
        }
        if !config.canTrade {
            throw OKXAccountError("the API key cannot trade: give it the Trade permission (it has \(config.permissions.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        if config.positionMode != settings.positionMode {
            throw OKXAccountError("the account's position mode is \(config.positionMode.rawValue) but the account is configured for "
                                  + "\(settings.positionMode.rawValue); botd never changes it: on OKX open Settings → Trading → "
                                  + "Position mode and choose \(settings.positionMode == .longShort ? "Long/short" : "One-way") "
                                  + "(with no open positions or orders), or change position_mode")
        }
        opened = true
        openedAtMs = rest.clock.nowMs
        startStreams()
        logger.info("OKX account ready", metadata: ["uid": "\(config.uid)", "position_mode": "\(config.positionMode.rawValue)",
                                                    "clock_offset_ms": "\(rest.clock.offsetMs)"])
    }

    /// What an error on the account's first call means, in the user's terms.
    static func explain(_ e: OKXError, environment: OKXEnvironment) -> String {
        switch e.kind {
        case .badAPIKey: "OKX does not know the API key (\(e.code) \(e.message)): check the variable api_key_env names"
        case .badPassphrase: "OKX refused the passphrase (\(e.code) \(e.message)): check the variable passphrase_env names"
        case .badSignature: "OKX refused the request's signature (\(e.code) \(e.message)): the API secret is wrong"
        case .clockSkew: "OKX refused the request's time (\(e.code) \(e.message)): this machine's clock is off; enable NTP"
        case .environmentMismatch:
            "the API key is not a \(environment.rawValue) key (\(e.code) \(e.message)): demo keys are made in OKX's demo trading, live keys outside it"
        case .ipNotAllowed: "OKX refused this machine's IP address for the key (\(e.code) \(e.message)): add it to the key's whitelist"
        case .permissionDenied: "the API key lacks a permission botd needs (\(e.code) \(e.message))"
        default: "OKX refused the account check: \(e)"
        }
    }

    func startStreams() {
        let priv = OKXPrivateStream(endpoint: .privateData, channels: [.orders(.any), .positions(.any)], credentials: credentials,
                                    clock: rest.clock, venue: self)
        let business = OKXPrivateStream(endpoint: .business, channels: [.algoOrders(.any)], credentials: credentials,
                                        clock: rest.clock, venue: self)
        let policy = SocketPolicy(keepAlive: (text: OKXWSRequest.ping, idle: .seconds(25), answerWithin: .seconds(5)),
                                  backoffInitial: .milliseconds(250), backoffMax: .seconds(15))
        for (stream, url) in [(priv, settings.privateURL), (business, settings.businessURL)] {
            let socket = ReconnectingSocket(url: url, caFile: settings.caFile, policy: policy, handler: stream, logger: logger)
            tasks.append(Task { await socket.run() })
        }
        tasks.append(Task { [weak self] in await self?.maintain() })
        tasks.append(Task { [weak self] in await self?.watchSettlements() })
    }

    /// The clock re-measured every `clockSyncEvery`; the rules of every traded instrument
    /// reloaded every `rulesRefreshEvery`.
    func maintain() async {
        var lastRules = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.clockSyncEvery)
            if Task.isCancelled { return }
            do { try await rest.syncClock() } catch {
                logger.warning("measuring OKX's clock failed", metadata: ["error": "\(error)"])
            }
            if lastRules.duration(to: .now) >= settings.rulesRefreshEvery {
                lastRules = .now
                await refreshRules()
            }
        }
    }

    func refreshRules() async {
        for instId in Set(configured.keys).union(rulesByID.keys).sorted() {
            let wasSuspended = suspended.contains(instId)
            do { _ = try await loadRules(instId, makerFee: settings.makerFee, takerFee: settings.takerFee) } catch {
                logger.warning("reloading an instrument's rules failed", metadata: ["instrument": "\(instId)", "error": "\(error)"])
            }
            if suspended.contains(instId) != wasSuspended {
                logger.warning(wasSuspended ? "instrument trades again on OKX" : "instrument suspended on OKX: its orders are refused",
                               metadata: ["instrument": "\(instId)"])
            }
        }
    }

    public func prepare(_ instrument: Instrument, leverage: Ratio?, sides: [PositionSide]) async throws -> Instrument {
        let instId = instrument.id.symbol
        configured[instId] = instrument
        let rules: Instrument
        do {
            guard let r = try await loadRules(instId, makerFee: instrument.makerFee, takerFee: instrument.takerFee) else {
                throw OKXAccountError("OKX does not list \(instId)")
            }
            rules = r
        } catch let e as OKXError {
            throw OKXAccountError("reading \(instId)'s rules from OKX failed: \(e)")
        }
        if Self.rulesDiffer(instrument, rules) {
            logger.notice("OKX's rules differ from data/instruments.toml; OKX's are used", metadata: [
                "instrument": "\(instId)", "tick": "\(instrument.tickSize) → \(rules.tickSize)",
                "lot": "\(instrument.lotSize) → \(rules.lotSize)", "min_size": "\(instrument.minSize) → \(rules.minSize)"])
        }
        if let leverage, instrument.kind == .perpetual {
            let legs: [PositionSide?] = settings.marginMode == .isolated && settings.positionMode == .longShort
                ? Array(Set(sides.filter { $0 != .net })).sorted { $0.rawValue < $1.rawValue } : [nil]
            for leg in legs where !leverageSet.contains("\(instId)|\(leg?.rawValue ?? "net")") {
                let request = try OKXRest.setLeverage(instId: instId, leverage: leverage, marginMode: settings.marginMode, positionSide: leg)
                do {
                    _ = try await data(OKXLeverage.self, request, instId: nil)
                } catch let e as OKXError {
                    throw OKXAccountError("setting \(instId)'s leverage to \(leverage)\(leg.map { " (\($0.rawValue))" } ?? "") failed: \(e)")
                }
                leverageSet.insert("\(instId)|\(leg?.rawValue ?? "net")")
                logger.info("leverage set", metadata: ["instrument": "\(instId)", "leverage": "\(leverage)",
                                                       "side": "\(leg?.rawValue ?? "net")", "margin": "\(settings.marginMode.rawValue)"])
            }
        }
        return rules
    }

    public func close() async {
        for t in tasks { t.cancel() }
        tasks = []
        opened = false
        rest.close()
    }
}
