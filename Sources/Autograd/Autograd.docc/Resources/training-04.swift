import Autograd
import AutogradNN

// 100 points on two interleaving half circles; labels 0 and 1 become −1 and +1.
let moons = TwoMoons.generate(count: 100, noise: 0.1, seed: 0)
let labels = moons.labels * 2 - 1

var generator = RandomGenerator(seed: 1337)
let model = MLP(sizes: [2, 16, 16, 1], dtype: .float64, generator: &generator)
print(model.parameterCount, "parameters")

// Hinge loss with a little L2 penalty, and the fraction of points on the right side.
func evaluate(_ model: MLP, points: Tensor, labels: Tensor) -> (loss: Tensor, accuracy: Double) {
    let scores = model(points)
    let loss = hingeLoss(scores: scores, labels: labels) + 1e-4 * l2Penalty(parameters: model.parameters)
    let correct = zip(scores.scalars, labels.scalars).filter { ($0 > 0) == ($1 > 0) }.count
    return (loss, Double(correct) / Double(labels.count))
}

let optimizer = SGD(parameters: model.parameters, schedule: .linear(from: 1.0, to: 0.1, steps: 100))
var losses: [Double] = []
for step in 0..<100 {
    let (loss, accuracy) = evaluate(model, points: moons.features, labels: labels)
    losses.append(loss.item())
    optimizer.zeroGrad()
    loss.backward()
    optimizer.step()
    if step % 20 == 0 { print("step", step, " loss", loss.item(), " accuracy", accuracy) }
}
let (final, accuracy) = withoutGradients { evaluate(model, points: moons.features, labels: labels) }
print("after 100 steps: loss", final.item(), " accuracy", accuracy)
