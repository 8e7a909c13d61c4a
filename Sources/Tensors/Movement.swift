extension Tensor {
    /// The same elements in a new shape (row-major order). One entry may be −1
    /// and is inferred. Throws when the element counts differ.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        var target = newShape
        if let hole = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else { throw .reshapeCount(from: shape, to: newShape) }
            target[hole] = count / known
        }
        guard target.allSatisfy({ $0 >= 0 }), Tensor.elementCount(target) == count else {
            throw .reshapeCount(from: shape, to: newShape)
        }
        var t = self
        t.setShapeUnchecked(target)
        return t
    }

    /// Reorders the axes: result axis k is input axis `permutation[k]`.
    /// - Complexity: O(count).
    public func permuted(_ permutation: [Int]) throws(TensorError) -> Tensor {
        guard permutation.count == rank, Set(permutation) == Set(0..<rank) else {
            throw .invalidShape(
                operation: "permutedims", shape: shape,
                expected: "a permutation of 1…\(rank), got \(permutation.map { $0 + 1 })")
        }
        if permutation == Array(0..<rank) { return self }
        let own = strides
        let newShape = permutation.map { shape[$0] }
        let readStrides = permutation.map { own[$0] }
        var out = [Double](repeating: 0, count: count)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                forEachOffset(shape: newShape, strides: readStrides) { i, o in dst[i] = src[o] }
            }
        }
        return Tensor(shape: newShape, scalars: out)
    }

    /// The matrix transpose; a vector becomes a 1×n row matrix (Julia's `v'`);
    /// rank ≥ 3 swaps the last two axes (a batch of transposes).
    public var transposed: Tensor {
        switch rank {
        case 0: return self
        case 1:
            var t = self
            t.setShapeUnchecked([1, shape[0]])
            return t
        case 2:
            let (m, n) = (shape[0], shape[1])
            var out = [Double](repeating: 0, count: count)
            scalars.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<m {
                        for j in 0..<n { dst[j * m + i] = src[i * n + j] }
                    }
                }
            }
            return Tensor(shape: [n, m], scalars: out)
        default:
            var p = Array(0..<rank)
            p.swapAt(rank - 1, rank - 2)
            return try! permuted(p)
        }
    }
}
