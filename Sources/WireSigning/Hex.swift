/// Lower-case hexadecimal, two digits a byte, as Binance's signatures are written (Binance
/// accepts either case; lower case is what its examples show).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lowercase(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = digits[Int(b >> 4)]
                out[2 * i + 1] = digits[Int(b & 15)]
            }
            return bytes.count * 2
        }
    }
}
