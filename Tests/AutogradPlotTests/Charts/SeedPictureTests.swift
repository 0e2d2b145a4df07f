import AutogradPlot
import Foundation
import Testing

@Suite("Seed pictures")
struct SeedPictureTests {
    /// Renders every seed picture to files; set AUTOGRAD_CHART_DIR to keep them for a look.
    @Test("the tutorials' pictures render to valid SVG files")
    func render() throws {
        let kept = ProcessInfo.processInfo.environment["AUTOGRAD_CHART_DIR"]
        let directory = kept.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("seed-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: directory) } }
        for (name, makeChart) in SeedPictures.all {
            let url = directory.appendingPathComponent(name + ".svg")
            try makeChart().write(to: url)
            let text = try String(contentsOf: url, encoding: .utf8)
            let svg = try #require(SVGInspection(text), "\(name) is not well-formed XML")
            #expect(svg.count("text") >= 5, "\(name) lacks tick labels")
            #expect(!text.contains("nan") && !text.contains("inf"), "\(name) has a non-finite number")
        }
    }

    @Test("the gradient-descent picture has 50 trajectories, each with a black start dot, and arrows")
    func gradientDescentParts() throws {
        let svg = try #require(SVGInspection(SeedPictures.gradientDescent().svg()))
        #expect(svg.all("g").filter { $0.attributes["class"] == "trajectory" }.count == 50)
        #expect(svg.all("circle").filter { $0.attributes["class"] == "start" }.count == 50)
        #expect(svg.all("path").contains { $0.attributes["class"] == "arrows" })
        #expect(svg.all("path").contains { $0.attributes["class"] == "contour" })
    }

    @Test("the tangent picture draws the analytic tangent dashed and the finite difference solid")
    func tangentStyles() throws {
        let svg = try #require(SVGInspection(SeedPictures.tangentLines().svg()))
        let lines = svg.all("polyline")
        #expect(lines.count == 3)
        #expect(lines[1].attributes["stroke"] == ChartColor.orange.hexString && lines[1].attributes["stroke-dasharray"] == nil)
        #expect(lines[2].attributes["stroke"] == ChartColor.red.hexString && lines[2].attributes["stroke-dasharray"] != nil)
    }

    @Test("the regression fit recovers the true weights")
    func regressionWeights() {
        let fit = SeedPictures.regression()
        #expect(abs(fit.w0 - -3) < 0.3 && abs(fit.w1 - 5) < 0.5)
    }
}
