import AutogradPlot
import Foundation
import Testing

@Suite("Chart writing")
struct ChartWriteTests {
    @Test("write(to:) stores exactly the SVG and replaces an existing file")
    func writes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chart-write-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("loss.svg")
        try Data("old".utf8).write(to: url)
        let chart = Chart(title: "loss", layers: [.line(LineLayer(y: [3, 2, 1]))])
        try chart.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == chart.svg())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["loss.svg"])
    }

    @Test("a failed write names the file")
    func failure() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/chart.svg")
        do {
            try Chart().write(to: url)
            Issue.record("writing into a missing directory should fail")
        } catch let error as ChartWriteError {
            #expect(error.path == url.path)
            #expect(error.description.contains(url.path))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
