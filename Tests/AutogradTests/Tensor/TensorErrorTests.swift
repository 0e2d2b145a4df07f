import Foundation
import Testing
import Autograd

/// Programmer errors stop with a message naming the operation, the shapes and the caller's line.
@Suite("Tensor programmer errors")
struct TensorErrorTests {
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test("[2, 3] + [4] names the operation and both shapes")
    func broadcastMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]) + Tensor.zeros(shape: [4])
        }
        let message = Self.standardError(result)
        #expect(message.contains("add: shapes [2, 3] and [4] do not broadcast"), "stderr: \(message)")
    }

    @Test("a bad reshape names the shapes and the caller's file and line")
    func badReshape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).reshaped(to: [4, 2])
        }
        let message = Self.standardError(result)
        #expect(message.contains("reshape: cannot reshape [2, 3] (6 elements) to [4, 2]"), "stderr: \(message)")
        #expect(message.contains("TensorErrorTests.swift:"), "stderr: \(message)")
    }

    @Test("an axis out of range names it and the rank")
    func badAxis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).sum(axis: 2)
        }
        let message = Self.standardError(result)
        #expect(message.contains("sum: axis 2 is out of range for a tensor of rank 2"), "stderr: \(message)")
    }
}
