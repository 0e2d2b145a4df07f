import Autograd

let a = Scalar(1.0), b = Scalar(2.0)
let f = b * ((a + b) * (a - b))
// Record the gradient itself, so that it can be differentiated again.
let g = f.differentiableGradients(withRespectTo: [a, b])
print("gradient:", g.map(\.data))
