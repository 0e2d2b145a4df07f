/// How the points of a scatter layer are coloured.
public enum PointColoring: Sendable, Hashable {
    /// One colour for every point; nil picks the palette colour of the layer's position.
    case uniform(ChartColor?)
    /// A colour per point (points past the end of the list use the last colour).
    case perPoint([ChartColor])
    /// A class label per point, coloured from `ChartPalette`.
    case classes([Int])
}

/// Separate points drawn as dots; non-finite points are skipped.
public struct ScatterLayer: Sendable, Hashable {
    /// The points.
    public var points: [ChartPoint]
    /// The legend name; with class colouring each class gets its own legend row.
    public var name: String?
    /// How the points are coloured.
    public var coloring: PointColoring
    /// The dot radius in pixels.
    public var radius: Double

    /// A scatter of the given points.
    public init(points: [ChartPoint], name: String? = nil, coloring: PointColoring = .uniform(nil), radius: Double = 3.5) {
        self.points = points
        self.name = name
        self.coloring = coloring
        self.radius = radius
    }

    /// A scatter of (`x[i]`, `y[i]`); extra values in the longer array are ignored.
    public init(x: [Double], y: [Double], name: String? = nil, coloring: PointColoring = .uniform(nil), radius: Double = 3.5) {
        self.init(points: zip(x, y).map { ChartPoint(x: $0, y: $1) }, name: name, coloring: coloring, radius: radius)
    }

    /// The colour of point `index`.
    func color(ofPoint index: Int, seriesIndex: Int) -> ChartColor {
        switch coloring {
        case .uniform(let color): color ?? ChartPalette.color(at: seriesIndex)
        case .perPoint(let colors): colors.isEmpty ? ChartPalette.color(at: seriesIndex) : colors[min(index, colors.count - 1)]
        case .classes(let labels): ChartPalette.color(at: labels.isEmpty ? 0 : labels[min(index, labels.count - 1)])
        }
    }
}

extension ScatterLayer: LayerDrawing {
    var bounds: DataBounds? { DataBounds(points: points) }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        let outline = coloringNeedsOutline
        for (index, point) in points.enumerated() where point.isFinite {
            let (cx, cy) = frame.pixel(point)
            var attributes = [
                ("cx", SVGWriter.number(cx)), ("cy", SVGWriter.number(cy)), ("r", SVGWriter.number(radius)),
                ("fill", color(ofPoint: index, seriesIndex: seriesIndex).hexString),
            ]
            if outline { attributes += [("stroke", "#222222"), ("stroke-width", "0.6")] }
            svg.element("circle", attributes)
        }
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        guard let name else { return [] }
        if case .classes(let labels) = coloring {
            return Set(labels).sorted().map {
                LegendEntry(name: "\(name) \($0)", color: ChartPalette.color(at: $0), symbol: .marker)
            }
        }
        return [LegendEntry(name: name, color: color(ofPoint: 0, seriesIndex: seriesIndex), symbol: .marker)]
    }

    /// Class-coloured points usually sit on coloured regions, where a thin outline keeps them visible.
    private var coloringNeedsOutline: Bool {
        if case .classes = coloring { return true }
        return false
    }
}
