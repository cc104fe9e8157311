import CCurl
import CHiredis
import COpenSSL
import Testing

/// Each C library the later layers need builds, links and answers with its version.
struct LinkTests {
    @Test func hiredisLinks() {
        // Debian 12 ships hiredis 0.14; a context for a closed port proves the library is callable.
        #expect(HIREDIS_MAJOR >= 0 && (HIREDIS_MAJOR > 0 || HIREDIS_MINOR >= 14))
        let ctx = redisConnect("127.0.0.1", 1)
        #expect(ctx != nil)
        #expect(ctx!.pointee.err != 0)  // nothing listens on port 1
        redisFree(ctx)
    }

    @Test func curlLinks() {
        let v = String(cString: curl_version())
        #expect(v.hasPrefix("libcurl/"), "\(v)")
        let handle = curl_easy_init()
        #expect(handle != nil)
        curl_easy_cleanup(handle)
    }

    @Test func openSSLLinksAndSigns() {
        let v = String(cString: OpenSSL_version(OPENSSL_VERSION))
        #expect(v.hasPrefix("OpenSSL 3"), "\(v)")
        // Binance's documented HMAC-SHA256 vector (protocols.md, test vector B1).
        let key = Array("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j".utf8)
        let msg = Array("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), msg, msg.count, &out, &len)
        let hex = out.prefix(Int(len)).map { String(format: "%02x", $0) }.joined()
        #expect(hex == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }
}

import Foundation
