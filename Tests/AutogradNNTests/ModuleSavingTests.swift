import Autograd
import AutogradNN
import Foundation
import Testing

/// `Module.saveParameters(to:)` and `loadParameters(from:)` in both formats.
@Suite("Saving and loading parameters")
struct ModuleSavingTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-params-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func model(_ sizes: [Int], seed: UInt64, dtype: DType = .float32) -> MLP {
        var generator = RandomGenerator(seed: seed)
        return MLP(sizes: sizes, dtype: dtype, generator: &generator)
    }

    private func values(_ module: some Module) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: module.namedParameters.map { ($0.name, $0.parameter.value.scalars) })
    }

    @Test("a model saved and loaded into a differently initialised one gets identical values", arguments: ["safetensors", "npz"])
    func roundTrip(format: String) throws {
        for dtype in [DType.float32, .float64] {
            let folder = try directory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("model.\(format)")
            let source = model([2, 8, 8, 1], seed: 1, dtype: dtype)
            let target = model([2, 8, 8, 1], seed: 2, dtype: dtype)
            #expect(values(source) != values(target))
            try source.saveParameters(to: url)
            try target.loadParameters(from: url)
            #expect(values(source) == values(target))
            #expect(target.parameters.allSatisfy { $0.dtype == dtype && $0.value.requiresGrad })
            let input = Tensor([[0.5, -1]], dtype: dtype)
            #expect(source(input).scalars == target(input).scalars)
        }
    }

    @Test("the saved names are the namedParameters names, in either format")
    func names() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = model([3, 4, 2], seed: 5)
        try source.saveParameters(to: folder.appendingPathComponent("m.npz"))
        try source.saveParameters(to: folder.appendingPathComponent("m.safetensors"))
        let expected = ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"]
        #expect(try NumPyArchive(contentsOf: folder.appendingPathComponent("m.npz")).names == expected)
        let tensors = try SafeTensorsFile(contentsOf: folder.appendingPathComponent("m.safetensors"))
        #expect(tensors.names == expected)
        #expect(tensors["layers.0.weight"]?.shape == source.namedParameters[0].parameter.shape)
    }

    @Test("missing names, extra names, shape mismatches and unknown extensions are errors that change nothing")
    func errors() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.safetensors")
        try model([2, 3], seed: 1).saveParameters(to: small)
        let target = model([2, 3, 1], seed: 2)
        let before = values(target)
        #expect(throws: ParameterFileError.missingParameter(name: "layers.1.weight", path: small.path)) {
            try target.loadParameters(from: small)
        }
        let wide = folder.appendingPathComponent("wide.npz")
        try model([2, 4, 1], seed: 3).saveParameters(to: wide)
        #expect(throws: ParameterFileError.shapeMismatch(name: "layers.0.weight", expected: [2, 3], found: [2, 4])) {
            try target.loadParameters(from: wide)
        }
        let big = folder.appendingPathComponent("big.npz")
        try model([2, 3, 1, 1], seed: 4).saveParameters(to: big)
        #expect(throws: ParameterFileError.unexpectedArray(name: "layers.2.weight", path: big.path)) {
            try target.loadParameters(from: big)
        }
        #expect(values(target) == before)
        let text = folder.appendingPathComponent("model.txt")
        #expect(throws: ParameterFileError.unsupportedFormat(path: text.path)) { try target.saveParameters(to: text) }
        #expect(throws: ParameterFileError.self) { try target.loadParameters(from: folder.appendingPathComponent("absent.npz")) }
        let error = #expect(throws: ParameterFileError.self) { try target.loadParameters(from: wide) }
        #expect(error?.description == "parameter 'layers.0.weight' has shape [2, 3] but the file's array has shape [2, 4]")
    }

    @Test("an existing file is replaced whole")
    func atomicReplace() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m.safetensors")
        try model([2, 16, 16, 1], seed: 1).saveParameters(to: url)
        let small = model([2, 1], seed: 2)
        try small.saveParameters(to: url)
        #expect(try SafeTensorsFile(contentsOf: url).names == ["layers.0.weight", "layers.0.bias"])
        let contents = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(contents == ["m.safetensors"])
    }
}
