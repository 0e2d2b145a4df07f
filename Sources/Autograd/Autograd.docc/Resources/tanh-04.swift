import Autograd

let x = Scalar(1.0, label: "x")
let t = tanh(x)
print("tanh(1) =", t.data)

t.backward()
print("x.grad =", x.grad, " 1 − tanh² =", 1 - t.data * t.data)

// tanh(y) = (e^2y − 1) / (e^2y + 1), from exp and arithmetic only.
let y = Scalar(1.0, label: "y")
let e2y = exp(2 * y)
let u = (e2y - 1) / (e2y + 1)
print("from exp:", u.data)

u.backward()
print("y.grad =", y.grad)
