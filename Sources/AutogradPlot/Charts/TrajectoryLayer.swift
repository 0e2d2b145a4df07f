/// Paths of points over time: each a coloured polyline with a marker per point and a black dot at its start.
public struct TrajectoryLayer: Sendable, Hashable {
    /// The paths, each in time order; non-finite points are skipped.
    public var paths: [[ChartPoint]]
    /// One colour per path (cycled); nil hands out palette colours in order.
    public var colors: [ChartColor]?
    /// The radius of the marker at each point, in pixels.
    public var markerRadius: Double
    /// The stroke width of the paths, in pixels.
    public var lineWidth: Double
    /// The legend name.
    public var name: String?

    /// Trajectories along the given paths.
    public init(
        paths: [[ChartPoint]], colors: [ChartColor]? = nil, markerRadius: Double = 1.8, lineWidth: Double = 1.2,
        name: String? = nil
    ) {
        self.paths = paths
        self.colors = colors
        self.markerRadius = markerRadius
        self.lineWidth = lineWidth
        self.name = name
    }

    /// The colour of path `index`.
    func color(ofPath index: Int) -> ChartColor {
        guard let colors, !colors.isEmpty else { return ChartPalette.color(at: index) }
        return colors[index % colors.count]
    }
}

extension TrajectoryLayer: LayerDrawing {
    var bounds: DataBounds? { DataBounds(points: paths.joined()) }

    func draw(into svg: inout SVGWriter, frame: PlotFrame, seriesIndex: Int) {
        let n = SVGWriter.number
        for (index, path) in paths.enumerated() {
            let color = color(ofPath: index).hexString
            svg.open("g", [("class", "trajectory")])
            for run in finiteRuns(path) {
                svg.element("polyline", [
                    ("points", SVGWriter.pointList(run.map(frame.pixel))), ("fill", "none"), ("stroke", color),
                    ("stroke-width", n(lineWidth)), ("stroke-linejoin", "round"),
                ])
            }
            let finite = path.filter(\.isFinite)
            for point in finite.dropFirst() {
                let (cx, cy) = frame.pixel(point)
                svg.element("circle", [("cx", n(cx)), ("cy", n(cy)), ("r", n(markerRadius)), ("fill", color)])
            }
            if let start = finite.first {
                let (cx, cy) = frame.pixel(start)
                svg.element("circle", [
                    ("cx", n(cx)), ("cy", n(cy)), ("r", n(markerRadius * 1.8)), ("fill", ChartColor.black.hexString),
                    ("class", "start"),
                ])
            }
            svg.close("g")
        }
    }

    func legendEntries(seriesIndex: Int) -> [LegendEntry] {
        guard let name else { return [] }
        return [LegendEntry(name: name, color: color(ofPath: 0), symbol: .line(dashed: false))]
    }
}
