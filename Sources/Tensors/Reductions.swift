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
        let finalShape = keepingDimensions ? outShape : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return Tensor(shape: finalShape, scalars: out)
    }

    /// Σ over `axes` (all axes when empty gives a scalar). - Precondition: valid axes.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        if axes.isEmpty { return self }
        return reduce(alongAxes: axes, keepingDimensions: keepingDimensions, initial: 0, +)
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
        return reduce(alongAxes: a, keepingDimensions: keepingDimensions, initial: 0, +)
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
        return reduce(alongAxes: a, keepingDimensions: keepingDimensions, initial: 1, *)
    }

    /// Maximum over axes (`nil` = all); NaN propagates. Throws for an empty reduction.
    public func max(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.contains(where: { shape[$0] == 0 }) {
            throw .invalidShape(operation: "maximum", shape: shape, expected: "a non-empty tensor")
        }
        return reduce(alongAxes: a, keepingDimensions: keepingDimensions, initial: -.infinity) {
            $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1)
        }
    }

    /// Minimum over axes (`nil` = all); NaN propagates. Throws for an empty reduction.
    public func min(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        if a.contains(where: { shape[$0] == 0 }) {
            throw .invalidShape(operation: "minimum", shape: shape, expected: "a non-empty tensor")
        }
        return reduce(alongAxes: a, keepingDimensions: keepingDimensions, initial: .infinity) {
            $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1)
        }
    }
}
