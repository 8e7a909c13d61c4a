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
        return unary(value.sum(toShape: target), self) { g, x, _ throws(TensorError) in
            try g.broadcast(to: x.shape)
        }
    }

    /// The elements whose index along `axis` lies in `range`: ∂x = g placed back into zeros.
    public func sliced(along axis: Int, range: Range<Int>) throws(TensorError) -> Variable {
        let axis = try normalizedAxis(axis, rank: rank)
        guard range.lowerBound >= 0 else {
            throw .indexOutOfRange(index: range.lowerBound, dimension: axis, size: shape[axis])
        }
        guard range.upperBound <= shape[axis] else {
            throw .indexOutOfRange(index: range.upperBound - 1, dimension: axis, size: shape[axis])
        }
        if range == 0..<shape[axis] { return self }
        let size = shape[axis]
        return unary(sliceKernel(value, axis: axis, range: range), self) { g, _, _ throws(TensorError) in
            try g.embedded(along: axis, size: size, offset: range.lowerBound)
        }
    }

    /// This Variable placed at `offset` along `axis` in zeros of size `size` there
    /// (the adjoint of `sliced`): ∂x = g sliced.
    func embedded(along axis: Int, size: Int, offset: Int) throws(TensorError) -> Variable {
        let n = shape[axis]
        return unary(embedKernel(value, axis: axis, size: size, offset: offset), self) {
            g, _, _ throws(TensorError) in try g.sliced(along: axis, range: offset..<(offset + n))
        }
    }

    /// The slices at `indices` along `axis`, in that order (repeats allowed):
    /// ∂x = g added back at those indices.
    public func gathered(indices: [Int], along axis: Int) throws(TensorError) -> Variable {
        let axis = try normalizedAxis(axis, rank: rank)
        for i in indices where i < 0 || i >= shape[axis] {
            throw .indexOutOfRange(index: i, dimension: axis, size: shape[axis])
        }
        let size = shape[axis]
        return unary(gatherKernel(value, indices: indices, axis: axis), self) { g, _, _ throws(TensorError) in
            try g.scatteredAdding(indices: indices, along: axis, size: size)
        }
    }

    /// Zeros of size `size` along `axis` with slice k of this Variable added at
    /// `indices[k]` (the adjoint of `gathered`): ∂x = g gathered.
    func scatteredAdding(indices: [Int], along axis: Int, size: Int) throws(TensorError) -> Variable {
        unary(scatterAddKernel(value, indices: indices, axis: axis, size: size), self) {
            g, _, _ throws(TensorError) in try g.gathered(indices: indices, along: axis)
        }
    }
}

/// The Variables joined along an existing `axis`; the other sizes must agree.
/// ∂ of each part = its slice of g.
public func concatenate(_ parts: [Variable], along axis: Int) throws(TensorError) -> Variable {
    guard let first = parts.first else {
        throw .invalidShape(operation: "concatenate", shape: [], expected: "at least one tensor")
    }
    let axis = try normalizedAxis(axis, rank: first.rank)
    for p in parts where p.rank != first.rank
        || p.shape.enumerated().contains(where: { $0.offset != axis && $0.element != first.shape[$0.offset] })
    {
        throw .shapeMismatch(operation: "concatenate", lhs: first.shape, rhs: p.shape)
    }
    let value = concatKernel(parts.map(\.value), axis: axis)
    guard parts.contains(where: \.requiresGrad) else { return Variable(constant: value) }
    var starts: [Int] = []
    var running = 0
    for p in parts {
        starts.append(running)
        running += p.shape[axis]
    }
    let offsets = starts
    let sizes = parts.map { $0.shape[axis] }
    return Variable(value: value, inputs: parts) { g, _, _, needed throws(TensorError) in
        var result: [Variable?] = []
        for k in 0..<needed.count {
            result.append(needed[k] ? try g.sliced(along: axis, range: offsets[k]..<(offsets[k] + sizes[k])) : nil)
        }
        return result
    }
}

/// The Variables (all of one shape) stacked along a new `axis`.
public func stack(_ parts: [Variable], along axis: Int = 0) throws(TensorError) -> Variable {
    guard let first = parts.first else {
        throw .invalidShape(operation: "stack", shape: [], expected: "at least one tensor")
    }
    let axis = try normalizedAxis(axis, rank: first.rank + 1)
    var expanded: [Variable] = []
    for p in parts {
        guard p.shape == first.shape else { throw .shapeMismatch(operation: "stack", lhs: first.shape, rhs: p.shape) }
        var s = p.shape
        s.insert(1, at: axis)
        expanded.append(try p.reshaped(s))
    }
    return try concatenate(expanded, along: axis)
}

/// An axis in `-rank..<rank`, normalised to `0..<rank`.
func normalizedAxis(_ axis: Int, rank: Int) throws(TensorError) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
    return a
}
