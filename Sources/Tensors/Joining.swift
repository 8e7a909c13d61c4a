extension Tensor {
    /// Joins tensors along an existing `axis`; every other size must agree.
    /// Shapes `[…, nᵢ, …]` give `[…, Σnᵢ, …]`. Throws for an empty list, a
    /// rank difference or a size mismatch (naming the first offending pair).
    /// - Complexity: O(total count).
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) throws(TensorError) -> Tensor {
        guard let first = tensors.first else {
            throw .domain(operation: "concatenate", reason: "needs at least one tensor")
        }
        guard first.rank > 0 else {
            throw .invalidShape(operation: "concatenate", shape: first.shape, expected: "rank ≥ 1")
        }
        let a = try first.normalizedAxis(axis)
        var outShape = first.shape
        outShape[a] = 0
        for t in tensors {
            var probe = t.shape
            guard probe.count == first.rank else {
                throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: t.shape)
            }
            probe[a] = 0
            var expected = first.shape
            expected[a] = 0
            guard probe == expected else {
                throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: t.shape)
            }
            outShape[a] += t.shape[a]
        }
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        var out: [Double] = []
        out.reserveCapacity(Tensor.elementCount(outShape))
        for o in 0..<outer {
            for t in tensors {
                let chunk = t.shape[a] * inner
                out.append(contentsOf: t.scalars[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return Tensor(shape: outShape, scalars: out)
    }

    /// Joins equally shaped tensors along a new `axis` (0…rank): k tensors of
    /// shape `s` give shape `s` with `k` inserted at `axis`.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = tensors.first else {
            throw .domain(operation: "stack", reason: "needs at least one tensor")
        }
        for t in tensors where t.shape != first.shape {
            throw .shapeMismatch(operation: "stack", lhs: first.shape, rhs: t.shape)
        }
        let a = axis < 0 ? axis + first.rank + 1 : axis
        guard a >= 0 && a <= first.rank else { throw .axisOutOfRange(axis: axis, rank: first.rank + 1) }
        let expanded = try tensors.map { t throws(TensorError) in try t.expanded(axis: a) }
        return try concatenate(expanded, alongAxis: a)
    }

    /// Tiles the tensor: `repetitions[k]` copies along axis k (Julia's
    /// `repeat(A, counts...)`, NumPy's `tile`). More repetitions than axes
    /// add leading axes; fewer leave the trailing axes once.
    /// - Complexity: O(count of the result).
    public func tiled(_ repetitions: [Int]) throws(TensorError) -> Tensor {
        guard repetitions.allSatisfy({ $0 >= 0 }) else {
            throw .domain(operation: "repeat", reason: "repetition counts must be ≥ 0, got \(repetitions)")
        }
        let r = Swift.max(rank, repetitions.count)
        let base = [Int](repeating: 1, count: r - rank) + shape
        let reps = repetitions + [Int](repeating: 1, count: r - repetitions.count)
        let source = try reshaped(base)
        var positions: [[Int]] = []
        for k in 0..<r {
            var list: [Int] = []
            for _ in 0..<reps[k] { list.append(contentsOf: 0..<base[k]) }
            positions.append(list)
        }
        return source.gather(positions: positions, outShape: positions.map(\.count))
    }

    /// Repeats every element `count` times along `axis` (NumPy's `repeat`):
    /// `[a, b]` with count 2 gives `[a, a, b, b]`.
    public func repeated(_ count: Int, alongAxis axis: Int) throws(TensorError) -> Tensor {
        guard count >= 0 else {
            throw .domain(operation: "repeat", reason: "count must be ≥ 0, got \(count)")
        }
        let a = try normalizedAxis(axis)
        return try gathered((0..<shape[a]).flatMap { [Int](repeating: $0, count: count) }, alongAxis: a)
    }
}

extension Tensor {
    /// Drops axes of size 1: the listed `axes` (each must have size 1), or all
    /// of them when `axes` is `nil`.
    public func squeezed(axes: [Int]? = nil) throws(TensorError) -> Tensor {
        let drop: [Int]
        if let axes {
            drop = try normalizedAxes(axes)
            for k in drop where shape[k] != 1 {
                throw .invalidShape(operation: "squeeze", shape: shape, expected: "size 1 on axis \(k)")
            }
        } else {
            drop = (0..<rank).filter { shape[$0] == 1 }
        }
        return try reshaped((0..<rank).filter { !drop.contains($0) }.map { shape[$0] })
    }

    /// Inserts an axis of size 1 at `axis` (0…rank; negative counts from the end of the result).
    public func expanded(axis: Int) throws(TensorError) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        guard a >= 0 && a <= rank else { throw .axisOutOfRange(axis: axis, rank: rank + 1) }
        var s = shape
        s.insert(1, at: a)
        return try reshaped(s)
    }
}
