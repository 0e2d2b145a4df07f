import Autograd
import AutogradPlot

/// The pictures of `autograd minimize --plot`, after the seed's gradient-descent figures.
enum DescentChart {
    /// Heat-map cells along each axis.
    static let heatMapResolution = 60
    /// Gradient arrows along each axis.
    static let arrowResolution = 21
    /// Samples of the curve of a one-input program.
    static let curveSamples = 400

    /// Two inputs: a colour map of f with contour lines over `window` × `window`, the gradient ∇f as
    /// arrows of equal length (computed by the engine at every grid point; they point uphill), and
    /// every run's points joined from a black start dot.
    static func surface(
        objective: ProgramObjective, runs: [DescentRun], window: (x: ClosedRange<Double>, y: ClosedRange<Double>),
        title: String
    ) -> Chart {
        let grid = ChartGrid(
            xRange: window.x, yRange: window.y, columns: heatMapResolution, rows: heatMapResolution
        ) { x, y in objective.value(at: [x, y]) }
        let arrows = VectorFieldLayer.sampled(
            xRange: window.x, yRange: window.y, columns: arrowResolution, rows: arrowResolution,
            color: ChartColor(hex: 0x222222), normalizesLengths: true
        ) { x, y in
            let gradient = objective.valueWithGradient(at: [x, y]).gradient
            return (gradient[0], gradient[1])
        }
        let paths = runs.map { run in run.trajectory.map { ChartPoint(x: $0[0], y: $0[1]) } }
        return Chart(
            title: title, xLabel: objective.names[0], yLabel: objective.names[1], width: 640, height: 600,
            xRange: window.x, yRange: window.y,
            layers: [
                .heatMap(HeatMapLayer(grid: grid, colorMap: .viridis, contours: .automatic(count: 12))),
                .vectorField(arrows),
                .trajectories(TrajectoryLayer(paths: paths, markerRadius: 2, lineWidth: 1.4)),
            ])
    }

    /// One input: the curve of f over `window`, with every run's points (x, f(x)) on it, each run
    /// starting at a black dot.
    static func curve(
        objective: ProgramObjective, runs: [DescentRun], window: ClosedRange<Double>, title: String
    ) -> Chart {
        let curve = LineLayer.function(
            { objective.value(at: [$0]) }, over: window, samples: curveSamples, name: "f", color: .blue)
        let paths = runs.map { run in
            zip(run.trajectory, run.values).map { ChartPoint(x: $0[0], y: $1) }
        }
        return Chart(
            title: title, xLabel: objective.names[0], yLabel: "f", xRange: window,
            layers: [
                .line(curve),
                .trajectories(TrajectoryLayer(
                    paths: paths, colors: runs.count == 1 ? [.red] : nil, markerRadius: 2.5, lineWidth: 1,
                    name: "descent")),
            ])
    }

    /// The window around the runs' points in input `axis`: their extent padded by a tenth of its
    /// span and at least 1 on each side. A diverged run's points say nothing of the landscape, so it
    /// adds its start ± 10 instead; [−10, 10] when there is nothing finite to go by.
    static func window(around runs: [DescentRun], axis: Int) -> ClosedRange<Double> {
        var low = Double.infinity, high = -Double.infinity
        let coordinates = runs.filter { !$0.diverged }.flatMap { $0.trajectory.map { $0[axis] } }.filter(\.isFinite)
        if let least = coordinates.min(), let most = coordinates.max() {
            let pad = max(1, (most - least) / 10)
            (low, high) = (least - pad, most + pad)
        }
        for run in runs where run.diverged {
            (low, high) = (min(low, run.trajectory[0][axis] - 10), max(high, run.trajectory[0][axis] + 10))
        }
        guard low.isFinite, high.isFinite, low < high else { return -10...10 }
        return low...high
    }
}
