/// One thing drawn on a chart; a chart draws its layers in order, later ones on top.
public enum ChartLayer: Sendable, Hashable {
    /// A polyline through points: loss curves, functions, fitted and tangent lines.
    case line(LineLayer)
    /// Separate points, optionally coloured per point or per class.
    case scatter(ScatterLayer)
    /// A grid of values as coloured cells, with contour lines.
    case heatMap(HeatMapLayer)
    /// Arrows on a grid, scaled to fit their cells.
    case vectorField(VectorFieldLayer)
    /// Paths of points moving over time, each starting at a black dot.
    case trajectories(TrajectoryLayer)
    /// A classifier's regions as light cells, with the data points on top.
    case decisionRegions(DecisionRegionLayer)

    /// The concrete layer behind the case.
    var drawing: any LayerDrawing {
        switch self {
        case .line(let layer): layer
        case .scatter(let layer): layer
        case .heatMap(let layer): layer
        case .vectorField(let layer): layer
        case .trajectories(let layer): layer
        case .decisionRegions(let layer): layer
        }
    }
}

/// What the chart needs from every layer: its data extent, its drawing and its legend rows.
protocol LayerDrawing {
    /// The extent of the layer's finite data, or nil when it has none.
    var bounds: DataBounds? { get }
    /// Whether the layer fills a region exactly, so the axes should fit it tightly instead of rounding outward.
    var fillsExtent: Bool { get }
    /// Writes the layer's SVG elements; `seriesIndex` picks default colours.
    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int)
    /// The legend rows for the layer (none when it has no name).
    func legendEntries(seriesIndex: Int) -> [LegendEntry]
}

extension LayerDrawing {
    var fillsExtent: Bool { false }
}

/// One row of the legend.
struct LegendEntry {
    enum Symbol {
        case line(dashed: Bool)
        case marker
        case swatch
    }

    let name: String
    let color: ChartColor
    let symbol: Symbol
}

/// The smallest box holding some data, in data coordinates.
struct DataBounds {
    var xMin: Double
    var xMax: Double
    var yMin: Double
    var yMax: Double

    /// The bounds of the finite points among `points`, or nil if there are none.
    init?(points: some Sequence<ChartPoint>) {
        var bounds: DataBounds?
        for point in points where point.isFinite {
            bounds = bounds?.including(point) ?? DataBounds(xMin: point.x, xMax: point.x, yMin: point.y, yMax: point.y)
        }
        guard let bounds else { return nil }
        self = bounds
    }

    init(xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
        self.xMin = xMin
        self.xMax = xMax
        self.yMin = yMin
        self.yMax = yMax
    }

    /// The bounds of a grid's extent.
    init(grid xRange: ClosedRange<Double>, _ yRange: ClosedRange<Double>) {
        self.init(xMin: xRange.lowerBound, xMax: xRange.upperBound, yMin: yRange.lowerBound, yMax: yRange.upperBound)
    }

    func including(_ point: ChartPoint) -> DataBounds {
        DataBounds(xMin: min(xMin, point.x), xMax: max(xMax, point.x), yMin: min(yMin, point.y), yMax: max(yMax, point.y))
    }

    func union(_ other: DataBounds?) -> DataBounds {
        guard let other else { return self }
        return DataBounds(
            xMin: min(xMin, other.xMin), xMax: max(xMax, other.xMax),
            yMin: min(yMin, other.yMin), yMax: max(yMax, other.yMax)
        )
    }
}
