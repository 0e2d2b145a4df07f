import AutogradPlot
import Foundation
import Testing

/// The elements drawn inside the clipped plot area (layers only, not axes or legend).
private func plotted(_ svg: String) -> SVGInspection? {
    guard let start = svg.range(of: "<g clip-path=\"url(#plot-area)\">"),
        let frame = svg.range(of: "class=\"frame\"", range: start.upperBound..<svg.endIndex),
        let end = svg.range(of: "</g>", options: .backwards, range: start.upperBound..<frame.lowerBound)
    else { return nil }
    return SVGInspection(String(svg[start.lowerBound..<end.upperBound]))
}

private func containsNoBadNumbers(_ svg: String) -> Bool {
    !svg.contains("nan") && !svg.contains("NaN") && !svg.contains("inf")
}

@Suite("Chart SVG")
struct ChartSVGTests {
    @Test("a line layer is one polyline with one point per value")
    func line() throws {
        let chart = Chart(layers: [.line(LineLayer(y: [4, 3, 2.5, 2.2, 2.1]))])
        let svg = try #require(SVGInspection(chart.svg()))
        let inner = try #require(plotted(chart.svg()))
        #expect(inner.count("polyline") == 1)
        let points = try #require(inner.all("polyline").first?.attributes["points"])
        #expect(points.split(separator: " ").count == 5)
        #expect(svg.count("svg") == 1)
    }

    @Test("NaN and infinite points break a line and are skipped by a scatter")
    func nonFinite() throws {
        let chart = Chart(layers: [
            .line(LineLayer(x: [0, 1, 2, 3, 4, 5], y: [1, 2, .nan, 3, 4, .infinity])),
            .scatter(ScatterLayer(x: [0, 1, .nan, 3, -.infinity, 5, 6], y: [1, 1, 1, .infinity, 2, 2, 2])),
        ])
        let text = chart.svg()
        let inner = try #require(plotted(text))
        #expect(inner.count("polyline") == 2)
        #expect(inner.count("circle") == 4)
        #expect(containsNoBadNumbers(text))
        #expect(SVGInspection(text) != nil)
    }

    @Test("one circle per scatter point, coloured by class")
    func scatterClasses() throws {
        let layer = ScatterLayer(x: [0, 1, 2, 3], y: [0, 1, 0, 1], coloring: .classes([0, 1, 1, 0]))
        let inner = try #require(plotted(Chart(layers: [.scatter(layer)]).svg()))
        let fills = inner.all("circle").map { $0.attributes["fill"] }
        #expect(fills == ["#1f77b4", "#ff7f0e", "#ff7f0e", "#1f77b4"])
    }

    @Test("title and labels are escaped")
    func escaping() throws {
        let chart = Chart(title: "a <&> \"b\"", xLabel: "x & y", yLabel: "<loss>")
        let text = chart.svg()
        #expect(text.contains("a &lt;&amp;&gt; &quot;b&quot;"))
        let svg = try #require(SVGInspection(text))
        let texts = svg.all("text").map(\.text)
        #expect(texts.contains("a <&> \"b\""))
        #expect(texts.contains("x & y"))
        #expect(texts.contains("<loss>"))
    }

    @Test("two renders are byte-identical")
    func determinism() {
        func build() -> Chart {
            var chart = Chart(title: "same", xLabel: "x", yLabel: "y")
            chart.add(.heatMap(HeatMapLayer(grid: ChartGrid(xRange: -1...1, yRange: -1...1, columns: 9, rows: 9) { $0 * $1 })))
            chart.add(.line(LineLayer.function({ sin($0) }, over: -1...1, name: "sin")))
            chart.add(.scatter(ScatterLayer(x: [0.1, 0.2], y: [0.3, -0.4], name: "points")))
            return chart
        }
        #expect(build().svg() == build().svg())
        #expect(Data(build().svg().utf8) == Data(build().svg().utf8))
    }

    @Test("axis ticks appear as tick labels")
    func tickLabels() throws {
        let chart = Chart(layers: [.line(LineLayer(x: [-3.2, 7.1], y: [0, 0.97]))])
        let texts = try #require(SVGInspection(chart.svg())).all("text").map(\.text)
        for label in ["-4", "-2", "0", "2", "4", "6", "8", "0.2", "0.4", "0.6", "0.8", "1"] {
            #expect(texts.contains(label), "missing tick label \(label)")
        }
    }

    @Test("an empty chart and a constant series still render sensible axes")
    func emptyAndDegenerate() throws {
        let empty = Chart(title: "empty").svg()
        #expect(SVGInspection(empty) != nil)
        #expect(containsNoBadNumbers(empty))
        let flat = Chart(layers: [.line(LineLayer(y: [3, 3, 3]))])
        #expect(flat.axisTicks.y.range.lowerBound < 3 && flat.axisTicks.y.range.upperBound > 3)
        let onlyNaN = Chart(layers: [.scatter(ScatterLayer(x: [.nan], y: [.nan]))]).svg()
        #expect(containsNoBadNumbers(onlyNaN))
    }

    @Test("huge values are clamped and clipped, never printed as inf")
    func huge() {
        let chart = Chart(yRange: 0...1, layers: [.line(LineLayer(x: [0, 1, 2], y: [0, 1e300, -1e308]))])
        let text = chart.svg()
        #expect(containsNoBadNumbers(text))
        #expect(SVGInspection(text) != nil)
    }

    @Test("named layers get a legend row each; unnamed ones none")
    func legend() throws {
        let chart = Chart(layers: [
            .line(LineLayer(y: [1, 2], name: "train")),
            .line(LineLayer(y: [2, 1], name: "test", dashed: true)),
            .line(LineLayer(y: [0, 0])),
        ])
        let svg = try #require(SVGInspection(chart.svg()))
        let texts = svg.all("text").map(\.text)
        #expect(texts.contains("train") && texts.contains("test"))
        #expect(svg.count("line") == 2)
        #expect(svg.all("line").last?.attributes["stroke-dasharray"] != nil)
    }

    @Test("grid layers fit the axes tightly to their extent")
    func tightGrid() {
        let grid = ChartGrid(xRange: -10...10, yRange: -7...7, columns: 5, rows: 5) { $0 + $1 }
        let ticks = Chart(layers: [.heatMap(HeatMapLayer(grid: grid))]).axisTicks
        #expect(ticks.x.range == -10...10)
        #expect(ticks.y.range == -7...7)
    }
}
