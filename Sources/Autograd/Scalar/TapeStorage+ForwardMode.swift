/// Forward mode on a scalar tape: one sweep from the inputs up, each row's tangent the sum of its
/// inputs' tangents times the primitive's local derivatives (the same rule backward uses).
extension TapeStorage {
    /// The tangent of every row from the lowest seeded row through `last`, given tangents for some
    /// rows (the inputs); unseeded rows below them count as constants.
    ///
    /// Returns an array indexed by row (rows below the lowest seed are 0).
    func tangents(seeds: [(row: Int32, tangent: Double)], through last: Int32) -> [Double] {
        var tangents = [Double](repeating: 0, count: Int(last) + 1)
        guard let first = seeds.map(\.row).min(), first <= last else { return tangents }
        // Seeded rows keep their seed even when they have inputs of their own.
        var seeded = [Bool](repeating: false, count: Int(last) + 1)
        for seed in seeds where seed.row <= last {
            tangents[Int(seed.row)] += seed.tangent
            seeded[Int(seed.row)] = true
        }
        let values = columns.pointee.values
        let nodes = columns.pointee.nodes
        tangents.withUnsafeMutableBufferPointer { tangents in
            for row in Int(first)...Int(last) where !seeded[row] {
                let node = nodes[row]
                guard node.operation.hasInputs else { continue }
                let x = Int(node.lhs)
                let y = node.rhs >= 0 ? Int(node.rhs) : x
                let (tx, ty) = (tangents[x], node.rhs >= 0 ? tangents[y] : 0)
                if tx == 0 && ty == 0 { continue }
                let (dx, dy) = node.operation.localDerivatives(values[x], values[y], values[row])
                var tangent = 0.0
                if tx != 0, let part = dx.times(tx) { tangent += part }
                if ty != 0, let part = dy.times(ty) { tangent += part }
                tangents[row] = tangent
            }
        }
        return tangents
    }
}
