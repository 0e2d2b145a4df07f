import AutogradPlot
import Testing

@Suite("ColorMap and ChartColor")
struct ColorMapTests {
    @Test("viridis ends at its endpoint colours")
    func endpoints() {
        #expect(ColorMap.viridis.color(at: 0).hexString == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hexString == "#fde725")
        #expect(ColorMap.viridis.color(at: -3) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.viridis.color(at: 7) == ColorMap.viridis.color(at: 1))
        #expect(ColorMap.viridis.color(at: .nan) == ColorMap.viridis.color(at: 0))
    }

    @Test("interpolation lands between neighbouring stops")
    func midpoint() {
        let map = ColorMap(stops: [.black, .white])
        #expect(map.color(at: 0.5) == ChartColor(red: 128, green: 128, blue: 128))
        #expect(map.color(for: 15, in: 10...20) == map.color(at: 0.5))
    }

    @Test("viridis brightens monotonically (perceptual order)")
    func monotoneLuminance() {
        let samples = stride(from: 0.0, through: 1.0, by: 0.05).map { ColorMap.viridis.color(at: $0) }
        let luminance = samples.map { 0.2126 * Double($0.red) + 0.7152 * Double($0.green) + 0.0722 * Double($0.blue) }
        #expect(zip(luminance, luminance.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("hex text, lightening and the palette")
    func colors() {
        #expect(ChartColor(hex: 0x0A0B0C).hexString == "#0a0b0c")
        #expect(ChartColor.black.lightened(by: 1) == .white)
        #expect(ChartPalette.color(at: 0) == .blue)
        #expect(ChartPalette.color(at: 10) == .blue)
        #expect(ChartPalette.color(at: -1) == ChartPalette.colors.last)
        #expect(Set(ChartPalette.colors).count == ChartPalette.colors.count)
    }
}
