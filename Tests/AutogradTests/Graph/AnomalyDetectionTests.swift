import Synchronization
import Testing
import Autograd

/// 1/x, a user-defined function: `applied(to:)` records the test's own file and line.
private struct Reciprocal: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (1 / inputs[0], ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [-gradient * context.output * context.output]
    }
}

/// Collects the reports a non-trapping handler receives.
private final class ReportLog: Sendable {
    private let reports = Mutex<[AnomalyReport]>([])
    var all: [AnomalyReport] { reports.withLock { $0 } }
    func record(_ report: AnomalyReport) { reports.withLock { $0.append(report) } }
}

@Suite("Anomaly detection")
struct AnomalyDetectionTests {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    // MARK: - Forward

    @Test("log of a negative number: the forward report names Log, NaN and the shapes")
    func forwardLogOfNegative() throws {
        let log = ReportLog()
        let x = Tensor([-1.0, 4.0], requiresGrad: true)
        let y = withAnomalyDetection(onAnomaly: { log.record($0) }) { Autograd.log(x) }
        #expect(y.scalars[0].isNaN)
        let report = try #require(log.all.first)
        #expect(log.all.count == 1)
        #expect(report.phase == .forward)
        #expect(report.operation == "Log")
        #expect(report.found == "NaN")
        #expect(report.inputShapes == [[2]] && report.outputShape == [2])
        // log(_:) takes no caller location, so the report says so rather than naming a library line.
        #expect(report.creationSite == nil)
        #expect(report.description.contains("a function that takes no caller location"), "\(report)")
    }

    @Test("a function applied in the test names the test's file and line")
    func forwardNamesCreationSite() throws {
        let log = ReportLog()
        let x = Tensor([0.0, 2.0], requiresGrad: true)
        let expectedLine = #line + 2
        withAnomalyDetection(onAnomaly: { log.record($0) }) {
            _ = Reciprocal().applied(to: [x])
        }
        let report = try #require(log.all.first)
        #expect(report.operation == "Reciprocal")
        #expect(report.found == "inf")
        #expect(report.creationSite == CallerLocation(file: #fileID, line: UInt(expectedLine)))
        #expect(report.description.contains("AnomalyDetectionTests.swift:\(expectedLine)"), "\(report)")
    }

    @Test("a built-in method that takes file and line (pow) names the caller's line")
    func forwardBuiltInMethodNamesCaller() throws {
        let log = ReportLog()
        let x = Tensor([-1.0, 4.0], shape: [2, 1], requiresGrad: true)
        let expectedLine = #line + 1
        let y = withAnomalyDetection(onAnomaly: { log.record($0) }) { pow(x, Tensor([0.5, 1.0, 2.0])) }
        #expect(y.shape == [2, 3])
        let report = try #require(log.all.first)
        #expect(report.operation == "Power")
        #expect(report.inputShapes == [[2, 1], [3]] && report.outputShape == [2, 3])
        #expect(report.creationSite?.line == expectedLine)
    }

    @Test("named tensor methods (sum, matmul, logSoftmax) name the caller's line")
    func namedMethodsNameCaller() throws {
        let log = ReportLog()
        let x = Tensor([Double.infinity, 1.0], dtype: .float64, requiresGrad: true)
        let sumLine = #line + 1
        withAnomalyDetection(onAnomaly: { log.record($0) }) { _ = x.sum() }
        let matmulLine = #line + 1
        withAnomalyDetection(onAnomaly: { log.record($0) }) { _ = matmul(x, x) }
        let reports = log.all
        #expect(reports.map(\.operation) == ["Sum", "Matmul"])
        #expect(reports.map { $0.creationSite?.line } == [sumLine, matmulLine])
    }

    @Test("only the first anomaly is reported, not every operation the NaN flows through")
    func onlyFirstForwardAnomaly() throws {
        let log = ReportLog()
        let x = Tensor([-1.0, 4.0], requiresGrad: true)
        withAnomalyDetection(onAnomaly: { log.record($0) }) {
            _ = (Autograd.sqrt(x) * 2 + 1).sum()
        }
        #expect(log.all.map(\.operation) == ["Sqrt"])
    }

