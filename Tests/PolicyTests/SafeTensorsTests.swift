import Foundation
import Policy
import Testing

/// The safetensors reader: values as written, and every malformed file refused naming itself.
struct SafeTensorsTests {
    static let tensors: [String: SafeTensors.Tensor] = [
        "a.weight": .init(shape: [2, 3], values: [1, -2.5, 3e-8, .greatestFiniteMagnitude, -0.0, 7]),
        "a.bias": .init(shape: [2], values: [0.125, -1]),
    ]

    @Test func readsWhatWasWrittenWithItsMetadata() throws {
        let bytes = SafeTensors.encode(Self.tensors, metadata: ["spec": "auroraq-obs-v1"])
        let f = try SafeTensors(bytes: bytes, file: "m.safetensors")
        #expect(f.tensors == Self.tensors && f.metadata == ["spec": "auroraq-obs-v1"])
        #expect(try f.tensor("a.bias", shape: [2]).values == [0.125, -1])
        #expect(throws: SafeTensors.Failure.self) { try f.tensor("a.bias", shape: [3]) }
        #expect(throws: SafeTensors.Failure.self) { try f.tensor("b", shape: [2]) }
    }

    /// A header with `entry` for tensor "t" over 8 bytes of data.
    static func file(_ entry: String, data: Int = 8, name: String = "t") -> [UInt8] {
        let json = Array("{\"\(name)\":\(entry)}".utf8)
        var out: [UInt8] = (0..<8).map { UInt8(UInt64(json.count) >> (8 * UInt64($0)) & 0xFF) }
        out += json
        out += [UInt8](repeating: 0, count: data)
        return out
    }

    @Test func malformedFilesAreRefusedNamingTheFileAndTheCause() {
        let cases: [([UInt8], String)] = [
            ([1, 2, 3], "shorter than"),
            ([255, 255, 255, 255, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 16), "header claims"),
            ([3, 0, 0, 0, 0, 0, 0, 0] + Array("{x}".utf8), "is not JSON"),
            (Self.file("{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}"), "only F32"),
            (Self.file("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}"), "holds 3 float32 values, data_offsets give 8 bytes"),
            // A shape whose byte count overflows (found by fuzz-safetensors' review): refused, no trap.
            (Self.file("{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}"), "holds 4611686018427387904"),
            (Self.file("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}"), "outside the 8 bytes"),
            (Self.file("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", name: ""), "an empty name"),
            (Self.file("{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}"), "negative"),
            (Self.file("{\"dtype\":\"F32\"}"), "needs dtype, shape and data_offsets"),
        ]
        for (bytes, cause) in cases {
            do {
                _ = try SafeTensors(bytes: bytes, file: "bad.safetensors")
                Issue.record("accepted: \(cause)")
            } catch let e as SafeTensors.Failure {
                #expect(e.description.hasPrefix("bad.safetensors: ") && e.description.contains(cause), "\(e)")
            } catch {
                Issue.record("\(error)")
            }
        }
        let overlap = Array("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}".utf8)
        let bytes = (0..<8).map { UInt8(UInt64(overlap.count) >> (8 * UInt64($0)) & 0xFF) } + overlap + [UInt8](repeating: 0, count: 8)
        do {
            _ = try SafeTensors(bytes: bytes, file: "o")
            Issue.record("overlapping tensors accepted")
        } catch let e as SafeTensors.Failure {
            #expect(e.description.contains("overlap"))
        } catch {
            Issue.record("\(error)")
        }
    }
}

/// The actor network: SB3's tensor names and shapes, tanh layers, softmax.
struct MLPPolicyTests {
    static func model(inputs: Int, hidden: Int, _ fill: (String, Int) -> Float) -> [String: SafeTensors.Tensor] {
        let n = MLPPolicy.names
        let shapes = [(n.w0, [hidden, inputs]), (n.b0, [hidden]), (n.w1, [hidden, hidden]), (n.b1, [hidden]), (n.wa, [3, hidden]), (n.ba, [3])]
        var out: [String: SafeTensors.Tensor] = [:]
        for (name, shape) in shapes {
            let count = shape.reduce(1, *)
            out[name] = .init(shape: shape, values: (0..<count).map { fill(name, $0) })
        }
        return out
    }

    @Test func theActionHeadAloneGivesTheSoftmaxOfItsBias() throws {
        // Zero weights: the hidden layers give tanh(0) = 0, the logits are action_net's bias.
        let t = Self.model(inputs: 26, hidden: 64) { name, i in name == MLPPolicy.names.ba ? Float(log(Double(i + 1))) : 0 }
        let p = try MLPPolicy(SafeTensors(bytes: SafeTensors.encode(t), file: "m"), inputs: 26)
        let probs = p.probabilities(Array(repeating: 0.3, count: 26))
        // Logits log(1), log(2), log(3) (as float32): probabilities 1/6, 2/6, 3/6.
        for (got, want) in zip(probs, [1.0 / 6, 2.0 / 6, 3.0 / 6]) { #expect(abs(got - want) < 1e-7) }
        #expect(p.action(Array(repeating: 0, count: 26)) == 2)
    }

    @Test func eachLayerIsATanhOfItsAffineMap() throws {
        // Two inputs, two hidden units: W0 = W1 = identity, action_net picks unit 0, unit 1, nothing.
        let n = MLPPolicy.names
        let t = Self.model(inputs: 2, hidden: 2) { name, i in
            switch name {
            case n.w0, n.w1: i == 0 || i == 3 ? 1 : 0
            case n.wa: i == 0 || i == 3 ? 1 : 0
            default: 0
            }
        }
        let p = try MLPPolicy(SafeTensors(bytes: SafeTensors.encode(t), file: "m"), inputs: 2, hidden: 2)
        for x in [[0.5, -1.5], [3.0, 0.25], [-0.1, -0.2]] {
            let logits = [tanh(tanh(x[0])), tanh(tanh(x[1])), 0]
            let e = logits.map { exp($0) }, sum = e.reduce(0, +)
            for (got, want) in zip(p.probabilities(x), e.map { $0 / sum }) { #expect(abs(got - want) < 1e-12) }
        }
    }

    @Test func aMisshapenOrMissingTensorIsRefusedNamingIt() throws {
        var t = Self.model(inputs: 26, hidden: 64) { _, _ in 0 }
        let short = try SafeTensors(bytes: SafeTensors.encode(t), file: "m.safetensors")
        #expect(throws: SafeTensors.Failure.self) { try MLPPolicy(short, inputs: 25) }
        t[MLPPolicy.names.ba] = nil
        do {
            _ = try MLPPolicy(SafeTensors(bytes: SafeTensors.encode(t), file: "m.safetensors"), inputs: 26)
            Issue.record("a model without action_net.bias accepted")
        } catch let e as SafeTensors.Failure {
            #expect(e.description == "m.safetensors: no tensor 'action_net.bias'")
        }
    }
}
