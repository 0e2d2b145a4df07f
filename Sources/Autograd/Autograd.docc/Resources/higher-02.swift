import Autograd

let a = Scalar(1.0), b = Scalar(2.0)
let f = b * ((a + b) * (a - b))
// Record the gradient itself, so that it can be differentiated again.
let g = f.differentiableGradients(withRespectTo: [a, b])
print("gradient:", g.map(\.data))

print("∂²f/∂a² =", g[0].gradients(withRespectTo: [a])[0])
print("∂²f/∂b² =", g[1].gradients(withRespectTo: [b])[0])