    @Test("an infinity from an operator expression says it came from an operator")
    func forwardOperator() throws {
        let log = ReportLog()
        let x = Tensor([0.0, 2.0], dtype: .float64, requiresGrad: true)
        withAnomalyDetection(onAnomaly: { log.record($0) }) { _ = Tensor([1.0, 1.0], dtype: .float64) / x }
        let report = try #require(log.all.first)
        #expect(report.operation == "Divide" && report.found == "inf" && report.creationSite == nil)
        #expect(report.description.contains("an operator expression"))
    }

    @Test("finite operations, unrecorded operations and operations outside the scope report nothing")
    func nothingToReport() {
        let log = ReportLog()
        let x = Tensor([1.0, 4.0], requiresGrad: true)
        withAnomalyDetection(onAnomaly: { log.record($0) }) {
            let y = (Autograd.log(x) * x).sum()
            y.backward()
            _ = Autograd.log(Tensor([-1.0]))     // requires no gradient: not recorded, not checked
        }
        _ = Autograd.log(-x)                   // outside the scope: NaN, not checked
        #expect(log.all.isEmpty)
    }

    // MARK: - Backward

    @Test("sqrt at 0: the backward report names Sqrt, inf and the input")
    func backwardSqrtAtZero() throws {
        let log = ReportLog()
        let x = Tensor([0.0, 4.0], requiresGrad: true)
        withAnomalyDetection(onAnomaly: { log.record($0) }) {
            let y = Autograd.sqrt(x).sum()   // forward is finite: sqrt(0) = 0
            y.backward()
        }
        #expect(log.all.count == 1)
        let report = try #require(log.all.first)
        #expect(report.phase == .backward(inputIndex: 0))
        #expect(report.operation == "Sqrt")
        #expect(report.found == "inf")
        #expect(report.valueShape == [2] && report.inputShapes == [[2]])
        #expect(x.grad?.scalars == [.infinity, 0.25])
    }

    @Test("with createGraph the recorded backward rule is reported once, as a gradient")
    func backwardCreateGraph() throws {
        let log = ReportLog()
        let x = Tensor([0.0, 4.0], dtype: .float64, requiresGrad: true)
        let expectedLine = #line + 2
        withAnomalyDetection(onAnomaly: { log.record($0) }) {
            let y = pow(x, Tensor([0.5], dtype: .float64)).sum()
            _ = y.gradients(withRespectTo: [x], createGraph: true)
        }
        #expect(log.all.count == 1)
        let report = try #require(log.all.first)
        #expect(report.phase == .backward(inputIndex: 0))
        #expect(report.operation == "Power")
        #expect(report.creationSite?.line == expectedLine)
    }

    @Test("backward outside the scope of a graph recorded inside it reports nothing")
    func backwardOutsideScope() {
        let log = ReportLog()
        let x = Tensor([0.0, 4.0], requiresGrad: true)
        let y = withAnomalyDetection(onAnomaly: { log.record($0) }) { Autograd.sqrt(x).sum() }
        y.backward()
        #expect(log.all.isEmpty)
        #expect(x.grad?.scalars[0] == .infinity)
    }

    // MARK: - The default handler stops the program

    @Test("by default a forward anomaly stops the program naming the operation, shapes and line")
    func forwardTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([-1.0, 4.0], shape: [2, 1], requiresGrad: true)
            withAnomalyDetection {
                _ = pow(x, Tensor([0.5, 1.0, 2.0]))
            }
        }
        let message = Self.standardError(result)
        #expect(message.contains("anomaly detected: Power (created at AutogradTests/AnomalyDetectionTests.swift:"), "stderr: \(message)")
        #expect(message.contains("produced NaN in its output of shape [2, 3] from inputs of shape [2, 1], [3]"), "stderr: \(message)")
    }

    @Test("by default a backward anomaly stops the program naming the rule and the line")
    func backwardTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([0.0, 4.0], requiresGrad: true)
            withAnomalyDetection {
                let y = Reciprocal().applied(to: [x + 1]) * Autograd.sqrt(x)
                y.sum().backward()
            }
        }
        let message = Self.standardError(result)
        #expect(message.contains("anomaly detected: the backward rule of Sqrt"), "stderr: \(message)")
        #expect(message.contains("returned inf in the gradient of its input 0 (shape [2])"), "stderr: \(message)")
    }
}
