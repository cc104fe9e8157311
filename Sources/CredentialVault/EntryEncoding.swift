import BotCore

/// The plaintext inside the vault: the entries sorted by account name, every length explicit,
/// so nothing needs escaping and a value may hold any byte.
///
///     content := u32 count, count × entry
///     entry   := string name, u8 n, n × (u8 field, string value)
///     field   := 1 api_key | 2 api_secret | 3 passphrase
///     string  := u32 length, UTF-8 bytes          (integers big-endian)
///
/// An unknown field, a repeated one, a missing key or secret, or bytes left over make the
/// content malformed: a later format gets a new vault version instead.
enum EntryEncoding {
    static let apiKey: UInt8 = 1, apiSecret: UInt8 = 2, passphrase: UInt8 = 3

    /// The encoded entries, in one buffer sized up front so it is never reallocated (which
    /// would leave copies of the secrets behind, unwiped). The caller wipes it.
    static func encode(_ entries: [String: VaultEntry]) -> [UInt8] {
        let sorted = entries.sorted { $0.key < $1.key }
        func fields(_ e: VaultEntry) -> [(UInt8, Secret)] {
            [(apiKey, e.apiKey), (apiSecret, e.apiSecret)] + (e.passphrase.map { [(passphrase, $0)] } ?? [])
        }
        var size = 4
        for (name, entry) in sorted {
            size += 4 + name.utf8.count + 1
            for (_, value) in fields(entry) { size += 1 + 4 + value.reveal.utf8.count }
        }
        var out = [UInt8]()
        out.reserveCapacity(size)
        func append(_ n: UInt32) { for shift in [24, 16, 8, 0] as [UInt32] { out.append(UInt8(n >> shift & 0xFF)) } }
        func append(_ s: String) {
            append(UInt32(s.utf8.count))
            out.append(contentsOf: s.utf8)
        }
        append(UInt32(sorted.count))
        for (name, entry) in sorted {
            append(name)
            let f = fields(entry)
            out.append(UInt8(f.count))
            for (tag, value) in f {
                out.append(tag)
                append(value.reveal)
            }
        }
        assert(out.count == size)
        return out
    }

    /// The entries, or nil when `bytes` is not content this version wrote.
    static func decode(_ bytes: [UInt8]) -> [String: VaultEntry]? {
        var at = 0
        func u32() -> Int? {
            guard bytes.count - at >= 4 else { return nil }
            defer { at += 4 }
            return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        func u8() -> UInt8? {
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return bytes[at]
        }
        func string() -> String? {
            guard let n = u32(), bytes.count - at >= n else { return nil }
            defer { at += n }
            return String(validating: bytes[at..<(at + n)], as: UTF8.self)
        }
        guard let count = u32() else { return nil }
        var entries: [String: VaultEntry] = [:]
        for _ in 0..<count {
            guard let name = string(), !name.isEmpty, entries[name] == nil, let n = u8() else { return nil }
            var values: [UInt8: Secret] = [:]
            for _ in 0..<n {
                guard let tag = u8(), (apiKey...passphrase).contains(tag), values[tag] == nil, let value = string() else { return nil }
                values[tag] = Secret(value)
            }
            guard let key = values[apiKey], let secret = values[apiSecret] else { return nil }
            entries[name] = VaultEntry(apiKey: key, apiSecret: secret, passphrase: values[passphrase])
        }
        return at == bytes.count ? entries : nil
    }
}
