import Autograd
import AutogradNN

// 101 points on the line y = 5x − 3, each moved by noise from U(−1, 1).
var generator = RandomGenerator(seed: 0)
let xs = (0...100).map { 0.01 * Double($0) }
let ys = xs.map { 5 * $0 - 3 + (2 * generator.nextUniform() - 1) }

let w0 = Scalar(0), w1 = Scalar(0)
let optimizer = GradientDescentOptimizer(parameters: [w0, w1], lr: 0.01)

func meanSquaredError(xs: [Double], ys: [Double], w0: Scalar, w1: Scalar) -> Scalar {
    var total = Scalar(0)
    for (x, y) in zip(xs, ys) {
        let error = y - (w1 * x + w0)
        total = total + error * error
    }
    return total / Double(xs.count)
}

for epoch in 0..<5000 {
    let loss = meanSquaredError(xs: xs, ys: ys, w0: w0, w1: w1)
    optimizer.zeroGrad()
    loss.backward()
    optimizer.step()
    if epoch % 1000 == 0 { print("epoch", epoch, " loss", loss.data) }
}
print("w0 =", w0.data, " w1 =", w1.data)
