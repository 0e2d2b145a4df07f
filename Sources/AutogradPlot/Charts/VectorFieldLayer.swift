import Foundation

/// One arrow of a vector field: the vector (`dx`, `dy`) attached at (`x`, `y`).
public struct VectorArrow: Sendable, Hashable {
    /// Where the arrow is centred, x.
    public var x: Double
    /// Where the arrow is centred, y.
    public var y: Double
    /// The vector's x component.
    public var dx: Double
    /// The vector's y component.
    public var dy: Double

    /// An arrow for the vector (`dx`, `dy`) at (`x`, `y`).
    public init(x: Double, y: Double, dx: Double, dy: Double) {
        self.x = x
        self.y = y
        self.dx = dx
        self.dy = dy
    }

    var isFinite: Bool { x.isFinite && y.isFinite && dx.isFinite && dy.isFinite }
}

/// Arrows on a grid, all scaled by one factor so the longest fits its cell (or all of equal length).
public struct VectorFieldLayer: Sendable, Hashable {
    /// The arrows; non-finite ones are skipped.
    public var arrows: [VectorArrow]
    /// The arrow colour.
    public var color: ChartColor
    /// Whether every arrow is drawn with the same length, showing direction only.
    public var normalizesLengths: Bool
    /// The legend name.
    public var name: String?

    /// A field of the given arrows.
    public init(arrows: [VectorArrow], color: ChartColor = .black, normalizesLengths: Bool = false, name: String? = nil) {
        self.arrows = arrows
        self.color = color
        self.normalizesLengths = normalizesLengths
        self.name = name
    }

    /// A field sampled from `vector(x, y)` at `columns` × `rows` evenly spaced points.
    public static func sampled(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int,
        color: ChartColor = .black, normalizesLengths: Bool = false, name: String? = nil,
        vector: (Double, Double) -> (dx: Double, dy: Double)
    ) -> VectorFieldLayer {
        let positions = ChartGrid(xRange: xRange, yRange: yRange, columns: columns, rows: rows) { _, _ in 0 }
        var arrows: [VectorArrow] = []
        for row in 0..<positions.rowCount {
            for column in 0..<positions.columnCount {
                let x = positions.x(column: column), y = positions.y(row: row)
                let (dx, dy) = vector(x, y)
                arrows.append(VectorArrow(x: x, y: y, dx: dx, dy: dy))
            }
        }
        return VectorFieldLayer(arrows: arrows, color: color, normalizesLengths: normalizesLengths, name: name)
    }

    /// The cell size: the smallest gap between distinct arrow positions along each axis (1 if there is none).
    var cellSize: (width: Double, height: Double) {
        func smallestGap(_ values: [Double]) -> Double {
            let sorted = Set(values).sorted()
            let gaps = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
            return gaps.min() ?? 1
        }
        let finite = arrows.filter(\.isFinite)
        return (smallestGap(finite.map(\.x)), smallestGap(finite.map(\.y)))
    }
}

extension VectorFieldLayer: LayerDrawing {
    var bounds: DataBounds? {
        let cell = cellSize
        let centres = arrows.filter(\.isFinite).map { ChartPoint(x: $0.x, y: $0.y) }
        guard let box = DataBounds(points: centres) else { return nil }
        return DataBounds(
            xMin: box.xMin - cell.width / 2, xMax: box.xMax + cell.width / 2,
            yMin: box.yMin - cell.height / 2, yMax: box.yMax + cell.height / 2
        )
    }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        let cell = cellSize
        let finite = arrows.filter(\.isFinite)
        // Lengths measured in cells, so one scale fits arrows into cells that are not square.
        func cellLength(_ arrow: VectorArrow) -> Double {
            hypot(arrow.dx / cell.width, arrow.dy / cell.height)
        }
        let longest = finite.map(cellLength).max() ?? 0
        guard longest > 0, longest.isFinite else { return }
        var commands: [String] = []
        for arrow in finite {
            let length = cellLength(arrow)
            guard length > 0 else { continue }
            let scale = normalizesLengths ? 0.85 / length : 0.85 / longest
            let half = (arrow.dx * scale / 2, arrow.dy * scale / 2)
            let tail = frame.pixel(ChartPoint(x: arrow.x - half.0, y: arrow.y - half.1))
            let tip = frame.pixel(ChartPoint(x: arrow.x + half.0, y: arrow.y + half.1))
            commands.append(arrowPath(from: tail, to: tip))
        }
        guard !commands.isEmpty else { return }
        svg.element("path", [
            ("d", commands.joined()), ("fill", "none"), ("stroke", color.hexString), ("stroke-width", "1.1"),
            ("stroke-linecap", "round"), ("stroke-linejoin", "round"), ("class", "arrows"),
        ])
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        guard let name else { return [] }
        return [LegendEntry(name: name, color: color, symbol: .line(dashed: false))]
    }

    /// A shaft and a two-stroke head, sized in pixels relative to the shaft.
    private func arrowPath(from tail: (Double, Double), to tip: (Double, Double)) -> String {
        let (dx, dy) = (tip.0 - tail.0, tip.1 - tail.1)
        let length = hypot(dx, dy)
        let n = SVGWriter.number
        var path = "M\(n(tail.0)) \(n(tail.1))L\(n(tip.0)) \(n(tip.1))"
        guard length >= 0.5 else { return path }
        let head = min(6, length * 0.35)
        let (ux, uy) = (dx / length, dy / length)
        // The head's two strokes sit at ±25° from the shaft.
        let (c, s) = (cos(0.44), sin(0.44))
        let left = (tip.0 - head * (ux * c - uy * s), tip.1 - head * (uy * c + ux * s))
        let right = (tip.0 - head * (ux * c + uy * s), tip.1 - head * (uy * c - ux * s))
        path += "M\(n(left.0)) \(n(left.1))L\(n(tip.0)) \(n(tip.1))L\(n(right.0)) \(n(right.1))"
        return path
    }
}
