extension Chart {
    /// The chart as a standalone SVG document; the same chart always gives the same bytes.
    public func svg() -> String {
        let frame = plotFrame()
        let totalWidth = max(width.isFinite ? width : 640, 120)
        let totalHeight = max(height.isFinite ? height : 480, 100)
        let n = SVGWriter.number
        var svg = SVGWriter()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.raw(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" "
                + "viewBox=\"0 0 \(n(totalWidth)) \(n(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\" "
                + "font-size=\"12\">"
        )
        svg.element("rect", [("width", n(totalWidth)), ("height", n(totalHeight)), ("fill", "#ffffff")])
        svg.open("defs")
        svg.open("clipPath", [("id", "plot-area")])
        svg.element("rect", [("x", n(frame.left)), ("y", n(frame.top)), ("width", n(frame.width)), ("height", n(frame.height))])
        svg.close("clipPath")
        svg.close("defs")
        if showsGrid { drawGrid(into: &svg, frame: frame) }
        svg.open("g", [("clip-path", "url(#plot-area)")])
        for (index, layer) in layers.enumerated() {
            layer.drawing.draw(into: &svg, frame: frame, seriesIndex: index)
        }
        svg.close("g")
        drawAxes(into: &svg, frame: frame)
        drawLabels(into: &svg, frame: frame, totalWidth: totalWidth, totalHeight: totalHeight)
        if showsLegend { drawLegend(into: &svg, frame: frame) }
        svg.close("svg")
        return svg.document
    }

    // MARK: - Layout

    /// The plot rectangle inside the margins left for title, labels and tick labels.
    func plotFrame() -> PlotFrame {
        let totalWidth = max(width.isFinite ? width : 640, 120)
        let totalHeight = max(height.isFinite ? height : 480, 100)
        let left = 62.0 + (yLabel == nil ? 0 : 20)
        let top = title == nil ? 16.0 : 42.0
        let bottom = 34.0 + (xLabel == nil ? 0 : 20)
        let right = 20.0
        let ticks = axisTicks
        return PlotFrame(
            left: left, top: top, width: totalWidth - left - right, height: totalHeight - top - bottom,
            xTicks: ticks.x, yTicks: ticks.y
        )
    }

    // MARK: - Axes

    private func drawGrid(into svg: inout SVGWriter, frame: PlotFrame) {
        let n = SVGWriter.number
        var commands = ""
        for value in frame.xTicks.values {
            commands += "M\(n(frame.px(value))) \(n(frame.top))V\(n(frame.bottom))"
        }
        for value in frame.yTicks.values {
            commands += "M\(n(frame.left)) \(n(frame.py(value)))H\(n(frame.right))"
        }
        guard !commands.isEmpty else { return }
        svg.element("path", [
            ("d", commands), ("stroke", ChartColor.lightGray.hexString), ("stroke-width", "1"), ("fill", "none"),
            ("class", "grid"),
        ])
    }

    private func drawAxes(into svg: inout SVGWriter, frame: PlotFrame) {
        let n = SVGWriter.number
        svg.element("rect", [
            ("x", n(frame.left)), ("y", n(frame.top)), ("width", n(frame.width)), ("height", n(frame.height)),
            ("fill", "none"), ("stroke", "#333333"), ("stroke-width", "1"), ("class", "frame"),
        ])
        var marks = ""
        svg.open("g", [("class", "tick-labels"), ("fill", "#333333")])
        for value in frame.xTicks.values {
            let x = frame.px(value)
            marks += "M\(n(x)) \(n(frame.bottom))v5"
            svg.text(frame.xTicks.label(for: value), [
                ("x", n(x)), ("y", n(frame.bottom + 18)), ("text-anchor", "middle"),
            ])
        }
        for value in frame.yTicks.values {
            let y = frame.py(value)
            marks += "M\(n(frame.left)) \(n(y))h-5"
            svg.text(frame.yTicks.label(for: value), [
                ("x", n(frame.left - 8)), ("y", n(y + 4)), ("text-anchor", "end"),
            ])
        }
        svg.close("g")
        if !marks.isEmpty {
            svg.element("path", [("d", marks), ("stroke", "#333333"), ("stroke-width", "1"), ("class", "ticks")])
        }
    }

    private func drawLabels(into svg: inout SVGWriter, frame: PlotFrame, totalWidth: Double, totalHeight: Double) {
        let n = SVGWriter.number
        if let title {
            svg.text(title, [
                ("x", n(frame.left + frame.width / 2)), ("y", "26"), ("text-anchor", "middle"),
                ("font-size", "16"), ("font-weight", "bold"), ("class", "title"),
            ])
        }
        if let xLabel {
            svg.text(xLabel, [
                ("x", n(frame.left + frame.width / 2)), ("y", n(totalHeight - 10)), ("text-anchor", "middle"),
                ("font-size", "13"), ("class", "x-label"),
            ])
        }
        if let yLabel {
            let x = 18.0, y = frame.top + frame.height / 2
            svg.text(yLabel, [
                ("x", n(x)), ("y", n(y)), ("text-anchor", "middle"), ("font-size", "13"),
                ("transform", "rotate(-90 \(n(x)) \(n(y)))"), ("class", "y-label"),
            ])
        }
    }

    // MARK: - Legend

    private func drawLegend(into svg: inout SVGWriter, frame: PlotFrame) {
        let entries = layers.enumerated().flatMap { $0.element.drawing.legendEntries(seriesIndex: $0.offset) }
        guard !entries.isEmpty else { return }
        let n = SVGWriter.number
        let rowHeight = 18.0
        let longest = entries.map(\.name.count).max() ?? 0
        // Text width is estimated (no font metrics), generously, so names fit in common fonts.
        let boxWidth = 42 + Double(longest) * 7
        let boxHeight = Double(entries.count) * rowHeight + 8
        let left = frame.right - boxWidth - 8
        let top = frame.top + 8
        svg.open("g", [("class", "legend")])
        svg.element("rect", [
            ("x", n(left)), ("y", n(top)), ("width", n(boxWidth)), ("height", n(boxHeight)), ("fill", "#ffffff"),
            ("fill-opacity", "0.85"), ("stroke", "#999999"), ("stroke-width", "0.8"), ("rx", "3"),
        ])
        for (row, entry) in entries.enumerated() {
            let y = top + 4 + rowHeight * (Double(row) + 0.5)
            let color = entry.color.hexString
            switch entry.symbol {
            case .line(let dashed):
                var attributes = [
                    ("x1", n(left + 8)), ("y1", n(y)), ("x2", n(left + 32)), ("y2", n(y)), ("stroke", color),
                    ("stroke-width", "2"),
                ]
                if dashed { attributes.append(("stroke-dasharray", "5,3")) }
                svg.element("line", attributes)
            case .marker:
                svg.element("circle", [("cx", n(left + 20)), ("cy", n(y)), ("r", "4"), ("fill", color)])
            case .swatch:
                svg.element("rect", [("x", n(left + 12)), ("y", n(y - 5)), ("width", "16"), ("height", "10"), ("fill", color)])
            }
            svg.text(entry.name, [("x", n(left + 38)), ("y", n(y + 4))])
        }
        svg.close("g")
    }
}
