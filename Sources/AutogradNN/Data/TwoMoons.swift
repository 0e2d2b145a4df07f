import Autograd

/// The two interleaving half circles of scikit-learn's `make_moons`, generated from a seed.
public enum TwoMoons {
    /// `count` points (half on each moon, the outer one first) with Gaussian noise of the given
    /// standard deviation; labels are 0 for the outer moon and 1 for the inner one.
    public static func generate(count: Int, noise: Double = 0.1, seed: UInt64 = 0) -> Dataset {
        require(count >= 2, "TwoMoons.generate: need at least 2 points, got \(count)")
        var generator = RandomGenerator(seed: seed)
        let outer = count / 2, inner = count - outer
        var features: [Double] = []
        var labels: [Double] = []
        for index in 0..<outer {
            let t = Double.pi * Double(index) / Double(Swift.max(outer - 1, 1))
            features += [Double.cos(t) + noise * generator.nextNormal(), Double.sin(t) + noise * generator.nextNormal()]
            labels.append(0)
        }
        for index in 0..<inner {
            let t = Double.pi * Double(index) / Double(Swift.max(inner - 1, 1))
            features += [1 - Double.cos(t) + noise * generator.nextNormal(), 0.5 - Double.sin(t) + noise * generator.nextNormal()]
            labels.append(1)
        }
        return Dataset(
            features: Tensor(features, shape: [count, 2], dtype: .float64),
            labels: Tensor(labels, shape: [count], dtype: .float64))
    }
}
