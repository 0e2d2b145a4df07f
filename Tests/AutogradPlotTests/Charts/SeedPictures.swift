import AutogradPlot
import Foundation
import AutogradTestSupport

/// The pictures of SEEDS.md drawn from plain numbers (the engine's part computed here by hand).
enum SeedPictures {
    /// SEEDS §4: y = 5x − 3 + U(−1, 1) at x = 0.01·i, fitted by gradient descent (lr 0.01).
    static func regression() -> (x: [Double], y: [Double], losses: [Double], w0: Double, w1: Double) {
        var random = SplitMix64(seed: 4)
        let x = (0...100).map { 0.01 * Double($0) }
        let y = x.map { 5 * $0 - 3 + random.uniform(-1...1) }
        var (w0, w1) = (0.0, 0.0)
        var losses: [Double] = []
        for _ in 0..<1000 {
            var (g0, g1, loss) = (0.0, 0.0, 0.0)
            for (xi, yi) in zip(x, y) {
                let residual = w1 * xi + w0 - yi
                loss += residual * residual / Double(x.count)
                g0 += 2 * residual / Double(x.count)
                g1 += 2 * residual * xi / Double(x.count)
            }
            losses.append(loss)
            w0 -= 0.1 * g0
            w1 -= 0.1 * g1
        }
        return (x, y, losses, w0, w1)
    }

    static func lossCurve() -> Chart {
        let losses = regression().losses
        var chart = Chart(title: "Linear regression: training loss", xLabel: "step", yLabel: "MSE")
        chart.add(.line(LineLayer(y: losses, name: "loss")))
        return chart
    }

    static func fittedLine() -> Chart {
        let fit = regression()
        var chart = Chart(title: "Data and fitted line", xLabel: "x", yLabel: "y")
        chart.add(.scatter(ScatterLayer(x: fit.x, y: fit.y, name: "data", radius: 3)))
        chart.add(.line(LineLayer.function({ fit.w1 * $0 + fit.w0 }, over: 0...1, samples: 2, name: "fit", color: .red)))
        return chart
    }

    /// SEEDS §1: f(x) = x³ − 10x² + 5x − 2 with tangents at x₀ = 6.
    static func tangentLines() -> Chart {
        let f: (Double) -> Double = { $0 * $0 * $0 - 10 * $0 * $0 + 5 * $0 - 2 }
        let x0 = 6.0, h = 1e-5
        let finiteDifference = (f(x0 + h) - f(x0)) / h
        let analytic = 3 * x0 * x0 - 20 * x0 + 5
        var chart = Chart(title: "Derivatives at x = 6", xLabel: "x", yLabel: "f(x)")
        chart.add(.line(LineLayer.function(f, over: 0...10, name: "f(x)", color: .blue)))
        chart.add(.line(LineLayer.tangent(
            atX: x0, y: f(x0), slope: finiteDifference, over: 2...10, name: "finite difference", color: .orange)))
        chart.add(.line(LineLayer.tangent(
            atX: x0, y: f(x0), slope: analytic, over: 2...10, name: "analytic", color: .red, dashed: true)))
        chart.add(.scatter(ScatterLayer(x: [x0], y: [f(x0)], coloring: .uniform(.black), radius: 4)))
        return chart
    }

    /// SEEDS §1: f(a, b) = b(a + b)(a − b) with its gradient field and gradient-descent paths.
    static func gradientDescent() -> Chart {
        let f: (Double, Double) -> Double = { a, b in b * (a + b) * (a - b) }
        let gradient: (Double, Double) -> (dx: Double, dy: Double) = { a, b in (2 * a * b, a * a - 3 * b * b) }
        var random = SplitMix64(seed: 1)
        let paths = (0..<50).map { _ -> [ChartPoint] in
            var (a, b) = (random.uniform(-10...10), random.uniform(-10...10))
            var path = [ChartPoint(x: a, y: b)]
            for _ in 0..<25 {
                let (ga, gb) = gradient(a, b)
                (a, b) = (a - 1e-3 * ga, b - 1e-3 * gb)
                path.append(ChartPoint(x: a, y: b))
            }
            return path
        }
        var chart = Chart(
            title: "f(a, b) = b(a + b)(a − b): contours, gradient, descent", xLabel: "a", yLabel: "b",
            width: 720, height: 640, xRange: -20...20, yRange: -20...20
        )
        let grid = ChartGrid(xRange: -20...20, yRange: -20...20, columns: 81, rows: 81, function: f)
        chart.add(.heatMap(HeatMapLayer(grid: grid, contours: .automatic(count: 10))))
        chart.add(.vectorField(.sampled(
            xRange: -10...10, yRange: -10...10, columns: 11, rows: 11, color: .white, normalizesLengths: true,
            vector: gradient)))
        chart.add(.trajectories(TrajectoryLayer(paths: paths)))
        return chart
    }

    /// Two noisy classes separated by a linear classifier's score.
    static func decisionRegions() -> Chart {
        var random = SplitMix64(seed: 7)
        var points: [ChartPoint] = []
        var classes: [Int] = []
        for label in 0..<2 {
            let centre = label == 0 ? (-1.0, -0.5) : (1.0, 0.8)
            for _ in 0..<40 {
                points.append(ChartPoint(x: centre.0 + random.uniform(-1.2...1.2), y: centre.1 + random.uniform(-1.2...1.2)))
                classes.append(label)
            }
        }
        let score: (Double, Double) -> Double = { x, y in 2 * x + 1.5 * y - 0.3 }
        let grid = ChartGrid(xRange: -3...3, yRange: -3...3, columns: 61, rows: 61, function: score)
        var chart = Chart(title: "Decision regions", xLabel: "x₁", yLabel: "x₂")
        chart.add(.decisionRegions(DecisionRegionLayer(
            regions: .scores(grid.values), xRange: -3...3, yRange: -3...3, points: points, pointClasses: classes,
            name: "class")))
        return chart
    }

    /// Every seed picture with its file name.
    static let all: [(name: String, chart: @Sendable () -> Chart)] = [
        ("loss-curve", lossCurve), ("fitted-line", fittedLine), ("tangent-lines", tangentLines),
        ("gradient-descent", gradientDescent), ("decision-regions", decisionRegions),
    ]
}
