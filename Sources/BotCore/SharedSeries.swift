import Synchronization

/// An indicator computed from the closed bars of one instrument and timeframe: equal
/// parameters give an equal series, so every bot that reads it can share one.
public protocol SeriesIndicator: Sendable {
    associatedtype Reading: Sendable
    /// Adds a closed bar; the reading as of its close.
    mutating func close(_ bar: Candle) -> Reading
    /// The reading as if the forming `bar` closed now, leaving the indicator as it is.
    func peek(_ bar: Candle) -> Reading
}

/// What `SeriesScope` keeps of each series a strategy made, to bring it up to date.
public protocol SeriesCatchUp: AnyObject, Sendable {
    /// Computes the closed bars of `history` this series has not seen (all of them when new).
    func catchUp(_ history: [Candle], through: Int64, keepAll: Bool)
}

/// One indicator's series, computed once per closed bar and read by every strategy holding it.
///
/// Bars are computed when first asked for (by whichever bot gets there first) and their
/// readings kept, so bots that are behind, or replay history after a restart, read the same
/// values. A forming bar's peek is computed once per bar state and kept too; a bot asking for
/// a state of a bar the series has closed since gets no peek (nil) rather than a wrong one. A series nobody shares
/// (sharing off, a backtest of one bot) is the same object with one reader.
public final class SharedSeries<I: SeriesIndicator>: SeriesCatchUp, @unchecked Sendable {
    struct Book {
        /// The indicator before any bar, to start again from a longer history.
        let initial: I
        var indicator: I
        /// The first bar ever computed (readings before it were never made).
        var startTs: Int64?
        var ts: [Int64] = []
        var readings: [I.Reading] = []
        /// The last peek, by the whole forming bar: made from the state before that bar closed,
        /// so still right for a bot reading it after the close.
        var lastPeek: (bar: Candle, reading: I.Reading)?
        var retain: Int

        init(indicator: I, retain: Int) {
            initial = indicator
            self.indicator = indicator
            self.retain = retain
        }
    }

    private let book: Mutex<Book>

    /// `retain`: readings kept at least; a bot can be this many bars behind (or replay this
    /// much history) and still read its own. It grows to the longest history caught up.
    public init(_ indicator: I, retain: Int = 64) {
        book = Mutex(Book(indicator: indicator, retain: max(retain, 64)))
    }

    /// The reading at the close of `bar`; nil for a bar older than what is kept.
    public func reading(_ bar: Candle) -> I.Reading? {
        book.withLock { b in
            if let last = b.ts.last, bar.ts <= last {
                // Most reads are of the newest bar; a bot replaying history reads old ones.
                if bar.ts == last { return b.readings[b.ts.count - 1] }
                var lo = 0, hi = b.ts.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if b.ts[mid] < bar.ts { lo = mid + 1 } else { hi = mid }
                }
                return b.ts[lo] == bar.ts ? b.readings[lo] : nil
            }
            return Self.close(&b, bar)
        }
    }

    /// The reading as if the forming `bar` closed now; nil when the series has closed that
    /// bar already and no bot peeked at this state of it before (the state it would need is
    /// gone: keeping it would cost a copy of the indicator at every close).
    public func peek(_ bar: Candle) -> I.Reading? {
        book.withLock { b in
            if let p = b.lastPeek, p.bar == bar { return p.reading }
            if let last = b.ts.last, bar.ts <= last { return nil }
            let r = b.indicator.peek(bar)
            b.lastPeek = (bar, r)
            return r
        }
    }

    /// A history reaching further back than the series' first bar starts the series again
    /// over it: the series is always the one of the longest history a bot brought (a bot that
    /// warms up longer, started after one that needs less, must not read a series that
    /// never saw its older bars). Bots read the corrected values from then on; at start-up,
    /// where this happens, they are still replaying history and decide nothing.
    ///
    /// `through`: only bars up to this time (a series of one bot, which replays the bars after
    /// it and computes them then); `keepAll`: keep a reading for every bar of the history (a
    /// shared series, which other bots replay from wherever their snapshots left them).
    public func catchUp(_ history: [Candle], through: Int64 = .max, keepAll: Bool = true) {
        book.withLock { b in
            if keepAll { b.retain = max(b.retain, history.count + 64) }
            if let first = history.first?.ts, let start = b.startTs, first < start {
                b.indicator = b.initial
                (b.startTs, b.lastPeek) = (nil, nil)
                b.ts.removeAll()
                b.readings.removeAll()
            }
            for bar in history where bar.ts > (b.ts.last ?? .min) && bar.ts <= through { _ = Self.close(&b, bar) }
        }
    }

    /// Reads the indicator as it stands (for tests and tools).
    public func inspect<R: Sendable>(_ body: (I) -> R) -> R { book.withLock { body($0.indicator) } }

    /// How many bars this series has computed and keeps (for tests and metrics).
    public var kept: Int { book.withLock { $0.ts.count } }

    private static func close(_ b: inout Book, _ bar: Candle) -> I.Reading {
        if b.startTs == nil { b.startTs = bar.ts }
        let r = b.indicator.close(bar)
        b.ts.append(bar.ts)
        b.readings.append(r)
        // Trimmed in halves, so the copy is paid once per `retain` bars.
        if b.ts.count > 2 * b.retain {
            b.ts.removeFirst(b.ts.count - b.retain)
            b.readings.removeFirst(b.readings.count - b.retain)
        }
        return r
    }
}

