import AutogradPlot
import Foundation
import Testing

@Suite("MarchingSquares")
struct MarchingSquaresTests {
    /// z = x² + y² on a 5 × 5 grid over [−2, 2]².
    private let cone = ChartGrid(xRange: -2...2, yRange: -2...2, columns: 5, rows: 5) { x, y in x * x + y * y }

    /// The grid's bilinear surface at `point` (the surface marching squares traces).
    private func bilinear(_ grid: ChartGrid, at point: ChartPoint) -> Double {
        let fx = (point.x - grid.xRange.lowerBound) / grid.columnSpacing
        let fy = (point.y - grid.yRange.lowerBound) / grid.rowSpacing
        let column = min(max(Int(fx.rounded(.down)), 0), grid.columnCount - 2)
        let row = min(max(Int(fy.rounded(.down)), 0), grid.rowCount - 2)
        let tx = fx - Double(column), ty = fy - Double(row)
        let v = grid.values
        let bottom = v[row][column] * (1 - tx) + v[row][column + 1] * tx
        let top = v[row + 1][column] * (1 - tx) + v[row + 1][column + 1] * tx
        return bottom * (1 - ty) + top * ty
    }

    @Test("a cone's contour at 2.5 is a closed ring of 12 segments on the level")
    func coneRing() {
        let segments = MarchingSquares.segments(of: cone, at: 2.5)
        // The ring crosses the 4 corner cells and the 8 edge cells of the 4 × 4 cells, once each.
        #expect(segments.count == 12)
        let ends = segments.flatMap { [$0.start, $0.end] }
        for end in ends {
            #expect(abs(bilinear(cone, at: end) - 2.5) < 1e-9)
            #expect(abs(hypot(end.x, end.y) - sqrt(2.5)) < 0.15)
        }
        // Closed: every end point is shared by exactly two segments.
        var uses: [String: Int] = [:]
        for end in ends { uses["\((end.x * 1e9).rounded()),\((end.y * 1e9).rounded())", default: 0] += 1 }
        #expect(uses.values.allSatisfy { $0 == 2 })
        #expect(uses.count == 12)
    }

    @Test("levels outside the values give no segments")
    func outside() {
        #expect(MarchingSquares.segments(of: cone, at: -1).isEmpty)
        #expect(MarchingSquares.segments(of: cone, at: 100).isEmpty)
        #expect(MarchingSquares.segments(of: cone, at: .nan).isEmpty)
    }

    @Test("a saddle cell gives two segments, split by the cell's mean")
    func saddle() {
        let grid = ChartGrid(values: [[1, 0], [0, 1]], xRange: 0...1, yRange: 0...1)
        let segments = MarchingSquares.segments(of: grid, at: 0.5)
        #expect(segments.count == 2)
        // The mean (0.5) counts as high, so the two high corners join and the low corners are cut off.
        let cutCorners = segments.map { ChartPoint(x: ($0.start.x + $0.end.x) / 2, y: ($0.start.y + $0.end.y) / 2) }
        #expect(cutCorners.contains { $0.x > 0.5 && $0.y < 0.5 })
        #expect(cutCorners.contains { $0.x < 0.5 && $0.y > 0.5 })
    }

    @Test("cells with a NaN corner are skipped")
    func nanCell() {
        var grid = cone
        grid.values[0][0] = .nan
        let segments = MarchingSquares.segments(of: grid, at: 2.5)
        #expect(segments.count == 11)
        #expect(segments.allSatisfy { $0.start.isFinite && $0.end.isFinite })
    }

    @Test("automatic levels are round values strictly inside the data")
    func automaticLevels() {
        let levels = MarchingSquares.automaticLevels(for: cone, count: 8)
        #expect(levels == [1, 2, 3, 4, 5, 6, 7])
    }
}
