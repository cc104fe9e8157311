import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface: the implementation the process already links
/// for TLS, with its constant-time tag check.
enum AESGCM {
    static let nonceSize = 12
    static let tagSize = 16

    /// `count` bytes from OpenSSL's CSPRNG (`RAND_bytes`); nil when it cannot be seeded.
    static func randomBytes(_ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBytes { RAND_bytes($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count)) == 1 }
        return ok ? out : nil
    }

    /// The ciphertext (as long as `plaintext`) followed by the 16-byte tag over it and `aad`;
    /// nil when OpenSSL fails (out of memory).
    static func seal(_ plaintext: [UInt8], key: VaultKey, nonce: [UInt8], aad: [UInt8]) -> [UInt8]? {
        precondition(nonce.count == nonceSize)
        guard let ctx = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + tagSize)
        let ok = key.withBytes { k in
            nonce.withUnsafeBytes { n in
                aad.withUnsafeBytes { a in
                    plaintext.withUnsafeBytes { p in
                        out.withUnsafeMutableBytes { o -> Bool in
                            var length: Int32 = 0, final: Int32 = 0
                            guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
                                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonceSize), nil) == 1,
                                  EVP_EncryptInit_ex(ctx, nil, nil, bytes(k), bytes(n)) == 1,
                                  EVP_EncryptUpdate(ctx, nil, &length, bytes(a), Int32(a.count)) == 1,
                                  EVP_EncryptUpdate(ctx, mutableBytes(o), &length, bytes(p), Int32(p.count)) == 1,
                                  EVP_EncryptFinal_ex(ctx, mutableBytes(o)! + Int(length), &final) == 1,
                                  Int(length + final) == p.count else { return false }
                            return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagSize), o.baseAddress! + p.count) == 1
                        }
                    }
                }
            }
        }
        return ok ? out : nil
    }

    /// The plaintext of `sealed` (ciphertext then tag), or nil when the tag does not match:
    /// a wrong key, nonce or AAD, or any changed byte. Nothing decrypted is returned then.
    static func open(_ sealed: ArraySlice<UInt8>, key: VaultKey, nonce: ArraySlice<UInt8>, aad: [UInt8]) -> [UInt8]? {
        precondition(nonce.count == nonceSize && sealed.count >= tagSize)
        guard let ctx = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let ciphertext = sealed.dropLast(tagSize)
        var tag = Array(sealed.suffix(tagSize))
        // Exactly the plaintext's size, so it is never reallocated (leaving a copy behind).
        var out = [UInt8](repeating: 0, count: ciphertext.count)
        let ok = key.withBytes { k in
            nonce.withUnsafeBytes { n in
                aad.withUnsafeBytes { a in
                    ciphertext.withUnsafeBytes { c in
                        tag.withUnsafeMutableBytes { t in
                            out.withUnsafeMutableBytes { o -> Bool in
                                // OpenSSL writes nothing through an empty buffer, but wants a pointer.
                                var scratch: UInt8 = 0
                                var length: Int32 = 0, final: Int32 = 0
                                return withUnsafeMutablePointer(to: &scratch) { s in
                                    let target = mutableBytes(o) ?? s
                                    return EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1
                                        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonceSize), nil) == 1
                                        && EVP_DecryptInit_ex(ctx, nil, nil, bytes(k), bytes(n)) == 1
                                        && EVP_DecryptUpdate(ctx, nil, &length, bytes(a), Int32(a.count)) == 1
                                        && EVP_DecryptUpdate(ctx, target, &length, bytes(c), Int32(c.count)) == 1
                                        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagSize), t.baseAddress) == 1
                                        && EVP_DecryptFinal_ex(ctx, target + Int(length), &final) == 1
                                        && Int(length + final) == c.count
                                }
                            }
                        }
                    }
                }
            }
        }
        guard ok else { wipe(&out); return nil }
        return out
    }
}

private func bytes(_ b: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
    b.baseAddress?.assumingMemoryBound(to: UInt8.self)
}

private func mutableBytes(_ b: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8>? {
    b.baseAddress?.assumingMemoryBound(to: UInt8.self)
}
