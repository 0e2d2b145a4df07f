import Foundation
import Testing

@testable import Autograd

/// Every malformed input is rejected with an error whose message names the problem.
@Suite("NumPy .npy reader rejects hostile input")
struct NumPyHostileInputTests {
    /// Expects `data` to be rejected with a message containing every fragment.
    private func expectRejected(
        _ data: Data, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = npyError({ () throws(NumPyError) in _ = try NumPyArray(npyData: data) }) else {
            Issue.record("accepted an invalid file", sourceLocation: sourceLocation)
            return
        }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    private func header(_ descr: String = "<f8", shape: String = "(1,)") -> String {
        NPYBytes.header(descr: descr, shape: shape)
    }

    @Test("bad magic")
    func badMagic() {
        expectRejected(Data("\u{89}PNG\r\n\u{1A}\n and more bytes".utf8), "bad magic")
        expectRejected(Data([0x93]) + Data("NUMPX".utf8) + Data([1, 0, 0, 0]), "bad magic")
        expectRejected(Data("x".utf8), "bad magic")
    }

    @Test("unsupported versions")
    func versions() {
        for (major, minor) in [(UInt8(0), UInt8(0)), (4, 0), (1, 1), (255, 255)] {
            let data = NPYBytes.file(header: header(), major: major, minor: minor, data: NPYBytes.doubles([1]))
            expectRejected(data, "unsupported .npy format version \(major).\(minor)")
        }
    }

    @Test("truncated preamble")
    func truncatedPreamble() {
        let full = NPYBytes.file(header: header(), data: NPYBytes.doubles([1]))
        for length in [0, 3, 6, 8, 9] {
            expectRejected(full.prefix(length), "truncated header", "\(length) bytes")
        }
        let version2 = NPYBytes.file(header: header(), major: 2, data: NPYBytes.doubles([1]))
        expectRejected(version2.prefix(11), "truncated header", "needs 12")
    }

    @Test("header length past the end of the data")
    func headerLengthPastEnd() {
        let text = Array(header().utf8)
        let short = NPYBytes.raw(major: 1, lengthBytes: 2, length: 1000, header: text)
        expectRejected(short, "header length 1000", "past the end")
        let huge = NPYBytes.raw(major: 2, lengthBytes: 4, length: 0xFFFF_FFFF, header: text)
        expectRejected(huge, "4294967295", "past the end")
    }

    @Test("malformed header dictionaries", arguments: [
        ("{'descr': '<f8', 'fortran_order': False}", "missing key 'shape'"),
        ("{'shape': (1,), 'fortran_order': False}", "missing key 'descr'"),
        ("{'descr': '<f8', 'shape': (1,)}", "missing key 'fortran_order'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unknown key 'extra'"),
        ("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", "duplicate key 'descr'"),
        ("{'descr': 8, 'fortran_order': False, 'shape': (1,)}", "bad value for 'descr'"),
        ("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", "bad value for 'fortran_order'"),
        ("{'descr': '<f8', 'fortran_order': None, 'shape': (1,)}", "bad value for 'fortran_order'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", "bad value for 'shape'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", "bad value for 'shape'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': ('1',)}", "bad value for 'shape'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': ((1,),)}", "bad value for 'shape'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,)}", "not an integer literal"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (0x1,)}", "not an integer literal"),
        ("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}", "unexpected name 'Maybe'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} trailing", "after the closing '}'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,", "header ends"),
        ("{'descr: '<f8', 'fortran_order': False, 'shape': (1,)}", "expected ':'"),
        ("{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,)}", "escape sequences"),
        ("{1: '<f8'}", "expected a quoted key"),
        ("['descr', '<f8']", "must start with '{'"),
        ("", "must start with '{'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 100), "nesting deeper"),
    ])
    func malformed(header: String, message: String) {
        expectRejected(NPYBytes.file(header: header, data: NPYBytes.doubles([1])), "malformed header", message)
    }

    @Test("a header that is not valid UTF-8 in format 3.0, or not ASCII syntax")
    func encodings() {
        var text = Array("{'descr': '<f8".utf8)
        text += [0xFF, 0xFE]
        text += Array("', 'fortran_order': False, 'shape': (1,), }\n".utf8)
        expectRejected(NPYBytes.raw(major: 3, lengthBytes: 4, length: text.count, header: text), "not valid UTF-8")
        let latin = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (1,),\u{A0}}\n".utf8)
        expectRejected(NPYBytes.raw(major: 1, lengthBytes: 2, length: latin.count, header: latin), "byte 0xC2")
    }

    @Test("unsupported dtypes are named with the reason", arguments: [
        (">f8", "big-endian"), (">i4", "big-endian"), ("<c16", "complex"), ("|O", "Python objects"),
        ("<U10", "Unicode strings"), ("|S5", "byte strings"), ("<f2", "2-byte floats"), ("<f16", "16-byte floats"),
        ("<i2", "2-byte integers"), ("<u4", "unsigned integers"), ("<M8[ns]", "datetimes"), ("<m8[s]", "timedeltas"),
        ("|V8", "void"), ("<", "empty type code"), ("<x4", "unknown type code 'x'"),
    ])
    func unsupportedDType(descr: String, reason: String) {
        let data = NPYBytes.file(header: header(descr), data: NPYBytes.doubles([1]))
        expectRejected(data, "unsupported dtype '\(descr)'", reason)
    }

    @Test("structured dtypes and Fortran order")
    func structuredAndFortran() {
        let structured = "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (1,), }"
        expectRejected(NPYBytes.file(header: structured, data: NPYBytes.doubles([1])), "structured")
        let fortran = NPYBytes.header(descr: "<f8", shape: "(2, 3)", fortran: "True")
        expectRejected(NPYBytes.file(header: fortran, data: NPYBytes.doubles([1, 2, 3, 4, 5, 6])), "fortran_order True", "unsupported")
    }

    @Test("Fortran order with at most one axis longer than 1 is the same layout, and is read")
    func fortranVectors() throws {
        for shape in ["(3,)", "(3, 1)", "(1, 3)", "()"] {
            let values: [Double] = shape == "()" ? [7] : [1, 2, 3]
            let data = NPYBytes.file(header: NPYBytes.header(descr: "<f8", shape: shape, fortran: "True"), data: NPYBytes.doubles(values))
            #expect(try NumPyArray(npyData: data).doubles() == values, "shape \(shape)")
        }
    }

    @Test("negative dimensions and shapes that overflow")
    func shapeProblems() {
        expectRejected(NPYBytes.file(header: header(shape: "(2, -3)")), "negative dimension", "(2, -3)")
        expectRejected(NPYBytes.file(header: header(shape: "(-1,)")), "negative dimension")
        let bigDimension = NPYBytes.file(header: header(shape: "(100000000000000000000,)"))
        expectRejected(bigDimension, "shape overflow", "does not fit in Int")
        let bigCount = NPYBytes.file(header: header(shape: "(4294967296, 4294967296)"))
        expectRejected(bigCount, "shape overflow", "element count")
        expectRejected(NPYBytes.file(header: header(shape: "(2305843009213693952,)")), "shape overflow", "byte size")
    }

    @Test("a huge declared shape over a few bytes fails fast without allocating")
    func hugeShapeFailsFast() {
        let data = NPYBytes.file(header: header(shape: "(1000000000000000,)"), data: [UInt8](repeating: 0, count: 10))
        let clock = ContinuousClock()
        let elapsed = clock.measure { expectRejected(data, "data too short", "8000000000000000 bytes", "only 10") }
        #expect(elapsed < .seconds(5))
    }

    @Test("pathologically large headers fail quickly with short messages")
    func pathologicalHeaders() {
        let manyKeys = "{" + (0..<100_000).map { "'k\($0)': 0, " }.joined() + "}"
        let longDescr = NPYBytes.header(descr: String(repeating: "x", count: 100_000), shape: "(1,)")
        let ones = String(repeating: "1, ", count: 100_000)
        let manyDimensions = NPYBytes.header(descr: "<f8", shape: "(" + ones + "-1)")
        let longNumber = NPYBytes.header(descr: "<f8", shape: "(" + String(repeating: "9", count: 1_000_000) + ",)")
        let cases = [(manyKeys, "unknown key 'k0'"), (longDescr, "unknown type code 'x'"),
                     (manyDimensions, "negative dimension"), (longNumber, "does not fit in Int")]
        for (header, fragment) in cases {
            let data = NPYBytes.file(header: header, major: 2)
            let clock = ContinuousClock()
            let start = clock.now
            let error = npyError { () throws(NumPyError) in _ = try NumPyArray(npyData: data) }
            #expect(clock.now - start < .seconds(10))
            #expect(error?.description.contains(fragment) == true, "\(String(describing: error).prefix(200))")
            #expect((error?.description.count ?? 0) < 300)
        }
    }

    @Test("data shorter than declared, and trailing bytes after it")
    func dataLength() {
        let short = NPYBytes.file(header: header(shape: "(3,)"), data: NPYBytes.doubles([1, 2]) + [0, 0])
        expectRejected(short, "data too short", "24 bytes", "only 18")
        let long = NPYBytes.file(header: header(shape: "(2,)"), data: NPYBytes.doubles([1, 2]) + [0])
        expectRejected(long, "trailing bytes", "needs 16", "17 are present")
    }

    @Test("file errors name the file")
    func fileErrors() {
        let missing = URL(fileURLWithPath: "/nonexistent-autograd-dir/missing.npy")
        let readError = npyError { () throws(NumPyError) in _ = try NumPyArray(contentsOf: missing) }
        #expect(readError?.description.contains("missing.npy") == true)
        let writeError = npyError { () throws(NumPyError) in try NumPyArray([1] as [Double]).write(to: missing) }
        #expect(writeError?.description.contains("cannot write '/nonexistent-autograd-dir/missing.npy'") == true)
    }
}
