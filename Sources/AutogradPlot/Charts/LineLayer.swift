/// A polyline through points; a NaN or infinite point leaves a gap instead of a stray line.
public struct LineLayer: Sendable, Hashable {
    /// The points, joined in order.
    public var points: [ChartPoint]
    /// The legend name; unnamed layers stay out of the legend.
    public var name: String?
    /// The stroke colour; nil picks the palette colour of the layer's position.
    public var color: ChartColor?
    /// The stroke width in pixels.
    public var lineWidth: Double
    /// Whether the line is drawn dashed.
    public var isDashed: Bool

    /// A line through the given points.
    public init(
        points: [ChartPoint], name: String? = nil, color: ChartColor? = nil, lineWidth: Double = 2,
        dashed: Bool = false
    ) {
        self.points = points
        self.name = name
        self.color = color
        self.lineWidth = lineWidth
        self.isDashed = dashed
    }

    /// A line through (`x[i]`, `y[i]`); extra values in the longer array are ignored.
    public init(
        x: [Double], y: [Double], name: String? = nil, color: ChartColor? = nil, lineWidth: Double = 2,
        dashed: Bool = false
    ) {
        let points = zip(x, y).map { ChartPoint(x: $0, y: $1) }
        self.init(points: points, name: name, color: color, lineWidth: lineWidth, dashed: dashed)
    }

    /// A line through (i, `y[i]`) for i = 0, 1, 2, …: a loss curve against the step.
    public init(
        y: [Double], name: String? = nil, color: ChartColor? = nil, lineWidth: Double = 2, dashed: Bool = false
    ) {
        self.init(x: y.indices.map(Double.init), y: y, name: name, color: color, lineWidth: lineWidth, dashed: dashed)
    }

    /// The graph of `function` sampled at `samples` evenly spaced points of `domain`.
    public static func function(
        _ function: (Double) -> Double, over domain: ClosedRange<Double>, samples: Int = 200,
        name: String? = nil, color: ChartColor? = nil, dashed: Bool = false
    ) -> LineLayer {
        let count = max(samples, 2)
        let xs = (0..<count).map { i in
            domain.lowerBound + (domain.upperBound - domain.lowerBound) * Double(i) / Double(count - 1)
        }
        return LineLayer(x: xs, y: xs.map(function), name: name, color: color, dashed: dashed)
    }

    /// The straight line through (`x`, `y`) with `slope`, drawn across `domain`: a tangent line.
    public static func tangent(
        atX x: Double, y: Double, slope: Double, over domain: ClosedRange<Double>,
        name: String? = nil, color: ChartColor? = nil, dashed: Bool = false
    ) -> LineLayer {
        let xs = [domain.lowerBound, domain.upperBound]
        return LineLayer(x: xs, y: xs.map { y + slope * ($0 - x) }, name: name, color: color, dashed: dashed)
    }
}

extension LineLayer: LayerDrawing {
    var bounds: DataBounds? { DataBounds(points: points) }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        let stroke = (color ?? ChartPalette.color(at: seriesIndex)).hexString
        for run in finiteRuns(points) {
            var attributes = [
                ("points", SVGWriter.pointList(run.map(frame.pixel))),
                ("fill", "none"), ("stroke", stroke), ("stroke-width", SVGWriter.number(lineWidth)),
                ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
            ]
            if isDashed { attributes.append(("stroke-dasharray", "7,5")) }
            svg.element("polyline", attributes)
        }
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        guard let name else { return [] }
        return [LegendEntry(name: name, color: color ?? ChartPalette.color(at: seriesIndex), symbol: .line(dashed: isDashed))]
    }
}
