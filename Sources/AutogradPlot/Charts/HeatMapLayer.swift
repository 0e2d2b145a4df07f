/// Which contour lines a heat map draws.
public enum ContourLevels: Sendable, Hashable {
    /// No contour lines.
    case none
    /// About `count` round levels between the smallest and largest value.
    case automatic(count: Int)
    /// Exactly these levels.
    case values([Double])
}

/// A grid of values drawn as coloured cells through a colour map, with marching-squares contour lines.
public struct HeatMapLayer: Sendable, Hashable {
    /// The values and the region they cover.
    public var grid: ChartGrid
    /// The colour scale.
    public var colorMap: ColorMap
    /// The values mapped to the ends of the colour scale; nil uses the grid's finite minimum and maximum.
    public var valueRange: ClosedRange<Double>?
    /// The contour lines to draw.
    public var contours: ContourLevels
    /// The contour line colour.
    public var contourColor: ChartColor
    /// The legend name.
    public var name: String?

    /// A heat map of `grid`.
    public init(
        grid: ChartGrid, colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil,
        contours: ContourLevels = .automatic(count: 8), contourColor: ChartColor = .white, name: String? = nil
    ) {
        self.grid = grid
        self.colorMap = colorMap
        self.valueRange = valueRange
        self.contours = contours
        self.contourColor = contourColor
        self.name = name
    }

    /// The contour levels this layer draws.
    public var resolvedContourLevels: [Double] {
        switch contours {
        case .none: []
        case .automatic(let count): MarchingSquares.automaticLevels(for: grid, count: count)
        case .values(let levels): levels.filter(\.isFinite)
        }
    }
}

extension HeatMapLayer: LayerDrawing {
    var bounds: DataBounds? {
        grid.rowCount > 0 && grid.columnCount > 0 ? DataBounds(grid: grid.xRange, grid.yRange) : nil
    }

    var fillsExtent: Bool { true }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        guard let range = valueRange ?? grid.finiteValueRange else { return }
        let values = grid.values
        GridCells.draw(
            rows: grid.rowCount, columns: grid.columnCount, xRange: grid.xRange, yRange: grid.yRange,
            into: &svg, frame: frame
        ) { row, column in
            let value = values[row][column]
            return value.isFinite ? colorMap.color(for: value, in: range) : nil
        }
        for level in resolvedContourLevels {
            let segments = MarchingSquares.segments(of: grid, at: level)
            GridCells.drawContour(segments, into: &svg, frame: frame, color: contourColor, width: 1, opacity: 0.8)
        }
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        guard let name else { return [] }
        return [LegendEntry(name: name, color: colorMap.color(at: 0.5), symbol: .swatch)]
    }
}
