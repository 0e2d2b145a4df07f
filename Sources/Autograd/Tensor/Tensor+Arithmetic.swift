// Arithmetic on tensors, broadcasting as NumPy does, with numbers on either side.

extension Tensor {
    /// Elementwise sum, broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { AddFunction(location: .operatorCall).applied(to: lhs, rhs) }
    /// Elementwise difference, broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { SubtractFunction(location: .operatorCall).applied(to: lhs, rhs) }
    /// Elementwise product, broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { MultiplyFunction(location: .operatorCall).applied(to: lhs, rhs) }
    /// Elementwise quotient, broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { DivideFunction(location: .operatorCall).applied(to: lhs, rhs) }
    /// Elementwise negation.
    public static prefix func - (operand: Tensor) -> Tensor { NegateFunction().applied(to: operand) }

    /// A number as a 0-d tensor of this tensor's element type.
    func constant(_ value: Double) -> Tensor {
        // Built directly (no element-count check, no conversion): `y * 1.001` makes one per call.
        switch dtype {
        case .float32: Tensor(storage: .float32([Float(value)]), shape: [])
        case .float64: Tensor(storage: .float64([value]), shape: [])
        }
    }

    // A number on the right of + − ·, or on either side of + and ·, is a scalar operand (see
    // ScalarOperandFunctions.swift); c − x and the quotients wrap it as a constant tensor.

    /// Adds a number to every element.
    public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs.adding(scalar: rhs) }
    /// Adds every element to a number.
    public static func + (lhs: Double, rhs: Tensor) -> Tensor { rhs.adding(scalar: lhs) }
    /// Subtracts a number from every element.
    public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs.adding(scalar: -rhs) }
    /// Subtracts every element from a number.
    public static func - (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) - rhs }
    /// Multiplies every element by a number.
    public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs.multiplied(byScalar: rhs) }
    /// Multiplies a number by every element.
    public static func * (lhs: Double, rhs: Tensor) -> Tensor { rhs.multiplied(byScalar: lhs) }
    /// Divides every element by a number.
    public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs / lhs.constant(rhs) }
    /// Divides a number by every element.
    public static func / (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) / rhs }

    // Other floating-point types (`Float`): generic, so that literals still choose `Double`.

    /// Adds a number of another floating-point type to every element.
    public static func + <F: BinaryFloatingPoint>(lhs: Tensor, rhs: F) -> Tensor { lhs + Double(rhs) }
    /// Adds every element to a number of another floating-point type.
    public static func + <F: BinaryFloatingPoint>(lhs: F, rhs: Tensor) -> Tensor { Double(lhs) + rhs }
    /// Subtracts a number of another floating-point type from every element.
    public static func - <F: BinaryFloatingPoint>(lhs: Tensor, rhs: F) -> Tensor { lhs - Double(rhs) }
    /// Subtracts every element from a number of another floating-point type.
    public static func - <F: BinaryFloatingPoint>(lhs: F, rhs: Tensor) -> Tensor { Double(lhs) - rhs }
    /// Multiplies every element by a number of another floating-point type.
    public static func * <F: BinaryFloatingPoint>(lhs: Tensor, rhs: F) -> Tensor { lhs * Double(rhs) }
    /// Multiplies a number of another floating-point type by every element.
    public static func * <F: BinaryFloatingPoint>(lhs: F, rhs: Tensor) -> Tensor { Double(lhs) * rhs }
    /// Divides every element by a number of another floating-point type.
    public static func / <F: BinaryFloatingPoint>(lhs: Tensor, rhs: F) -> Tensor { lhs / Double(rhs) }
    /// Divides a number of another floating-point type by every element.
    public static func / <F: BinaryFloatingPoint>(lhs: F, rhs: Tensor) -> Tensor { Double(lhs) / rhs }

    /// Adds in place (a new value; recorded like `lhs + rhs`).
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// Subtracts in place (a new value; recorded like `lhs - rhs`).
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// Multiplies in place (a new value; recorded like `lhs * rhs`).
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    /// Divides in place (a new value; recorded like `lhs / rhs`).
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
}
