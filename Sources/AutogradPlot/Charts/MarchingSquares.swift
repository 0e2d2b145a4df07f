/// A straight piece of a contour line, in data coordinates.
public struct ContourSegment: Sendable, Hashable {
    /// One end of the segment.
    public var start: ChartPoint
    /// The other end of the segment.
    public var end: ChartPoint

    /// A segment from `start` to `end`.
    public init(start: ChartPoint, end: ChartPoint) {
        self.start = start
        self.end = end
    }
}

/// Contour lines of a grid by marching squares, with linear interpolation along cell edges.
public enum MarchingSquares {
    /// The segments where the grid's bilinear surface crosses `level`; cells with a non-finite corner are skipped.
    public static func segments(of grid: ChartGrid, at level: Double) -> [ContourSegment] {
        let rows = grid.rowCount
        let columns = grid.columnCount
        guard rows > 1, columns > 1, level.isFinite else { return [] }
        var result: [ContourSegment] = []
        for row in 0..<(rows - 1) {
            for column in 0..<(columns - 1) {
                appendSegments(of: grid, row: row, column: column, level: level, to: &result)
            }
        }
        return result
    }

    /// Evenly spread round levels strictly between the grid's smallest and largest finite values.
    public static func automaticLevels(for grid: ChartGrid, count: Int = 8) -> [Double] {
        guard let range = grid.finiteValueRange, range.upperBound > range.lowerBound else { return [] }
        let ticks = AxisTicks.nice(within: range, maxIntervals: max(count + 1, 2))
        return ticks.values.filter { $0 > range.lowerBound && $0 < range.upperBound }
    }

    // MARK: - One cell

    /// The corners of a cell, counter-clockwise from the lower left.
    private struct Corner {
        let point: ChartPoint
        let value: Double
    }

    private static func appendSegments(
        of grid: ChartGrid, row: Int, column: Int, level: Double, to result: inout [ContourSegment]
    ) {
        let x0 = grid.x(column: column), x1 = grid.x(column: column + 1)
        let y0 = grid.y(row: row), y1 = grid.y(row: row + 1)
        let corners = [
            Corner(point: ChartPoint(x: x0, y: y0), value: grid.values[row][column]),
            Corner(point: ChartPoint(x: x1, y: y0), value: grid.values[row][column + 1]),
            Corner(point: ChartPoint(x: x1, y: y1), value: grid.values[row + 1][column + 1]),
            Corner(point: ChartPoint(x: x0, y: y1), value: grid.values[row + 1][column]),
        ]
        guard corners.allSatisfy({ $0.value.isFinite }) else { return }
        // Edge k joins corner k and corner k+1: bottom, right, top, left.
        var crossings: [Int: ChartPoint] = [:]
        for edge in 0..<4 {
            let a = corners[edge], b = corners[(edge + 1) % 4]
            if (a.value >= level) != (b.value >= level) {
                let t = (level - a.value) / (b.value - a.value)
                crossings[edge] = ChartPoint(
                    x: a.point.x + (b.point.x - a.point.x) * t,
                    y: a.point.y + (b.point.y - a.point.y) * t
                )
            }
        }
        let edges = crossings.keys.sorted()
        if edges.count == 2, let p = crossings[edges[0]], let q = crossings[edges[1]] {
            result.append(ContourSegment(start: p, end: q))
        } else if edges.count == 4 {
            // A saddle: the cell's mean value decides which opposite corners are joined.
            let centre = corners.map(\.value).reduce(0, +) / 4
            let pairs = (centre >= level) == (corners[0].value >= level) ? [(0, 1), (2, 3)] : [(3, 0), (1, 2)]
            for (first, second) in pairs {
                if let p = crossings[first], let q = crossings[second] {
                    result.append(ContourSegment(start: p, end: q))
                }
            }
        }
    }
}
