import Autograd

func f(_ a: Scalar, _ b: Scalar) -> Scalar { b * ((a + b) * (a - b)) }

let a = Scalar(1.0), b = Scalar(2.0)
let start = f(a, b)
start.backward()
print("f =", start.data, " grad =", [a.grad, b.grad])

let alpha = 0.01
print("step a:", f(Scalar(a.data - alpha * a.grad), b).data)
print("step b:", f(a, Scalar(b.data - alpha * b.grad)).data)

// Many small steps, both inputs at once.
a.zeroGrad()
b.zeroGrad()
for step in 1...25 {
    let value = f(a, b)
    value.backward()
    a.data -= 1e-3 * a.grad
    b.data -= 1e-3 * b.grad
    a.zeroGrad()
    b.zeroGrad()
    if step % 5 == 0 { print("step", step, " f =", value.data) }
}
