import Autograd
import AutogradNN

// 101 points on the line y = 5x − 3, each moved by noise from U(−1, 1).
var generator = RandomGenerator(seed: 0)
let xs = (0...100).map { 0.01 * Double($0) }
let ys = xs.map { 5 * $0 - 3 + (2 * generator.nextUniform() - 1) }
