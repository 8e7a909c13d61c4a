extension Tensor {
    /// Normalises axes (negative counts from the end), sorted and unique.
    public func normalizedAxes(_ axes: [Int]) throws(TensorError) -> [Int] {
        var result: [Int] = []
        for axis in axes {
            let a = axis < 0 ? axis + rank : axis
            guard a >= 0 && a < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
            if !result.contains(a) { result.append(a) }
        }
        return result.sorted()
    }

    /// Folds the elements along `axes` with `combine`, starting from `initial`.
    /// With `keepingDimensions` the reduced axes stay with size 1 (Julia's `dims`).
    /// - Precondition: axes are valid and normalised (see `normalizedAxes`).
    /// - Complexity: O(count).
    public func reduce(
        alongAxes axes: [Int], keepingDimensions: Bool, initial: Double,
        _ combine: (Double, Double) -> Double
    ) -> Tensor {
        reduced(alongAxes: axes, keepingDimensions: keepingDimensions, initial: initial, combine)
    }

    /// The body of `reduce`, inlined where `combine` is a known function
    /// (sum, product, max, min) so the per-element call disappears.
    @inline(__always)
    func reduced(
        alongAxes axes: [Int], keepingDimensions: Bool, initial: Double,
        _ combine: (Double, Double) -> Double
    ) -> Tensor {
        var outShape = shape
        for a in axes { outShape[a] = 1 }
        let outCount = Tensor.elementCount(outShape)
        var out = [Double](repeating: initial, count: outCount)
        if count > 0 {
            // Stride of each input axis in the output (0 on reduced axes).
            let outStrides = Tensor.strides(of: outShape)
            var readStrides = outStrides
            for a in axes { readStrides[a] = 0 }
            scalars.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    forEachOffset(shape: shape, strides: readStrides) { i, o in
                        dst[o] = combine(dst[o], src[i])
                    }
                }
            }
        }
        let finalShape =
            keepingDimensions
            ? outShape : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return Tensor(shape: finalShape, scalars: out)
    }

    /// Σ over `axes` (all axes when empty gives a scalar). - Precondition: valid axes.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        if axes.isEmpty { return self }
        return reduced(alongAxes: axes, keepingDimensions: keepingDimensions, initial: 0, +)
    }

    /// Σ of every element. Pairwise-free plain summation (error O(n·ε)).
    public func sum() -> Double {
        var s = 0.0
        for v in scalars { s += v }
        return s
    }

    /// Mean of every element (NaN for an empty tensor).
    public func mean() -> Double { sum() / Double(count) }

    /// Σ over axes (`nil` = all) with optional kept dimensions; validates axes.
    public func sum(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.isEmpty && axes == nil { return Tensor(sum()) }
        return reduced(alongAxes: a, keepingDimensions: keepingDimensions, initial: 0, +)
    }

    /// Mean over axes (`nil` = all).
    public func mean(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        let n = a.reduce(1) { $0 * shape[$1] }
        return try sum(axes: axes, keepingDimensions: keepingDimensions) / Double(n)
    }

    /// Product over axes (`nil` = all).
    public func product(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        return reduced(alongAxes: a, keepingDimensions: keepingDimensions, initial: 1, *)
    }

    /// Maximum over axes (`nil` = all); NaN propagates. Throws for an empty reduction.
    public func max(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.contains(where: { shape[$0] == 0 }) {
            throw .invalidShape(operation: "maximum", shape: shape, expected: "a non-empty tensor")
        }
        return reduced(alongAxes: a, keepingDimensions: keepingDimensions, initial: -.infinity) {
            $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1)
        }
    }

    /// Minimum over axes (`nil` = all); NaN propagates. Throws for an empty reduction.
    public func min(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.contains(where: { shape[$0] == 0 }) {
            throw .invalidShape(operation: "minimum", shape: shape, expected: "a non-empty tensor")
        }
        return reduced(alongAxes: a, keepingDimensions: keepingDimensions, initial: .infinity) {
            $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1)
        }
    }
}

