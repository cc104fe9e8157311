import BotCore
import Foundation
import Synchronization

/// An order submission as the write-ahead path records it: the order, the bot's snapshot
/// that already knows of it, and the events that report it (its `order_placed`), which reach
/// the event log with the order and only with it.
public struct JournaledOrder: Sendable, Equatable {
    public var bot: String
    public var instrument: String
    public var order: OrderRequest
    public var snapshot: [UInt8]
    public var nextSequence: UInt64
    public var ts: Int64
    public var events: [RuntimeEvent]

    public init(bot: String, instrument: String, order: OrderRequest, snapshot: [UInt8], nextSequence: UInt64, ts: Int64,
                events: [RuntimeEvent] = []) {
        self.bot = bot
        self.instrument = instrument
        self.order = order
        self.snapshot = snapshot
        self.nextSequence = nextSequence
        self.ts = ts
        self.events = events
    }
}

/// The write-ahead journal of order submissions: one `write` appends an order and its
/// snapshot, and the order may leave; the store copies entries into SQLite before it does
/// anything else, so every read and write of the record sees them.
///
/// Why not the SQLite transaction itself: on this kind of machine, an order after the process
/// has idled meets cold caches, and a transaction (BEGIN, two tables, an index, COMMIT: about
/// nine `pwrite`s and six `fcntl`s) then costs 150–500 µs; one `write` costs 10–45 µs. An
/// appended entry is as safe as a committed transaction under `synchronous=NORMAL`: both are
/// in the page cache when the call returns and survive the process being killed; with
/// durability `full` each append is also `fdatasync`ed.
///
/// File format: records of `magic, length, checksum, payload`, little-endian. A record cut
/// short by a crash fails its length or checksum and is dropped with everything after it: its
/// `append` never returned, so its order never left. One process appends at a time (an
/// advisory lock, taken at the first append); others only read. The payload ends with the
/// events (a count, then each event's JSON), left out when there are none: entries written
/// before events existed read back with none, and a build that predates them skips them (it
/// reads a record by its length).
public final class OrderJournal: Sendable {
    static let magic: UInt32 = 0x314A_5242  // "BRJ1"
    static let headerSize = 16
    /// Applied entries are cut from the file once it is larger than this.
    static let compactBytes = 1 << 20

    struct State {
        var fd: Int32
        var size: Int
        var pending: [JournaledOrder] = []
        var owner = false
    }

    public let path: String
    let sync: Bool
    private let state: Mutex<State>
    /// Called after an append that found nothing pending (see `Store.wakeJournal`), once
    /// `followed` is set: until someone follows the event log, an append pays one relaxed
    /// load for it (calling the hook after every 2 ms idle spell cost the append 10 µs of its
    /// 14 at p50, cold code and locks).
    private let appended = Mutex<(@Sendable () -> Void)?>(nil)
    let followed = Atomic<Bool>(false)

    public init(path: String, sync: Bool = false) throws {
        self.path = path
        self.sync = sync
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let size = Int(lseek(fd, 0, SEEK_END))
        state = Mutex(State(fd: fd, size: max(size, 0)))
    }

    deinit { _ = state.withLock { close($0.fd) } }

    /// Appends one submission; when this returns, the order may be sent.
    public func append(_ entry: JournaledOrder) throws {
        var record = [UInt8]()
        Self.encode(entry, into: &record)
        let first = try state.withLock { s in
            if !s.owner {
                guard flock(s.fd, LOCK_EX | LOCK_NB) == 0 else {
                    throw JournalError("\(path) is being written by another process")
                }
                s.owner = true
            }
            var written = -1
            repeat {
                written = record.withUnsafeBytes { write(s.fd, $0.baseAddress, $0.count) }
            } while written < 0 && errno == EINTR
            if written != record.count {
                let reason = written < 0 ? String(cString: strerror(errno)) : "short write"
                // Cut a partial record off, so the next append starts on a record boundary.
                _ = ftruncate(s.fd, off_t(s.size))
                throw JournalError("cannot append to \(path): \(reason)")
            }
            if sync, fdatasync(s.fd) != 0 {
                throw JournalError("cannot sync \(path): \(String(cString: strerror(errno)))")
            }
            s.size += record.count
            s.pending.append(entry)
            return s.pending.count == 1
        }
        if first, followed.load(ordering: .relaxed), let hook = appended.withLock({ $0 }) { hook() }
    }

