import Autograd

// f(x) = x³ − 10x² + 5x − 2, written once for any number type that
// ScalarMath describes: plain Doubles and recorded Scalars alike.
func f<T: ScalarMath>(_ x: T) -> T {
    x * x * x - 10 * x * x + 5 * x - 2
}

let x0 = 6.0
print("f(6) =", f(x0))

// 1. Nudge x a little and watch f move.
let h = 1e-5
print("finite difference:", (f(x0 + h) - f(x0)) / h)

// 2. Differentiate by hand: f'(x) = 3x² − 20x + 5.
print("by hand:", 3 * x0 * x0 - 20 * x0 + 5)

// 3. Let the engine record f and run it backwards.
let x = Scalar(x0)
let y = f(x)
y.backward()
print("engine:", x.grad)
