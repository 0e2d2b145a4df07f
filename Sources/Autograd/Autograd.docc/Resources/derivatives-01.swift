import Autograd

// f(x) = x³ − 10x² + 5x − 2, written once for any number type that
// ScalarMath describes: plain Doubles and recorded Scalars alike.
func f<T: ScalarMath>(_ x: T) -> T {
    x * x * x - 10 * x * x + 5 * x - 2
}

let x0 = 6.0
print("f(6) =", f(x0))
