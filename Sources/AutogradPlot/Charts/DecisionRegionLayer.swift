
/// What a decision-region grid holds at each node.
public enum RegionValues: Sendable, Hashable {
    /// A class label per node, `labels[row][column]`.
    case classes([[Int]])
    /// A two-class score per node (positive means class 1); the zero contour is drawn as the boundary.
    case scores([[Double]])
}

/// A classifier's decision regions as light-coloured cells, with the labelled data points on top.
public struct DecisionRegionLayer: Sendable, Hashable {
    /// The classifier's output over the grid.
    public var regions: RegionValues
    /// The x coordinates of the first and last grid column.
    public var xRange: ClosedRange<Double>
    /// The y coordinates of the first and last grid row.
    public var yRange: ClosedRange<Double>
    /// The data points drawn on top of the regions.
    public var points: [ChartPoint]
    /// The class of each data point (missing labels count as class 0).
    public var pointClasses: [Int]
    /// How far region colours are moved towards white, 0...1.
    public var lightness: Double
    /// The legend name; each class present among the points gets a row.
    public var name: String?

    /// Decision regions over `xRange` × `yRange` with the given data points.
    public init(
        regions: RegionValues, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        points: [ChartPoint] = [], pointClasses: [Int] = [], lightness: Double = 0.65, name: String? = nil
    ) {
        self.regions = regions
        self.xRange = xRange
        self.yRange = yRange
        self.points = points
        self.pointClasses = pointClasses
        self.lightness = lightness
        self.name = name
    }

    private var pointLayer: ScatterLayer {
        let labels = points.indices.map { $0 < pointClasses.count ? pointClasses[$0] : 0 }
        return ScatterLayer(points: points, name: name, coloring: .classes(labels), radius: 4)
    }

    /// The light colour of a region of `label`.
    private func regionColor(_ label: Int) -> ChartColor {
        ChartPalette.color(at: label).lightened(by: lightness)
    }
}

extension DecisionRegionLayer: LayerDrawing {
    var bounds: DataBounds? {
        DataBounds(grid: xRange, yRange).union(DataBounds(points: points))
    }

    var fillsExtent: Bool { true }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        switch regions {
        case .classes(let labels):
            let columns = labels.map(\.count).min() ?? 0
            GridCells.draw(rows: labels.count, columns: columns, xRange: xRange, yRange: yRange, into: &svg, frame: frame) {
                regionColor(labels[$0][$1])
            }
        case .scores(let scores):
            let columns = scores.map(\.count).min() ?? 0
            let low = regionColor(0), high = regionColor(1)
            GridCells.draw(rows: scores.count, columns: columns, xRange: xRange, yRange: yRange, into: &svg, frame: frame) {
                let score = scores[$0][$1]
                guard !score.isNaN else { return nil }
                // Confidence fades towards white near the boundary; the colour says which side.
                let confidence = min(abs(score), 4) / 4
                let side = score > 0 ? high : low
                return side.mixed(with: .white, fraction: 0.55 * (1 - confidence))
            }
            let grid = ChartGrid(values: scores, xRange: xRange, yRange: yRange)
            GridCells.drawContour(
                MarchingSquares.segments(of: grid, at: 0), into: &svg, frame: frame, color: ChartColor(hex: 0x444444),
                width: 1.5
            )
        }
        pointLayer.draw(into: &svg, frame: frame, seriesIndex: seriesIndex)
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        pointLayer.legendEntries(seriesIndex: seriesIndex)
    }
}
