@testable import CredentialVault
import Testing

/// The cipher is AES-256-GCM as specified: the GCM paper's test cases 14 and 16 (McGrew and
/// Viega), sealed and opened.
struct AESGCMTests {
    @Test(arguments: [
        // Test case 14: a zero key, nonce and block, no AAD.
        ("0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
         "00000000000000000000000000000000", "",
         "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
        // Test case 16: 60 bytes with 20 bytes of AAD.
        ("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
         "76fc6ece0f4e1768cddf8853bb2d551b"),
    ])
    func publishedVectors(key: String, nonce: String, plaintext: String, aad: String, ciphertext: String, tag: String) throws {
        let k = try #require(VaultKey(bytes: unhex(key)))
        let sealed = try #require(AESGCM.seal(unhex(plaintext), key: k, nonce: unhex(nonce), aad: unhex(aad)))
        #expect(hex(sealed) == ciphertext + tag)
        #expect(AESGCM.open(sealed[...], key: k, nonce: unhex(nonce)[...], aad: unhex(aad)) == unhex(plaintext))
        // Another AAD: the same bytes no longer open.
        #expect(AESGCM.open(sealed[...], key: k, nonce: unhex(nonce)[...], aad: unhex(aad) + [0]) == nil)
    }

    @Test func randomBytesComeFromOpenSSLAndDiffer() throws {
        let a = try #require(AESGCM.randomBytes(12)), b = try #require(AESGCM.randomBytes(12))
        #expect(a.count == 12 && a != b)
    }
}
