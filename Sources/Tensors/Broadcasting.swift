/// NumPy broadcasting: shapes are aligned from the right; each pair of sizes
/// must be equal or one of them 1, and the result takes the larger.
///
///     broadcastShape([2, 3], [3])    == [2, 3]
///     broadcastShape([4, 1], [1, 5]) == [4, 5]
///     broadcastShape([2, 3], [3, 2]) throws .shapeMismatch
public func broadcastShape(_ a: [Int], _ b: [Int], operation: String = "broadcast") throws(TensorError)
    -> [Int]
{
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for k in 0..<rank {
        let da = k < rank - a.count ? 1 : a[k - (rank - a.count)]
        let db = k < rank - b.count ? 1 : b[k - (rank - b.count)]
        if da == db || db == 1 {
            result[k] = da
        } else if da == 1 {
            result[k] = db
        } else {
            throw .shapeMismatch(operation: operation, lhs: a, rhs: b)
        }
    }
    return result
}

extension Tensor {
    /// Strides that read this tensor as if it had shape `target` (0 on stretched axes).
    /// - Precondition: `shape` broadcasts to `target`.
    func broadcastStrides(to target: [Int]) -> [Int] {
        let own = strides
        let offset = target.count - shape.count
        var result = [Int](repeating: 0, count: target.count)
        for k in 0..<shape.count where shape[k] != 1 || target[k + offset] == 1 {
            result[k + offset] = shape[k] == 1 ? 0 : own[k]
        }
        return result
    }

    /// This tensor repeated along stretched axes to `shape` (a materialised broadcast).
    public func broadcast(to target: [Int]) throws(TensorError) -> Tensor {
        let result = try broadcastShape(shape, target, operation: "broadcast")
        guard result == target else {
            throw .shapeMismatch(operation: "broadcast", lhs: shape, rhs: target)
        }
        if shape == target { return self }
        let s = broadcastStrides(to: target)
        var out = [Double](repeating: 0, count: Tensor.elementCount(target))
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                forEachOffset(shape: target, strides: s) { i, o in dst[i] = src[o] }
            }
        }
        return Tensor(shape: target, scalars: out)
    }

    /// Sums over the axes that broadcasting stretched, giving back a tensor of
    /// `target` shape: the adjoint of `broadcast(to:)`, used by every backward rule.
    /// - Precondition: `target` broadcasts to `shape`.
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = shape.count - target.count
        precondition(lead >= 0, "sum(toShape:) \(shape) → \(target)")
        var axes: [Int] = Array(0..<lead)
        for k in 0..<target.count where target[k] == 1 && shape[k + lead] != 1 {
            axes.append(k + lead)
        }
        var reduced = sum(alongAxes: axes, keepingDimensions: true)
        reduced.setShapeUnchecked(target)
        return reduced
    }
}

/// Calls `body(i, offset)` for each element `i` (row-major over `shape`) with
/// the storage offset given by `strides` — the one loop behind every
/// broadcast read.
@inline(__always)
func forEachOffset(shape: [Int], strides: [Int], _ body: (Int, Int) -> Void) {
    let n = Tensor.elementCount(shape)
    if n == 0 { return }
    let rank = shape.count
    if rank == 0 {
        body(0, 0)
        return
    }
    var index = [Int](repeating: 0, count: rank)
    var offset = 0
    let last = rank - 1
    let lastSize = shape[last]
    let lastStride = strides[last]
    var i = 0
    while i < n {
        var o = offset
        for _ in 0..<lastSize {
            body(i, o)
            i += 1
            o += lastStride
        }
        // carry into the outer dimensions
        var k = last - 1
        while k >= 0 {
            index[k] += 1
            offset += strides[k]
            if index[k] < shape[k] { break }
            offset -= strides[k] * shape[k]
            index[k] = 0
            k -= 1
        }
    }
}
