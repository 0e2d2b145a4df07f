import Autograd
import AutogradNN

// 100 points on two interleaving half circles; labels 0 and 1 become −1 and +1.
let moons = TwoMoons.generate(count: 100, noise: 0.1, seed: 0)
let labels = moons.labels * 2 - 1
