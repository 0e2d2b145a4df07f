import Autograd

let a = Scalar(1.0, label: "a")
let b = Scalar(2.0, label: "b")
let c = a + b
let d = a - b
let e = c * d
let f = e * b
print(c.data, d.data, e.data, f.data)

c.label = "c"
d.label = "d"
e.label = "e"
f.label = "f"
print(f.graph.listing)
