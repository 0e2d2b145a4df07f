import Autograd

let x = Scalar(1.0, label: "x")
let t = tanh(x)
print("tanh(1) =", t.data)
