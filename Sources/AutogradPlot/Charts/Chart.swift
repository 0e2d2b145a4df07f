/// A chart built up as a value: title, axis labels, size, axis ranges and layers, rendered to deterministic SVG.
public struct Chart: Sendable, Hashable {
    /// The title above the plot; nil for none.
    public var title: String?
    /// The label under the x axis; nil for none.
    public var xLabel: String?
    /// The label beside the y axis; nil for none.
    public var yLabel: String?
    /// The width of the whole picture in pixels.
    public var width: Double
    /// The height of the whole picture in pixels.
    public var height: Double
    /// The x axis range; nil computes one from the data, widened to round tick values.
    public var xRange: ClosedRange<Double>?
    /// The y axis range; nil computes one from the data, widened to round tick values.
    public var yRange: ClosedRange<Double>?
    /// Whether named layers are listed in a legend.
    public var showsLegend: Bool
    /// Whether light grid lines are drawn at the ticks.
    public var showsGrid: Bool
    /// The layers, drawn in order.
    public var layers: [ChartLayer]

    /// An empty chart.
    public init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, width: Double = 640, height: Double = 480,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, layers: [ChartLayer] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
        self.xRange = xRange
        self.yRange = yRange
        self.showsLegend = true
        self.showsGrid = true
        self.layers = layers
    }

    /// Appends a layer, drawn above the existing ones.
    public mutating func add(_ layer: ChartLayer) {
        layers.append(layer)
    }

    /// A copy of the chart with `layer` appended.
    public func adding(_ layer: ChartLayer) -> Chart {
        var copy = self
        copy.add(layer)
        return copy
    }

    // MARK: - Axes

    /// The ticks of both axes: given ranges are kept, otherwise the data's extent is widened to round values
    /// (or kept tight when a layer, such as a heat map, fills its region exactly).
    public var axisTicks: (x: AxisTicks, y: AxisTicks) {
        let drawings = layers.map(\.drawing)
        let bounds = drawings.compactMap(\.bounds).reduce(nil as DataBounds?) { $0?.union($1) ?? $1 }
        let tight = drawings.contains { $0.fillsExtent }
        func ticks(given: ClosedRange<Double>?, low: Double?, high: Double?) -> AxisTicks {
            if let given { return AxisTicks.nice(within: given) }
            guard let low, let high else { return AxisTicks.nice(covering: 0, 1) }
            return tight && low < high ? AxisTicks.nice(within: low...high) : AxisTicks.nice(covering: low, high)
        }
        return (
            ticks(given: xRange, low: bounds?.xMin, high: bounds?.xMax),
            ticks(given: yRange, low: bounds?.yMin, high: bounds?.yMax)
        )
    }
}