// MARK: positions of extremes

extension Tensor {
    /// The 0-based index of the largest element along `axis` (the axis is
    /// removed), or of the whole tensor in row-major order when `axis` is `nil`
    /// (a scalar result). The first of equal maxima wins; a NaN counts as the
    /// largest (NumPy's and Julia's rule). The Lab language adds 1.
    /// Throws for an empty reduction.
    /// - Complexity: O(count).
    public func argmax(axis: Int? = nil) throws(TensorError) -> Tensor {
        try argExtreme(axis: axis, operation: "argmax") { candidate, best in candidate > best }
    }

    /// The 0-based index of the smallest element (see `argmax`); NaN counts as the smallest.
    public func argmin(axis: Int? = nil) throws(TensorError) -> Tensor {
        try argExtreme(axis: axis, operation: "argmin") { candidate, best in candidate < best }
    }

    private func argExtreme(
        axis: Int?, operation: String, _ better: (Double, Double) -> Bool
    ) throws(TensorError) -> Tensor {
        let flat = axis == nil
        let layout =
            flat
            ? AxisLayout(outer: 1, size: count, inner: 1)
            : AxisLayout(shape: shape, axis: try normalizedAxis(axis!))
        guard layout.size > 0 else {
            throw .invalidShape(operation: operation, shape: shape, expected: "a non-empty tensor")
        }
        var out = [Double](repeating: 0, count: layout.outer * layout.inner)
        scalars.withUnsafeBufferPointer { x in
            for o in 0..<layout.outer {
                for j in 0..<layout.inner {
                    let base = o * layout.size * layout.inner + j
                    var best = x[base]
                    var bestIndex = 0
                    if !best.isNaN {
                        for i in 1..<layout.size {
                            let v = x[base + i * layout.inner]
                            if v.isNaN {
                                bestIndex = i
                                break
                            }
                            if better(v, best) {
                                best = v
                                bestIndex = i
                            }
                        }
                    }
                    out[o * layout.inner + j] = Double(bestIndex)
                }
            }
        }
        if flat { return Tensor(out[0]) }
        var outShape = shape
        outShape.remove(at: try normalizedAxis(axis!))
        return Tensor(shape: outShape, scalars: out)
    }
}

extension AxisLayout {
    init(outer: Int, size: Int, inner: Int) {
        self.outer = outer
        self.size = size
        self.inner = inner
    }
}

// MARK: norms

extension Tensor {
    /// The entrywise p-norm of all elements, `(Σ|xᵢ|ᵖ)^(1/p)` (Julia's `norm`):
    /// p = 2 is the Euclidean (for a matrix, Frobenius) norm, computed with
    /// scaling so it neither overflows nor underflows; p = 1 is Σ|xᵢ|;
    /// p = ∞ is max|xᵢ|, p = −∞ is min|xᵢ|; p = 0 counts the non-zero elements.
    /// An empty tensor has norm 0; NaN propagates. Matrix operator norms are
    /// `operatorNorm` (LinearAlgebra).
    /// - Complexity: O(count).
    public func norm(_ p: Double = 2) -> Double {
        Tensor.vectorNorm(scalars[...], p: p)
    }

