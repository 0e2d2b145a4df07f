import Autograd

let x = Scalar(1.0, label: "x")
let t = tanh(x)
print("tanh(1) =", t.data)

t.backward()
print("x.grad =", x.grad, " 1 − tanh² =", 1 - t.data * t.data)
