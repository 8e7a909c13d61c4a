import Tensors

// MARK: movement: each rule moves the gradient back to where the element came from.

extension Variable {
    /// The same elements in a new shape (one entry may be −1): ∂x = g reshaped back.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Variable {
        let value = try value.reshaped(newShape)
        if value.shape == shape { return self }
        return unary(value, self) { g, x, _ throws(TensorError) in try g.reshaped(x.shape) }
    }

    /// The elements as a vector (row-major).
    public func flattened() -> Variable { try! reshaped([count]) }

    /// The matrix transpose; a vector becomes a 1×n row; rank ≥ 3 swaps the last two axes.
    public var transposed: Variable {
        switch rank {
        case 0: return self
        case 1: return try! reshaped([1, count])
        default: return unary(value.transposed, self) { g, _, _ in g.transposed }
        }
    }

    /// Reorders the axes: result axis k is input axis `permutation[k]`. ∂x = g permuted back.
    public func permuted(_ permutation: [Int]) throws(TensorError) -> Variable {
        let value = try value.permuted(permutation)
        var inverted = permutation
        for (k, p) in permutation.enumerated() { inverted[p] = k }
        let inverse = inverted
        return unary(value, self) { g, _, _ throws(TensorError) in try g.permuted(inverse) }
    }

    /// This Variable repeated along stretched axes to `target`: ∂x = g summed back to x's shape.
    public func broadcast(to target: [Int]) throws(TensorError) -> Variable {
        if shape == target { return self }
        return unary(try value.broadcast(to: target), self) { g, x, _ throws(TensorError) in
            try g.sum(toShape: x.shape)
        }
    }

    /// Sums over the axes that broadcasting `target` to this shape would stretch
    /// (the adjoint of `broadcast(to:)`): ∂x = g broadcast back.
    public func sum(toShape target: [Int]) throws(TensorError) -> Variable {
        if shape == target { return self }
        guard target.count <= rank, try broadcastShape(target, shape) == shape else {
            throw .shapeMismatch(operation: "sum to shape", lhs: shape, rhs: target)
        }
        return unary(sumToShape(value, target), self) { g, x, _ throws(TensorError) in
            try g.broadcast(to: x.shape)
        }
    }

    /// A sub-Variable, one `AxisSelection` per leading axis (as `Tensor.slice`):
    /// ranges, strides, index lists (repeats allowed) and masks keep their axis, `.index` drops it.
    /// ∂x = g added back at the selected positions of zeros shaped like x.
    public func slice(_ selections: [AxisSelection]) throws(TensorError) -> Variable {
        let value = try value.slice(selections)
        guard requiresGrad && isRecording else { return Variable(constant: value) }
        let positions = selectedPositions(shape, selections)
        return unary(value, self) { g, x, _ throws(TensorError) in
            try g.scatteredAdding(into: x.shape, selections: selections, positions: positions)
        }
    }

    /// Zeros of `shape` with this Variable added at the Cartesian product of
    /// `positions` (the adjoint of `slice`): ∂x = g sliced again.
    func scatteredAdding(
        into shape: [Int], selections: [AxisSelection], positions: [[Int]]
    ) throws(TensorError) -> Variable {
        unary(scatterAddKernel(value, into: shape, positions: positions), self) {
            g, _, _ throws(TensorError) in
            try g.slice(selections)
        }
    }

    /// The elements whose index along `axis` lies in `range`.
    public func sliced(alongAxis axis: Int, range: Range<Int>) throws(TensorError) -> Variable {
        try slice(selections(rank: rank, axis: axis, .range(range)))
    }

    /// The slices at `indices` along `axis`, in that order (repeats allowed; NumPy's `take`).
    public func gathered(_ indices: [Int], alongAxis axis: Int) throws(TensorError) -> Variable {
        try slice(selections(rank: rank, axis: axis, .indices(indices)))
    }

    /// Drops axes of size 1 (the listed ones, or all when nil), as `Tensor.squeezed`.
    public func squeezed(axes: [Int]? = nil) throws(TensorError) -> Variable {
        try reshaped(value.squeezed(axes: axes).shape)
    }

    /// Inserts an axis of size 1 at `axis` (0…rank), as `Tensor.expanded`.
    public func expanded(axis: Int) throws(TensorError) -> Variable {
        try reshaped(value.expanded(axis: axis).shape)
    }

    /// `repetitions[k]` copies along axis k (NumPy's `tile`), as `Tensor.tiled`:
    /// a gather of every axis, so ∂x sums the copies.
    public func tiled(_ repetitions: [Int]) throws(TensorError) -> Variable {
        let result = try value.tiled(repetitions)
        let r = result.rank
        let base = [Int](repeating: 1, count: r - rank) + shape
        let reps = repetitions + [Int](repeating: 1, count: r - repetitions.count)
        let selections = (0..<r).map { k in
            AxisSelection.indices((0..<reps[k]).flatMap { _ in 0..<base[k] })
        }
        return try reshaped(base).slice(selections)
    }

    /// Every element `count` times along `axis` (NumPy's `repeat`): ∂x sums the copies.
    public func repeated(_ count: Int, alongAxis axis: Int) throws(TensorError) -> Variable {
        guard count >= 0 else {
            throw .domain(operation: "repeat", reason: "count must be ≥ 0, got \(count)")
        }
        let a = try normalizedAxis(axis, rank: rank)
        return try gathered((0..<shape[a]).flatMap { [Int](repeating: $0, count: count) }, alongAxis: a)
    }

    /// The Variables joined along an existing `axis`; the other sizes must agree.
    /// ∂ of each part = its slice of g.
    public static func concatenate(_ parts: [Variable], alongAxis axis: Int) throws(TensorError) -> Variable {
        let value = try Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        guard parts.contains(where: \.requiresGrad) && isRecording else { return Variable(constant: value) }
        let axis = try normalizedAxis(axis, rank: value.rank)
        var starts: [Int] = []
        var running = 0
        for p in parts {
            starts.append(running)
            running += p.shape[axis]
        }
        let offsets = starts
        let sizes = parts.map { $0.shape[axis] }
        return record(value, parts) { g, _, _, needed throws(TensorError) in
            var result: [Variable?] = []
            for k in 0..<needed.count {
                result.append(
                    needed[k]
                        ? try g.sliced(alongAxis: axis, range: offsets[k]..<(offsets[k] + sizes[k])) : nil)
            }
            return result
        }
    }

    /// The Variables (all of one shape) stacked along a new `axis` (0…rank).
    public static func stack(_ parts: [Variable], alongAxis axis: Int = 0) throws(TensorError) -> Variable {
        guard let first = parts.first else {
            throw .domain(operation: "stack", reason: "needs at least one tensor")
        }
        let axis = try normalizedAxis(axis, rank: first.rank + 1)
        var expanded: [Variable] = []
        for p in parts {
            guard p.shape == first.shape else {
                throw .shapeMismatch(operation: "stack", lhs: first.shape, rhs: p.shape)
            }
            var s = p.shape
            s.insert(1, at: axis)
            expanded.append(try p.reshaped(s))
        }
        return try concatenate(expanded, alongAxis: axis)
    }
}

/// `.all` on every axis but `axis`, which gets `selection`.
private func selections(rank: Int, axis: Int, _ selection: AxisSelection) throws(TensorError)
    -> [AxisSelection]
{
    var list = [AxisSelection](repeating: .all, count: rank)
    list[try normalizedAxis(axis, rank: rank)] = selection
    return list
}

/// The positions each axis selects (selections already validated by `Tensor.slice`).
private func selectedPositions(_ shape: [Int], _ selections: [AxisSelection]) -> [[Int]] {
    shape.indices.map { k in
        let selection = k < selections.count ? selections[k] : .all
        let iota = Tensor(shape: [shape[k]], scalars: (0..<shape[k]).map(Double.init))
        return try! iota.slice([selection]).scalars.map { Int($0) }
    }
}

/// An axis in `-rank..<rank`, normalised to `0..<rank`.
func normalizedAxis(_ axis: Int, rank: Int) throws(TensorError) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
    return a
}