    /// The entrywise p-norm along `axes` (`nil` = all; see `norm(_:)`).
    public func norm(_ p: Double, axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor
    {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.isEmpty { return axes == nil ? Tensor(norm(p)) : abs(self) }
        // Gather each reduced group contiguously, then apply the scalar norm.
        let kept = (0..<rank).filter { !a.contains($0) }
        let moved = try permuted(kept + a)
        let groupSize = a.reduce(1) { $0 * shape[$1] }
        let groups = groupSize == 0 ? Tensor.elementCount(kept.map { shape[$0] }) : moved.count / groupSize
        var out = [Double](repeating: 0, count: groups)
        for g in 0..<groups {
            out[g] = Tensor.vectorNorm(moved.scalars[(g * groupSize)..<((g + 1) * groupSize)], p: p)
        }
        var outShape = shape
        for k in a { outShape[k] = 1 }
        if !keepingDimensions { outShape = kept.map { shape[$0] } }
        return Tensor(shape: outShape, scalars: out)
    }

    static func vectorNorm(_ x: ArraySlice<Double>, p: Double) -> Double {
        if x.isEmpty { return p == -.infinity ? .infinity : 0 }
        if x.contains(where: \.isNaN) { return .nan }
        switch p {
        case .infinity: return x.reduce(0) { Swift.max($0, Swift.abs($1)) }
        case -.infinity: return x.reduce(.infinity) { Swift.min($0, Swift.abs($1)) }
        case 0: return Double(x.reduce(0) { $0 + ($1 != 0 ? 1 : 0) })
        case 1: return x.reduce(0) { $0 + Swift.abs($1) }
        default:
            let scale = x.reduce(0) { Swift.max($0, Swift.abs($1)) }
            if scale == 0 || scale.isInfinite { return scale }
            if p == 2 {
                var s = 0.0
                for v in x {
                    let r = v / scale
                    s = s.addingProduct(r, r)
                }
                return scale * s.squareRoot()
            }
            var s = 0.0
            for v in x { s += Double.pow(Swift.abs(v) / scale, p) }
            return scale * Double.pow(s, 1 / p)
        }
    }
}

// MARK: log-sum-exp, softmax, cumulative sums

extension Tensor {
    /// `log Σ exp(xᵢ)` over `axes` (`nil` = all), computed as
    /// `m + log Σ exp(xᵢ − m)` with `m` the maximum so it never overflows.
    /// All −∞ gives −∞; any +∞ gives +∞; NaN propagates; an empty reduction gives −∞.
    /// - Complexity: O(count).
    public func logSumExp(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        let m = reduced(alongAxes: a, keepingDimensions: true, initial: -.infinity) {
            $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1)
        }
        // A shift of ±∞ would make ∞ − ∞; shift by 0 there instead.
        let shift = m.map { $0.isFinite ? $0 : 0 }
        let shifted = try exp(self - shift)
        let sums = shifted.reduced(alongAxes: a, keepingDimensions: true, initial: 0, +)
        var result = try log(sums) + shift
        if !keepingDimensions {
            result = try result.reshaped((0..<rank).filter { !a.contains($0) }.map { shape[$0] })
        }
        return result
    }

    /// `softmax(x)ᵢ = exp(xᵢ − logsumexp(x))` along `axis` (default the last):
    /// the elements along the axis are positive and sum to 1. Stable for large
    /// |x|; a row of −∞ gives NaN (0/0), as the definition does.
    /// - Complexity: O(count).
    public func softmax(axis: Int = -1) throws(TensorError) -> Tensor {
        let a = try normalizedAxis(axis)
        let lse = try logSumExp(axes: [a], keepingDimensions: true)
        return exp(try self - lse)
    }

    /// Log-softmax `xᵢ − logsumexp(x)` along `axis` (default the last), stable.
    public func logSoftmax(axis: Int = -1) throws(TensorError) -> Tensor {
        let a = try normalizedAxis(axis)
        return try self - logSumExp(axes: [a], keepingDimensions: true)
    }

    /// Running sums along `axis`: `yᵢ = Σ_{j ≤ i} xⱼ`, same shape as the input.
    /// - Complexity: O(count).
    public func cumulativeSum(axis: Int) throws(TensorError) -> Tensor {
        let layout = AxisLayout(shape: shape, axis: try normalizedAxis(axis))
        var out = scalars
        out.withUnsafeMutableBufferPointer { y in
            for o in 0..<layout.outer {
                let base = o * layout.size * layout.inner
                var i = 1
                while i < layout.size {
                    let row = base + i * layout.inner
                    for j in 0..<layout.inner { y[row + j] += y[row - layout.inner + j] }
                    i += 1
                }
            }
        }
        return Tensor(shape: shape, scalars: out)
    }
}
