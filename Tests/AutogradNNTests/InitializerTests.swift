import Testing
import Autograd
import AutogradNN

@Suite("Initializers")
struct InitializerTests {
    static func draw(_ initializer: Initializer, fanIn: Int = 100, fanOut: Int = 300) -> [Double] {
        var generator = RandomGenerator(seed: 5)
        return initializer(shape: [200, 100], fanIn: fanIn, fanOut: fanOut, dtype: .float64, using: &generator).scalars
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    @Test("uniform rules stay inside their bounds and fill them (std = bound/√3)")
    func uniformBounds() {
        let cases: [(Initializer, Double)] = [
            (.uniform(-0.5...2), 1.25),
            (.xavierUniform(), (6.0 / 400).squareRoot()),
            (.kaimingUniform(), (6.0 / 100).squareRoot()),
            (.kaimingUniform(gain: 1), (3.0 / 100).squareRoot()),
        ]
        for (index, (initializer, halfWidth)) in cases.enumerated() {
            let values = Self.draw(initializer)
            let deviation = Self.standardDeviation(values)
            #expect(isClose(deviation, halfWidth / 3.0.squareRoot(), tolerance: 0.02 * halfWidth), "case \(index)")
        }
        let xavier = Self.draw(.xavierUniform()), bound = (6.0 / 400).squareRoot()
        #expect(xavier.allSatisfy { -bound <= $0 && $0 < bound })
        #expect(Self.draw(.uniform(-0.5...2)).allSatisfy { -0.5 <= $0 && $0 < 2 })
    }

    @Test("normal rules have the standard deviation of their formula")
    func normalDeviations() {
        let cases: [(Initializer, Double)] = [
            (.xavierNormal(), (2.0 / 400).squareRoot()),
            (.xavierNormal(gain: 2), 2 * (2.0 / 400).squareRoot()),
            (.kaimingNormal(), (2.0 / 100).squareRoot()),
            (.normal(mean: 1, standardDeviation: 0.25), 0.25),
        ]
        for (index, (initializer, expected)) in cases.enumerated() {
            #expect(isClose(Self.standardDeviation(Self.draw(initializer)), expected, tolerance: 0.02 * expected), "case \(index)")
        }
    }

    @Test("zeros and constants; the same seed always gives the same values")
    func deterministic() {
        #expect(Self.draw(.zeros).allSatisfy { $0 == 0 })
        #expect(Self.draw(.constant(0.5)).allSatisfy { $0 == 0.5 })
        #expect(Self.draw(.kaimingNormal()) == Self.draw(.kaimingNormal()))
        var generator = RandomGenerator(seed: 5)
        let float32 = Initializer.xavierUniform()(shape: [2, 3], fanIn: 3, fanOut: 2, using: &generator)
        #expect(float32.dtype == .float32 && float32.shape == [2, 3])
    }
}
