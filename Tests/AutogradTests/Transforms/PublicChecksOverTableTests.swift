import Testing
@testable import Autograd

/// The public checks users get, run over every row of the primitive table.
@Suite("Public checks over every primitive")
struct PublicChecksOverTableTests {
    static func inputs(_ entry: TensorPrimitiveCase) -> [Tensor] {
        entry.inputs.map { Tensor($0.values, shape: $0.shape, dtype: .float64) }
    }

    @Test("gradcheck passes for every primitive", arguments: tensorPrimitiveTable)
    func gradchecks(_ entry: TensorPrimitiveCase) {
        let report = gradcheck(entry.function, at: Self.inputs(entry), tolerance: Swift.max(entry.tolerance, 1e-6) * 10)
        #expect(report.passed, "\(entry.label): \(report)")
    }

    @Test("gradgradcheck passes for every primitive", arguments: tensorPrimitiveTable)
    func gradgradchecks(_ entry: TensorPrimitiveCase) {
        guard entry.checkSecondOrder else { return }
        let report = gradgradcheck(entry.function, at: Self.inputs(entry), tolerance: Swift.max(entry.tolerance, 1e-6) * 100)
        #expect(report.passed, "\(entry.label): \(report)")
    }

    @Test("forward and reverse mode agree for every primitive", arguments: tensorPrimitiveTable)
    func consistency(_ entry: TensorPrimitiveCase) {
        let report = jvpVJPConsistencyCheck(entry.function, at: Self.inputs(entry), tolerance: entry.tolerance > 1e-6 ? 1e-6 : 1e-10)
        #expect(report.passed, "\(entry.label): \(report)")
    }
}
