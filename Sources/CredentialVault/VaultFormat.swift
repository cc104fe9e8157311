/// The vault file's layout (version 1):
///
///     offset  size  content
///     0       8     magic "BOTVAULT"
///     8       1     version (1)
///     9       12    nonce: fresh random bytes on every write
///     21      n     AES-256-GCM ciphertext of the entries (see `EntryEncoding`)
///     21+n    16    GCM tag over the ciphertext, with the magic and version as AAD
///
/// The header is authenticated, so a vault cannot be passed off as another version; it is
/// also checked in the clear first, so a file that is not a vault, or a newer one, is named
/// as such rather than as a wrong key.
enum VaultFormat {
    static let magic = Array("BOTVAULT".utf8)
    static let version: UInt8 = 1
    static var header: [UInt8] { magic + [version] }
    static var minimumSize: Int { header.count + AESGCM.nonceSize + AESGCM.tagSize }

    /// The file's bytes for `plaintext`, under a nonce drawn now. A random 96-bit nonce is safe
    /// for far more writes under one key than a person makes (2^32 before collisions matter).
    static func seal(_ plaintext: [UInt8], key: VaultKey, file: String) throws(VaultError) -> [UInt8] {
        guard let nonce = AESGCM.randomBytes(AESGCM.nonceSize) else {
            throw VaultError(.writeFailed, file, "OpenSSL's random generator failed; the vault was not written")
        }
        guard let sealed = AESGCM.seal(plaintext, key: key, nonce: nonce, aad: header) else {
            throw VaultError(.writeFailed, file, "OpenSSL could not encrypt the vault; it was not written")
        }
        return header + nonce + sealed
    }

    /// The plaintext inside a vault file's `bytes`, checked before anything is decrypted.
    static func open(_ bytes: [UInt8], key: VaultKey, file: String) throws(VaultError) -> [UInt8] {
        let head = header
        guard bytes.starts(with: magic) || magic.starts(with: bytes) else {
            throw VaultError(.notAVault, file, "is not a credentials vault (it does not start with \"BOTVAULT\")")
        }
        if bytes.count > magic.count && bytes[magic.count] != version {
            throw VaultError(.unsupportedVersion, file, "is a credentials vault of version \(bytes[magic.count]); this build reads version \(version)")
        }
        guard bytes.count >= minimumSize else {
            throw VaultError(.truncated, file, "is truncated: \(bytes.count) bytes, and a credentials vault has at least \(minimumSize)")
        }
        let nonce = bytes[head.count..<(head.count + AESGCM.nonceSize)]
        guard let plaintext = AESGCM.open(bytes[(head.count + AESGCM.nonceSize)...], key: key, nonce: nonce, aad: head) else {
            throw VaultError(.authenticationFailed, file, "cannot be decrypted: the key is not this vault's, or the file was changed or damaged")
        }
        return plaintext
    }
}
