/// Chunk sizes drawn from the input itself (a hash of it seeds the generator), so a seed file
/// stays a plain request line and a saved crash replays with the same split.
struct Chunks: IteratorProtocol {
    private var state: UInt64

    init(of input: [UInt8]) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in input { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        state = h
    }

    /// Mostly short pieces, as a socket delivers under load, now and then a long one.
    mutating func next() -> Int? {
        state &+= 0x9e37_79b9_7f4a_7c15  // splitmix64
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return z % 8 == 0 ? 1 + Int((z >> 8) % 4096) : 1 + Int((z >> 8) % 16)
    }
}
