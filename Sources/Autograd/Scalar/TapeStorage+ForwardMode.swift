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

extension TapeStorage {
    /// Tangents along `directions.count` directions at once (vector forward mode): one sweep reads
    /// each row and its local derivatives once and updates every direction's tangent.
    ///
    /// `directions[d][i]` is direction d's tangent for `inputRows[i]`; the result holds, for each of
    /// `outputRows`, the tangent along every direction (`result[output][d]`; 0 for rows below -1).
    func tangents(inputRows: [Int32], directions: [[Double]], outputRows: [Int32]) -> [[Double]] {
        let width = directions.count
        guard width > 0, let first = inputRows.min() else {
            return outputRows.map { _ in [Double](repeating: 0, count: width) }
        }
        let last = Swift.max(outputRows.max() ?? 0, first)
        let rows = Int(last) + 1
        var seeded = [Bool](repeating: false, count: rows)
        for row in inputRows where row <= last { seeded[Int(row)] = true }
        let values = columns.pointee.values
        let nodes = columns.pointee.nodes
        return SweepScratch.withBuffer(count: rows * width) { base in
            // The buffer comes uncleared: every slot of rows 0...last is written before it is read.
            // Rows below the first input and rows without inputs are constants here (tangent 0);
            // seeded rows hold their seeds, inputs recorded after every output none.
            base.initialize(repeating: 0, count: Int(first) * width)
            for row in inputRows where row <= last { (base + Int(row) * width).initialize(repeating: 0, count: width) }
            for (input, row) in inputRows.enumerated() where row <= last {
                for d in 0..<width { base[Int(row) * width + d] += directions[d][input] }
            }
            for row in Int(first)...Int(last) where !seeded[row] {
                let node = nodes[row]
                let out = base + row * width
                guard node.operation.hasInputs else {
                    out.initialize(repeating: 0, count: width)
                    continue
                }
                let x = Int(node.lhs)
                let y = node.rhs >= 0 ? Int(node.rhs) : x
                let (dx, dy) = node.operation.localDerivatives(values[x], values[y], values[row])
                let (a, b) = (dx.number, node.rhs >= 0 ? dy.number : 0)
                let tx = base + x * width, ty = base + y * width
                if !a.isFinite || !b.isFinite {
                    // An infinite or NaN local derivative times a zero tangent adds nothing, as in
                    // the one-direction sweep (√x at 0 along a direction that leaves x alone).
                    for d in 0..<width {
                        out[d] = (tx[d] == 0 ? 0 : a * tx[d]) + (b == 0 || ty[d] == 0 ? 0 : b * ty[d])
                    }
                } else if b == 0 {
                    if a != 0 { for d in 0..<width { out[d] = a * tx[d] } } else { out.initialize(repeating: 0, count: width) }
                } else if a == 0 {
                    for d in 0..<width { out[d] = b * ty[d] }
                } else {
                    for d in 0..<width { out[d] = a * tx[d] + b * ty[d] }
                }
            }
            return outputRows.map { row in
                row >= 0 ? Array(UnsafeBufferPointer(start: base + Int(row) * width, count: width)) : [Double](repeating: 0, count: width)
            }
        }
    }
}
