import Tensors

// Tensor-level copies behind the movement operations. Each views the tensor
// as outer × (size along axis) × inner blocks. Arguments are already checked.

/// (product of the sizes before `axis`, product of the sizes after it).
private func blocks(_ shape: [Int], _ axis: Int) -> (outer: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[(axis + 1)...].reduce(1, *))
}

/// The elements whose index along `axis` is in `range`. - Complexity: O(result count).
func sliceKernel(_ x: Tensor, axis: Int, range: Range<Int>) -> Tensor {
    let (outer, inner) = blocks(x.shape, axis)
    let size = x.shape[axis]
    var shape = x.shape
    shape[axis] = range.count
    var out = [Double]()
    out.reserveCapacity(outer * range.count * inner)
    x.scalars.withUnsafeBufferPointer { src in
        for o in 0..<outer {
            let start = (o * size + range.lowerBound) * inner
            out.append(contentsOf: src[start..<(start + range.count * inner)])
        }
    }
    return Tensor(shape: shape, scalars: out)
}

/// Zeros of `size` along `axis` with `x` copied in from `offset`. - Complexity: O(result count).
func embedKernel(_ x: Tensor, axis: Int, size: Int, offset: Int) -> Tensor {
    let (outer, inner) = blocks(x.shape, axis)
    let n = x.shape[axis]
    var shape = x.shape
    shape[axis] = size
    var out = [Double](repeating: 0, count: outer * size * inner)
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for o in 0..<outer {
                let from = o * n * inner
                let to = (o * size + offset) * inner
                for i in 0..<(n * inner) { dst[to + i] = src[from + i] }
            }
        }
    }
    return Tensor(shape: shape, scalars: out)
}

/// Slice k of the result is slice `indices[k]` of `x` along `axis`.
func gatherKernel(_ x: Tensor, indices: [Int], axis: Int) -> Tensor {
    let (outer, inner) = blocks(x.shape, axis)
    let size = x.shape[axis]
    var shape = x.shape
    shape[axis] = indices.count
    var out = [Double]()
    out.reserveCapacity(outer * indices.count * inner)
    x.scalars.withUnsafeBufferPointer { src in
        for o in 0..<outer {
            for i in indices {
                let start = (o * size + i) * inner
                out.append(contentsOf: src[start..<(start + inner)])
            }
        }
    }
    return Tensor(shape: shape, scalars: out)
}

/// Zeros of `size` along `axis`, with slice k of `x` added at `indices[k]`.
func scatterAddKernel(_ x: Tensor, indices: [Int], axis: Int, size: Int) -> Tensor {
    let (outer, inner) = blocks(x.shape, axis)
    var shape = x.shape
    shape[axis] = size
    var out = [Double](repeating: 0, count: outer * size * inner)
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for o in 0..<outer {
                for (k, i) in indices.enumerated() {
                    let from = (o * indices.count + k) * inner
                    let to = (o * size + i) * inner
                    for j in 0..<inner { dst[to + j] += src[from + j] }
                }
            }
        }
    }
    return Tensor(shape: shape, scalars: out)
}

/// The tensors joined along `axis` (shapes agree elsewhere).
func concatKernel(_ parts: [Tensor], axis: Int) -> Tensor {
    let (outer, inner) = blocks(parts[0].shape, axis)
    var shape = parts[0].shape
    shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
    var out = [Double]()
    out.reserveCapacity(outer * shape[axis] * inner)
    for o in 0..<outer {
        for p in parts {
            let n = p.shape[axis] * inner
            out.append(contentsOf: p.scalars[(o * n)..<((o + 1) * n)])
        }
    }
    return Tensor(shape: shape, scalars: out)
}
