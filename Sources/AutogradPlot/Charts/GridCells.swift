/// Drawing helpers shared by the grid layers: node-centred cells and contour paths.
enum GridCells {
    /// Draws one cell per grid node (centred on the node, clipped to the grid's extent),
    /// merging runs of equal colour along a row; `color` returns nil to leave a cell empty.
    static func draw(
        rows: Int, columns: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        into svg: inout SVGWriter, frame: PlotFrame, color: (_ row: Int, _ column: Int) -> ChartColor?
    ) {
        guard rows > 0, columns > 0 else { return }
        let width = xRange.upperBound - xRange.lowerBound
        let height = yRange.upperBound - yRange.lowerBound
        // A single node covers the whole extent; otherwise each node owns half the gap to its neighbours.
        let halfWidth = columns > 1 ? width / Double(columns - 1) / 2 : max(width / 2, 0.5)
        let halfHeight = rows > 1 ? height / Double(rows - 1) / 2 : max(height / 2, 0.5)
        func xCentre(_ column: Int) -> Double {
            columns > 1 ? xRange.lowerBound + Double(column) * 2 * halfWidth : xRange.lowerBound + width / 2
        }
        func yCentre(_ row: Int) -> Double {
            rows > 1 ? yRange.lowerBound + Double(row) * 2 * halfHeight : yRange.lowerBound + height / 2
        }
        svg.open("g", [("shape-rendering", "crispEdges")])
        for row in 0..<rows {
            let y0 = max(yCentre(row) - halfHeight, yRange.lowerBound)
            let y1 = min(yCentre(row) + halfHeight, yRange.upperBound)
            var column = 0
            while column < columns {
                guard let fill = color(row, column) else {
                    column += 1
                    continue
                }
                var end = column
                while end + 1 < columns, color(row, end + 1) == fill { end += 1 }
                let x0 = max(xCentre(column) - halfWidth, xRange.lowerBound)
                let x1 = min(xCentre(end) + halfWidth, xRange.upperBound)
                let left = frame.px(x0), right = frame.px(x1)
                let top = frame.py(y1), bottom = frame.py(y0)
                svg.element("rect", [
                    ("x", SVGWriter.number(left)), ("y", SVGWriter.number(top)),
                    ("width", SVGWriter.number(max(right - left, 0))), ("height", SVGWriter.number(max(bottom - top, 0))),
                    ("fill", fill.hexString),
                ])
                column = end + 1
            }
        }
        svg.close("g")
    }

    /// Draws contour segments as one path.
    static func drawContour(
        _ segments: [ContourSegment], into svg: inout SVGWriter, frame: PlotFrame, color: ChartColor,
        width: Double, opacity: Double = 1
    ) {
        guard !segments.isEmpty else { return }
        let commands = segments.map { segment -> String in
            let (x0, y0) = frame.pixel(segment.start)
            let (x1, y1) = frame.pixel(segment.end)
            return "M\(SVGWriter.number(x0)) \(SVGWriter.number(y0))L\(SVGWriter.number(x1)) \(SVGWriter.number(y1))"
        }
        svg.element("path", [
            ("d", commands.joined()), ("fill", "none"), ("stroke", color.hexString),
            ("stroke-width", SVGWriter.number(width)), ("stroke-opacity", SVGWriter.number(opacity)),
            ("stroke-linecap", "round"), ("class", "contour"),
        ])
    }
}
