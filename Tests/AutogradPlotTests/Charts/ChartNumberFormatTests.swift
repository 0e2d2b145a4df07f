import AutogradPlot
import Testing

@Suite("ChartNumberFormat")
struct ChartNumberFormatTests {
    @Test("fixed decimals trim trailing zeros and never print -0", arguments: [
        (1.5, 2, "1.5"), (2.0, 2, "2"), (-0.004, 2, "0"), (-1.005, 1, "-1"), (123.456, 2, "123.46"),
        (0.1 + 0.2, 3, "0.3"), (-7.25, 2, "-7.25"), (1e20, 2, "1e20"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(ChartNumberFormat.fixed(value, decimals: decimals) == expected)
    }

    @Test("significant digits switch to exponents for extreme magnitudes", arguments: [
        (1234.5678, 4, "1235"), (0.000123456, 3, "0.000123"), (1.5e-7, 3, "1.5e-7"), (-2.5e12, 2, "-2.5e12"),
        (999.96, 4, "1000"), (1000.0, 4, "1000"), (0.0, 4, "0"), (9.99999e-8, 2, "1e-7"),
    ])
    func significant(value: Double, digits: Int, expected: String) {
        #expect(ChartNumberFormat.significant(value, digits: digits) == expected)
    }

    @Test("non-finite values never produce NaN or inf text")
    func nonFinite() {
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(ChartNumberFormat.coordinate(value) == "0")
            #expect(ChartNumberFormat.significant(value, digits: 4) == "0")
        }
    }
}
