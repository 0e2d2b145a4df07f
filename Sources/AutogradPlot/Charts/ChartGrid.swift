/// A point in data coordinates.
public struct ChartPoint: Sendable, Hashable {
    /// The horizontal coordinate.
    public var x: Double
    /// The vertical coordinate.
    public var y: Double

    /// A point at (`x`, `y`).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether both coordinates are finite numbers.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// Values sampled on a regular grid of nodes spanning `xRange` × `yRange`, row 0 at the bottom.
public struct ChartGrid: Sendable, Hashable {
    /// `values[row][column]`: rows step along y, columns along x.
    public var values: [[Double]]
    /// The x coordinates of the first and last column.
    public var xRange: ClosedRange<Double>
    /// The y coordinates of the first and last row.
    public var yRange: ClosedRange<Double>

    /// A grid from given values (ragged rows are cut to the shortest row).
    public init(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.values = values
        self.xRange = xRange
        self.yRange = yRange
    }

    /// A grid filled by evaluating `function(x, y)` at `columns` × `rows` evenly spaced nodes.
    public init(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int,
        function: (Double, Double) -> Double
    ) {
        self.xRange = xRange
        self.yRange = yRange
        self.values = []
        let template = self
        let columnCount = max(columns, 1)
        values = (0..<max(rows, 1)).map { row in
            (0..<columnCount).map { column in
                function(template.x(column: column, of: columnCount), template.y(row: row, of: max(rows, 1)))
            }
        }
    }

    /// The number of rows (nodes along y).
    public var rowCount: Int { values.count }

    /// The number of columns (nodes along x) present in every row.
    public var columnCount: Int { values.map(\.count).min() ?? 0 }

    /// The x coordinate of `column`.
    public func x(column: Int) -> Double { x(column: column, of: columnCount) }

    /// The y coordinate of `row`.
    public func y(row: Int) -> Double { y(row: row, of: rowCount) }

    /// The distance between neighbouring columns (the whole width for a single column).
    public var columnSpacing: Double {
        let width = xRange.upperBound - xRange.lowerBound
        return columnCount > 1 ? width / Double(columnCount - 1) : max(width, 1)
    }

    /// The distance between neighbouring rows (the whole height for a single row).
    public var rowSpacing: Double {
        let height = yRange.upperBound - yRange.lowerBound
        return rowCount > 1 ? height / Double(rowCount - 1) : max(height, 1)
    }

    /// The smallest and largest finite value, or nil when there is none.
    public var finiteValueRange: ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        for row in values {
            for value in row where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? low...high : nil
    }

    private func x(column: Int, of count: Int) -> Double {
        guard count > 1 else { return (xRange.lowerBound + xRange.upperBound) / 2 }
        let t = Double(column) / Double(count - 1)
        return xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * t
    }

    private func y(row: Int, of count: Int) -> Double {
        guard count > 1 else { return (yRange.lowerBound + yRange.upperBound) / 2 }
        let t = Double(row) / Double(count - 1)
        return yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * t
    }
}
