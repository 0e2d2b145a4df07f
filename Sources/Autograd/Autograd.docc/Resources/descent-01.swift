import Autograd

func f(_ a: Scalar, _ b: Scalar) -> Scalar { b * ((a + b) * (a - b)) }

let a = Scalar(1.0), b = Scalar(2.0)
let start = f(a, b)
start.backward()
print("f =", start.data, " grad =", [a.grad, b.grad])
