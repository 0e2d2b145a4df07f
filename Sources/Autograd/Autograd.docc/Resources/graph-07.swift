import Autograd
import AutogradPlot
import Foundation

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

print(f.operation ?? "leaf", f.parents.map { $0.label ?? "?" })

// Nudge each input by h and divide the change in f by h.
func plain(_ a: Double, _ b: Double) -> Double { b * ((a + b) * (a - b)) }
let h = 1e-5
print("df/da ≈", (plain(1 + h, 2) - plain(1, 2)) / h)
print("df/db ≈", (plain(1, 2 + h) - plain(1, 2)) / h)

f.backward()
print("a.grad =", a.grad, " b.grad =", b.grad)

// A value used twice collects both contributions.
let u = Scalar(3.0, label: "u")
let square = u * u
square.backward()
print("u.grad =", u.grad)

let dot = GraphvizDOT.document(for: f.graph)
print(dot)
let outcome = try GraphvizRenderer.write(f.graph, to: URL(fileURLWithPath: "graph.svg"))
print(outcome.message)
