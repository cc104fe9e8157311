import Foundation

/// A safetensors file read whole (the format stable-baselines3's weights are exported to):
/// 8 bytes little-endian header length, the header (JSON: each tensor's dtype, shape and byte
/// range in the data that follows, and `__metadata__`), then the data. Only little-endian
/// float32 tensors are taken; every range, shape and name is checked, and every error names
/// the file.
public struct SafeTensors: Sendable {
    public struct Tensor: Sendable, Equatable {
        public let shape: [Int]
        public let values: [Float]
        public init(shape: [Int], values: [Float]) {
            precondition(values.count == shape.reduce(1, *))
            self.shape = shape
            self.values = values
        }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public let file: String
    public let tensors: [String: Tensor]
    public let metadata: [String: String]

    /// Headers larger than this are refused before they are read (a corrupt length).
    static let maxHeader = 100 << 20

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot read the file") }
        try self.init(bytes: [UInt8](data), file: path)
    }

    public init(bytes: [UInt8], file: String) throws {
        func fail(_ s: String) -> Failure { Failure(description: "\(file): \(s)") }
        guard bytes.count >= 8 else { throw fail("shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(Self.maxHeader), 8 + Int(n) <= bytes.count else {
            throw fail("the header claims \(n) bytes; the file has \(bytes.count - 8) after the length")
        }
        let headerEnd = 8 + Int(n)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) } catch {
            throw fail("the header is not JSON")
        }
        guard let header = json as? [String: Any] else { throw fail("the header is not a JSON object") }
        let buffer = bytes.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        var ranges: [(Int, Int, String)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw fail("__metadata__.\(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard !name.isEmpty else { throw fail("a tensor has an empty name") }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any])?.map({ ($0 as? NSNumber)?.intValue ?? -1 }),
                  let offsets = (entry["data_offsets"] as? [Any])?.map({ ($0 as? NSNumber)?.intValue ?? -1 }), offsets.count == 2 else {
                throw fail("tensor '\(name)': needs dtype, shape and data_offsets [begin, end]")
            }
            guard dtype == "F32" else { throw fail("tensor '\(name)' is \(dtype); only F32 (little-endian float32) is read") }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor '\(name)': shape \(shape) has a negative or non-integer size") }
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard !overflow, begin >= 0, end >= begin, end <= buffer else {
                throw fail("tensor '\(name)': data_offsets [\(begin), \(end)] outside the \(buffer) bytes of data")
            }
            // `count` may be near Int.max from a lying shape: compared without multiplying it.
            guard (end - begin) % 4 == 0, count == (end - begin) / 4 else {
                throw fail("tensor '\(name)': shape \(shape) holds \(count) float32 values, data_offsets give \(end - begin) bytes")
            }
            ranges.append((begin, end, name))
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let o = headerEnd + begin + 4 * i
                let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        // By begin, then end: an empty tensor at [x, x] (what the reference writer gives one)
        // sorts before the tensor starting at x, whatever order the dictionary yields them in.
        ranges.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.0 < a.1 {
            throw fail("tensors '\(a.2)' and '\(b.2)' overlap in the data")
        }
        self.file = file
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor `name`, which must have `shape`.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard let t = tensors[name] else { throw Failure(description: "\(file): no tensor '\(name)'") }
        guard t.shape == shape else { throw Failure(description: "\(file): tensor '\(name)' is \(t.shape), the policy needs \(shape)") }
        return t
    }

    /// A safetensors file's bytes for `tensors` (in name order) and `metadata`: what a test or
    /// a tool writes.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        var header: [String: Any] = metadata.isEmpty ? [:] : ["__metadata__": metadata]
        var data: [UInt8] = []
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let begin = data.count
            for v in t.values {
                let b = v.bitPattern
                data += [UInt8(b & 0xFF), UInt8(b >> 8 & 0xFF), UInt8(b >> 16 & 0xFF), UInt8(b >> 24)]
            }
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [begin, data.count]]
        }
        let json = [UInt8]((try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8))
        var out: [UInt8] = []
        let n = UInt64(json.count)
        for i in 0..<8 { out.append(UInt8(n >> (8 * UInt64(i)) & 0xFF)) }
        return out + json + data
    }
}
