/// Maps data coordinates to pixels inside the plot rectangle (y grows upward in data, downward in SVG).
struct PlotFrame {
    let left: Double
    let top: Double
    let width: Double
    let height: Double
    let xTicks: AxisTicks
    let yTicks: AxisTicks

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// The pixel column of data value `x`, kept within a wide band around the canvas so huge values stay finite.
    func px(_ x: Double) -> Double {
        let range = xTicks.range
        let t = (x - range.lowerBound) / (range.upperBound - range.lowerBound)
        return clamp(left + t * width, around: left, extent: width)
    }

    /// The pixel row of data value `y`.
    func py(_ y: Double) -> Double {
        let range = yTicks.range
        let t = (y - range.lowerBound) / (range.upperBound - range.lowerBound)
        return clamp(bottom - t * height, around: top, extent: height)
    }

    /// The pixel position of a data point.
    func pixel(_ point: ChartPoint) -> (Double, Double) {
        (px(point.x), py(point.y))
    }

    /// Pixels per data unit along x.
    var xScale: Double { width / (xTicks.range.upperBound - xTicks.range.lowerBound) }

    /// Pixels per data unit along y.
    var yScale: Double { height / (yTicks.range.upperBound - yTicks.range.lowerBound) }

    private func clamp(_ value: Double, around origin: Double, extent: Double) -> Double {
        guard !value.isNaN else { return origin }
        return min(max(value, origin - 10 * extent), origin + 11 * extent)
    }
}

/// Splits a sequence of points into runs of finite points; a NaN or infinite point breaks the line.
func finiteRuns(_ points: [ChartPoint]) -> [[ChartPoint]] {
    var runs: [[ChartPoint]] = []
    var current: [ChartPoint] = []
    for point in points {
        if point.isFinite {
            current.append(point)
        } else if !current.isEmpty {
            runs.append(current)
            current = []
        }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
}