/// Where a strategy gets its series: shared through a `SeriesBook` by everything with the
/// same instrument, timeframe and key, or its own. It remembers what the strategy made, so
/// the runtime can compute each over the bot's history before the bot replays it.
public final class SeriesScope: @unchecked Sendable {
    let book: SeriesBook?
    let instrument: InstrumentID
    let timeframe: Timeframe
    private let made = Mutex<[any SeriesCatchUp]>([])

    /// `book` nil: every series is the strategy's own.
    public init(book: SeriesBook?, instrument: InstrumentID, timeframe: Timeframe) {
        self.book = book
        self.instrument = instrument
        self.timeframe = timeframe
    }

    /// The series of `key` (which must name the indicator and every parameter it is built with).
    public func series<I: SeriesIndicator>(_ key: String, _ make: () -> I) -> SharedSeries<I> {
        // A series of one bot keeps only what it reads next.
        let s = book?.series(SeriesBook.Key(instrument: instrument, timeframe: timeframe, name: key), make) ?? SharedSeries(make(), retain: 64)
        made.withLock { $0.append(s) }
        return s
    }

    /// Brings every series made through this scope up to date before the bot replays
    /// `history` from `replayFrom` on: a shared one over all of it, keeping every reading (other
    /// bots replay from elsewhere); the bot's own up to `replayFrom` only, keeping nothing (the
    /// replay computes the rest as it reads it).
    public func catchUp(_ history: [Candle], replayFrom: Int64 = .min) {
        for s in made.withLock({ $0 }) {
            if book != nil { s.catchUp(history, through: .max, keepAll: true) } else { s.catchUp(history, through: replayFrom, keepAll: false) }
        }
    }
}

/// Every shared series of a process (or of a portfolio backtest), by instrument, timeframe
/// and key. Series live as long as the book.
public final class SeriesBook: Sendable {
    public struct Key: Hashable, Sendable {
        public var instrument: InstrumentID
        public var timeframe: Timeframe
        public var name: String
    }

    private let all = Mutex<[Key: any SeriesCatchUp]>([:])

    public init() {}

    func series<I: SeriesIndicator>(_ key: Key, _ make: () -> I) -> SharedSeries<I> {
        all.withLock { all in
            if let s = all[key] as? SharedSeries<I> { return s }
            let s = SharedSeries(make(), retain: 4_096)
            all[key] = s
            return s
        }
    }

    /// Distinct series computed (one per instrument, timeframe and key).
    public var count: Int { all.withLock { $0.count } }
}