    /// What to call when an append finds nothing pending before it.
    func onFirstPending(_ hook: @escaping @Sendable () -> Void) { appended.withLock { $0 = hook } }

    /// Whether anything appended has not been taken for SQLite yet (the store asks before
    /// each statement; an uncontended lock costs little next to the statement).
    var hasPending: Bool { state.withLock { !$0.pending.isEmpty } }

    /// The appended entries not yet taken, oldest first.
    func takePending() -> [JournaledOrder] {
        state.withLock { s in
            let p = s.pending
            s.pending.removeAll(keepingCapacity: true)
            return p
        }
    }

    /// Returns entries whose copy into SQLite failed, to be tried again first.
    func putBack(_ entries: [JournaledOrder]) {
        state.withLock { $0.pending.insert(contentsOf: entries, at: 0) }
    }

    /// Empties the file once everything in it is in SQLite (committed) and it has grown past
    /// `compactBytes`, or whatever its size with `force`. Only the appending process does.
    func compact(force: Bool = false) {
        state.withLock { s in
            guard s.owner, s.pending.isEmpty, force || s.size > Self.compactBytes else { return }
            if ftruncate(s.fd, 0) == 0 { s.size = 0 }
        }
    }

    /// Every intact entry in the file, oldest first, if no other process is appending to it
    /// (nil then: that process applies its own). A damaged tail is cut off. The file stays
    /// locked until `endRecovery`, which empties it once the entries are in SQLite.
    func recover() throws -> [JournaledOrder]? {
        try state.withLock { s in
            if !s.owner {
                guard flock(s.fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
            }
            s.size = max(Int(lseek(s.fd, 0, SEEK_END)), 0)
            guard s.size > 0 else { return [] }
            var bytes = [UInt8](repeating: 0, count: s.size)
            let n = bytes.withUnsafeMutableBytes { pread(s.fd, $0.baseAddress, $0.count, 0) }
            guard n == s.size else {
                if !s.owner { _ = flock(s.fd, LOCK_UN) }
                throw JournalError("cannot read \(path)")
            }
            var entries: [JournaledOrder] = []
            var at = 0
            while let (entry, next) = Self.decode(bytes, at: at) {
                entries.append(entry)
                at = next
            }
            if at < s.size {
                _ = ftruncate(s.fd, off_t(at))
                s.size = at
            }
            return entries
        }
    }

    /// After `recover` returned entries: `applied` when they are committed to SQLite.
    func endRecovery(applied: Bool) {
        state.withLock { s in
            if applied, s.pending.isEmpty, ftruncate(s.fd, 0) == 0 { s.size = 0 }
            if !s.owner { _ = flock(s.fd, LOCK_UN) }
        }
    }
}

public struct JournalError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}

// MARK: - Records

extension OrderJournal {
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: enough to tell a torn write, not an attack
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func encode(_ e: JournaledOrder, into out: inout [UInt8]) {
        var p = [UInt8]()
        p.reserveCapacity(96 + e.bot.utf8.count + e.instrument.utf8.count + e.snapshot.count)
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { p.append(contentsOf: $0) } }
        func text(_ s: String) { u64(UInt64(s.utf8.count)); p.append(contentsOf: s.utf8) }
        let r = e.order
        text(e.bot); text(e.instrument)
        u64(r.id.botHash); u64(r.id.sequence)
        text(r.side.rawValue); text(r.positionSide.rawValue); text(r.timeInForce.rawValue)
        text(r.priceRounding.rawValue); text(r.quantityRounding.rawValue)
        switch r.type {
        // A market order sized in quote is kind 4, its quote amount in the price's word.
        case .market where r.quoteQuantity != nil: u64(4); u64(UInt64(bitPattern: r.quoteQuantity!.raw)); u64(0)
        case .market: u64(0); u64(0); u64(0)
        case .limit(let price): u64(1); u64(UInt64(bitPattern: price.raw)); u64(0)
        case .stopMarket(let trigger): u64(2); u64(0); u64(UInt64(bitPattern: trigger.raw))
        case .stopLimit(let trigger, let price): u64(3); u64(UInt64(bitPattern: price.raw)); u64(UInt64(bitPattern: trigger.raw))
        }
        u64(UInt64(bitPattern: r.quantity.raw)); u64(r.reduceOnly ? 1 : 0)
        u64(e.nextSequence); u64(UInt64(bitPattern: e.ts))
        u64(UInt64(e.snapshot.count)); p.append(contentsOf: e.snapshot)
        if !e.events.isEmpty {
            u64(UInt64(e.events.count))
            for event in e.events {
                let json = event.json
                u64(UInt64(json.count)); p.append(contentsOf: json)
            }
        }

