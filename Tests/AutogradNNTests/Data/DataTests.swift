import Testing
import Autograd
import AutogradNN

@Suite("Data: moons, CSV and batches")
struct DataTests {
    @Test("two moons: half the points on each moon, seeded and reproducible")
    func moons() {
        let data = TwoMoons.generate(count: 100, noise: 0, seed: 3)
        #expect(data.features.shape == [100, 2] && data.labels.shape == [100])
        #expect(data.labels.scalars.filter { $0 == 0 }.count == 50)
        // Without noise the outer moon lies on the unit circle, the inner one on a circle around (1, 0.5).
        let f = data.features.scalars
        for i in 0..<50 {
            let radius: Double = f[2 * i] * f[2 * i] + f[2 * i + 1] * f[2 * i + 1]
            #expect(Swift.abs(radius - 1) < 1e-12)
        }
        for i in 50..<100 {
            let (dx, dy) = (f[2 * i] - 1, f[2 * i + 1] - 0.5)
            #expect(Swift.abs(dx * dx + dy * dy - 1) < 1e-12)
        }
        let noisy = TwoMoons.generate(count: 10, noise: 0.1, seed: 9)
        #expect(noisy.features.scalars == TwoMoons.generate(count: 10, noise: 0.1, seed: 9).features.scalars)
        #expect(noisy.features.scalars != TwoMoons.generate(count: 10, noise: 0.1, seed: 10).features.scalars)
    }

    @Test("CSV with a header becomes features and labels")
    func csv() throws {
        let table = try CSVTable(parsing: "x0, x1, y\n1, 2, -1\n\n3.5, -4e-1, 1\n")
        #expect(table.columnNames == ["x0", "x1", "y"])
        #expect(table.rows == [[1, 2, -1], [3.5, -0.4, 1]])
        let data = table.dataset()
        #expect(data.features.shape == [2, 2] && data.labels.scalars == [-1, 1])
    }

    @Test("CSV from spreadsheets: a byte-order mark, CR LF or lone CR line ends, and a column named nan")
    func csvVariants() throws {
        for text in ["\u{FEFF}x,y\r\n1,2\r\n3,4\r\n", "x,y\r1,2\r3,4\r", "\u{FEFF}x,y\n1,2\n3,4"] {
            let table = try CSVTable(parsing: text)
            #expect(table.columnNames == ["x", "y"] && table.rows == [[1, 2], [3, 4]], "\(text.debugDescription)")
        }
        let named = try CSVTable(parsing: "nan,inf\n1,2\n")
        #expect(named.columnNames == ["nan", "inf"] && named.rows == [[1, 2]])
        // Line numbers count lone CRs too.
        #expect(throws: CSVTable.ParseError(description: "line 3: 1 fields, but the header has 2")) {
            try CSVTable(parsing: "a,b\r1,2\r3\r")
        }
    }

    @Test("CSV errors name the line and the problem",
          arguments: [
            ("", "the CSV text is empty: expected a header line"),
            ("a,b\n", "the CSV text has a header but no rows"),
            ("a,b\n1,2\n3\n", "line 3: 1 fields, but the header has 2"),
            ("a,b\n1,x\n", "line 2, column 'b': 'x' is not a number"),
            ("1,2\n3,4\n", "line 1: expected a header of column names, found the number '1'"),
            ("a,,b\n1,2,3\n", "line 1: the header has an empty column name"),
          ])
    func csvErrors(text: String, message: String) {
        #expect(throws: CSVTable.ParseError(description: message)) { try CSVTable(parsing: text) }
    }

    @Test("batches cover every example once, shuffled reproducibly")
    func batches() {
        let data = Dataset(features: Tensor((0..<20).map(Double.init), shape: [10, 2]), labels: Tensor((0..<10).map(Double.init)))
        var generator = RandomGenerator(seed: 1)
        let batches = data.batches(size: 4, shuffledWith: &generator)
        #expect(batches.map(\.count) == [4, 4, 2])
        let labels = batches.flatMap { $0.labels.scalars }
        #expect(labels.sorted() == (0..<10).map(Double.init) && labels != (0..<10).map(Double.init))
        // Rows keep their features with their labels.
        for batch in batches {
            for (row, label) in batch.labels.scalars.enumerated() {
                #expect(batch.features.scalars[2 * row] == 2 * label)
            }
        }
        var again = RandomGenerator(seed: 1)
        #expect(data.batches(size: 4, shuffledWith: &again).flatMap { $0.labels.scalars } == labels)
        #expect(data.batches(size: 3).map(\.count) == [3, 3, 3, 1])
    }
}
