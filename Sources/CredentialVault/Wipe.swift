import COpenSSL

/// Overwrites `bytes` with zeros in place, through OpenSSL's cleanse (which the optimiser may
/// not drop as a dead store), before the buffer is freed.
///
/// Only the array's own storage is wiped: call it on the array that owns the bytes, not a copy
/// (a copy-on-write array still shared would be copied first, and the copy wiped).
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
    }
}
