import Autograd
import AutogradPlot
import Foundation

/// The picture of `autograd diff --plot`, after the seed's "derivatives three ways": a one-input
/// function near the point with two tangent lines, from the engine's derivative and from a forward
/// difference.
enum DiffPlot {
    /// Samples of the curve.
    static let samples = 400

    /// The window around `x0`: x0 ± max(1, |x0|), so the picture scales with the point.
    static func window(around x0: Double) -> ClosedRange<Double>? {
        let half = max(1, abs(x0))
        let low = x0 - half, high = x0 + half
        return low.isFinite && high.isFinite && low < high ? low...high : nil
    }

    /// The forward-difference step at `x0`: 1e-5 (the seed's h), scaled by |x0| beyond 1.
    static func step(at x0: Double) -> Double { 1e-5 * max(1, abs(x0)) }

    /// The curve of `program` in its one input `name` over ``window(around:)``, the point
    /// (`x0`, `value`), the forward-difference tangent (solid orange) and the tangent with the
    /// analytic `slope` (dashed red, drawn on top).
    static func chart(program: Program, source: String, name: String, at x0: Double, value: Double, slope: Double) throws -> Chart {
        guard let domain = window(around: x0) else {
            throw UserError(
                x0.isFinite
                    ? "--plot cannot draw around \(name) = \(x0): the window \(name) ± max(1, |\(name)|) is wider than the largest double"
                    : "--plot needs a finite point: \(name) = \(x0) leaves no window to draw")
        }
        let f = { (x: Double) in (try? program.value(at: [(name: name, value: x)])) ?? .nan }
        let h = step(at: x0)
        let forward = (f(x0 + h) - value) / ((x0 + h) - x0)
        let short = { (number: Double) in String(format: "%.6g", number) }
        return Chart(
            title: "f(\(name)) = \(PlotFile.title(of: source)) at \(name) = \(short(x0))",
            xLabel: name, yLabel: "f(\(name))", xRange: domain,
            layers: [
                .line(.function(f, over: domain, samples: samples, name: "f", color: .blue)),
                .line(.tangent(
                    atX: x0, y: value, slope: forward, over: domain,
                    name: "forward difference, h = \(short(h)): slope \(short(forward))", color: .orange)),
                .line(.tangent(
                    atX: x0, y: value, slope: slope, over: domain,
                    name: "analytic derivative: slope \(short(slope))", color: .red, dashed: true)),
                .scatter(ScatterLayer(points: [ChartPoint(x: x0, y: value)], coloring: .uniform(.black), radius: 4)),
            ])
    }
}
