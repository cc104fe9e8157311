/// What one document may hold. A configuration file a person writes stays far inside each
/// bound; a file beyond one is a mistake or hostile, and is refused with a `TOMLSyntaxError`
/// naming the bound, before it can exhaust the stack, the memory or the time of the daemon.
/// (`standard` is what `TOMLParser` uses; tests make smaller ones to reach them cheaply.)
struct TOMLLimits {
    static let standard = TOMLLimits()

    /// BotRuntime's files are a few KB (the instrument catalog, the largest, under 2 KB);
    /// 10 MiB holds thousands of instruments and bots and still parses in well under a second.
    var maxInputBytes = 10 << 20

    /// Tables and arrays enclosing one another, the root not counted: in `[a.b]` the table b
    /// is at depth 2 and, under it, `c = [[1]]` puts its arrays at 3 and 4; `[[a]]` is an
    /// array at 1 holding tables at 2. Settings nest a few levels; 64 leaves room for any
    /// layout while keeping every recursion over a value (parsing, comparing, freeing) a
    /// few KB of stack, even on a thread with a small one.
    var maxDepth = 64

    /// Parts of one dotted key or table name: each part is a level, so no more than the depth.
    var maxKeyParts: Int { maxDepth }

    /// Bytes of one key (one part of a dotted key). Setting names are words; 1 KiB also takes
    /// quoted keys such as URLs or paths.
    var maxKeyBytes = 1 << 10

    /// Bytes of one string after escapes. A certificate or a long note is a few KB.
    var maxStringBytes = 1 << 20

    /// Values (array items included) and tables in one document. Each costs tens of bytes
    /// once parsed, so this bounds the parsed tree to tens of MB whatever the file's shape;
    /// a catalog of 10,000 instruments of 20 keys each is a fifth of it.
    var maxItems = 1_000_000
}