        out.reserveCapacity(headerSize + p.count)
        withUnsafeBytes(of: magic.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(p.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: p.withUnsafeBytes(checksum).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: p)
    }

    /// The record at `at` and where the next begins; nil at the end or at a damaged record.
    static func decode(_ bytes: [UInt8], at start: Int) -> (JournaledOrder, Int)? {
        func word<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T? {
            guard at >= 0, at + MemoryLayout<T>.size <= bytes.count else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
        }
        guard word(start, UInt32.self) == magic, let length = word(start + 4, UInt32.self).map(Int.init),
              let sum = word(start + 8, UInt64.self) else { return nil }
        let body = start + headerSize
        guard body + length <= bytes.count,
              bytes.withUnsafeBytes({ checksum(UnsafeRawBufferPointer(rebasing: $0[body..<(body + length)])) }) == sum
        else { return nil }
        var at = body
        func u64() -> UInt64? {
            defer { at += 8 }
            return word(at, UInt64.self)
        }
        func data() -> [UInt8]? {
            guard let n = u64().map(Int.init), n >= 0, at + n <= body + length else { return nil }
            defer { at += n }
            return Array(bytes[at..<(at + n)])
        }
        func text() -> String? { data().map { String(decoding: $0, as: UTF8.self) } }
        guard let bot = text(), let instrument = text(), let botHash = u64(), let sequence = u64(),
              let side = text().flatMap(Side.init(rawValue:)), let positionSide = text().flatMap(PositionSide.init(rawValue:)),
              let tif = text().flatMap(TimeInForce.init(rawValue:)), let priceRounding = text().flatMap(RoundingRule.init(rawValue:)),
              let quantityRounding = text().flatMap(RoundingRule.init(rawValue:)),
              let kind = u64(), let price = u64().map({ Price(raw: Int64(bitPattern: $0)) }),
              let trigger = u64().map({ Price(raw: Int64(bitPattern: $0)) }),
              let quantity = u64().map({ Quantity(raw: Int64(bitPattern: $0)) }), let reduceOnly = u64(),
              let nextSequence = u64(), let ts = u64(), let snapshot = data()
        else { return nil }
        // The events, if the entry has any. Their bytes passed the checksum, so an event that
        // does not decode was written so by some build: it is dropped, never the order with it.
        var events: [RuntimeEvent] = []
        let end = body + length
        if at < end {
            guard at + 8 <= end, let count = u64(), count <= UInt64(length) else { return nil }
            for _ in 0..<count {
                guard let json = data() else { return nil }
                if let event = try? RuntimeEvent(json: json) { events.append(event) }
            }
        }
        let type: OrderType
        var quote: Money?
        switch kind {
        case 0: type = .market
        case 4: type = .market; quote = Money(raw: price.raw)
        case 1: type = .limit(price)
        case 2: type = .stopMarket(trigger: trigger)
        case 3: type = .stopLimit(trigger: trigger, price: price)
        default: return nil
        }
        let order = OrderRequest(id: ClientOrderID(botHash: botHash, sequence: sequence), side: side, type: type, quantity: quantity,
                                 reduceOnly: reduceOnly != 0, positionSide: positionSide, timeInForce: tif,
                                 priceRounding: priceRounding, quantityRounding: quantityRounding, quoteQuantity: quote)
        return (JournaledOrder(bot: bot, instrument: instrument, order: order, snapshot: snapshot, nextSequence: nextSequence,
                               ts: Int64(bitPattern: ts), events: events), body + length)
    }
}
