import Autograd
import AutogradNN

/// Whether every element of `actual` is within `tolerance` of `expected`.
func isClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance }
}

/// Whether `actual` is within `tolerance` of `expected`.
func isClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    Swift.abs(actual - expected) <= tolerance
}

/// A float64 tensor of the given rows.
func matrix(_ rows: [[Double]], requiresGrad: Bool = false) -> Tensor {
    Tensor(rows, dtype: .float64, requiresGrad: requiresGrad)
}

/// A float64 vector.
func vector(_ values: [Double], requiresGrad: Bool = false) -> Tensor {
    Tensor(values, dtype: .float64, requiresGrad: requiresGrad)
}
