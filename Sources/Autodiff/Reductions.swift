import Tensors

// MARK: reductions: the gradient is spread back over the reduced axes.

extension Variable {
    /// Σ of every element, a scalar: ∂x = g broadcast to x's shape.
    public func sum() -> Variable {
        unary(Tensor(value.sum()), self) { g, x, _ throws(TensorError) in try g.broadcast(to: x.shape) }
    }

    /// Σ over `axes` (negative counts from the end; empty: no reduction). With
    /// `keepingDimensions` the reduced axes stay with size 1.
    /// ∂x = g (with the reduced axes restored) broadcast to x's shape.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        let axes = try value.normalizedAxes(axes)
        if axes.isEmpty { return self }
        let kept = keptShape(shape, axes)
        return unary(value.sum(alongAxes: axes, keepingDimensions: keepingDimensions), self) {
            g, x, _ throws(TensorError) in try g.reshaped(kept).broadcast(to: x.shape)
        }
    }

    /// The mean of every element, a scalar.
    public func mean() -> Variable { sum() / Double(count) }

    /// The mean over `axes`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        let n = try value.normalizedAxes(axes).reduce(1) { $0 * shape[$1] }
        return try sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Double(n)
    }

    /// The maximum over `axes` (all when nil). The gradient is shared equally among tied maxima.
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        try extremum(value.max(axes: axes, keepingDimensions: keepingDimensions), axes)
    }

    /// The minimum over `axes` (all when nil). The gradient is shared equally among tied minima.
    public func min(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        try extremum(value.min(axes: axes, keepingDimensions: keepingDimensions), axes)
    }

    /// ∂x = g·m / Σm over the axes, where m marks the elements equal to the extremum.
    private func extremum(_ result: Tensor, _ axes: [Int]?) throws(TensorError) -> Variable {
        let axes = try value.normalizedAxes(axes ?? Array(0..<rank))
        let kept = keptShape(shape, axes)
        return unary(result, self) { g, x, y throws(TensorError) in
            let m = try compare(x, y.reshaped(kept), .equal)
            return try g.reshaped(kept) * m / m.sum(alongAxes: axes, keepingDimensions: true)
        }
    }
}

/// The shape of a reduction over `axes` with the reduced axes kept as size 1.
func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
    var s = shape
    for a in axes { s[a] = 1 }
    return s
}

// MARK: norms

/// The Euclidean (Frobenius) norm ‖x‖ = √(Σ xᵢ²), a scalar: ∂x = g·x/y (undefined at x = 0).
public func norm(_ x: Variable) -> Variable {
    let s = x.value.scalars.reduce(0) { $0 + $1 * $1 }
    return unary(Tensor(s.squareRoot()), x) { g, x, y throws(TensorError) in try g * x / y }
}

/// The L1 norm Σ|xᵢ|, a scalar.
public func norm1(_ x: Variable) -> Variable { abs(x).sum() }

// MARK: log-sum-exp and softmax

/// log Σ exp(x) over `axes`, computed stably (the maximum is subtracted first):
/// ∂x = g·exp(x − y), the softmax over those axes.
public func logSumExp(
    _ x: Variable, alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false
) throws(TensorError) -> Variable {
    let axes = try x.value.normalizedAxes(axes ?? Array(0..<x.rank))
    let kept = keptShape(x.shape, axes)
    let value = try stableLogSumExp(x.value, axes: axes, keepingDimensions: keepingDimensions)
    return unary(value, x) { g, x, y throws(TensorError) in
        try g.reshaped(kept) * exp(x - y.reshaped(kept))
    }
}

/// softmax along one axis, yᵢ = exp(xᵢ)/Σⱼ exp(xⱼ): ∂x = y·(g − Σ g·y).
public func softmax(_ x: Variable, alongAxis axis: Int = -1) throws(TensorError) -> Variable {
    let axes = try x.value.normalizedAxes([axis])
    let value = try exp(x.value - stableLogSumExp(x.value, axes: axes, keepingDimensions: true))
    return unary(value, x) { g, _, y throws(TensorError) in
        try y * (g - (g * y).sum(alongAxes: axes, keepingDimensions: true))
    }
}

/// log softmax along one axis, y = x − logΣexp(x): ∂x = g − exp(y)·Σ g.
public func logSoftmax(_ x: Variable, alongAxis axis: Int = -1) throws(TensorError) -> Variable {
    let axes = try x.value.normalizedAxes([axis])
    let value = try x.value - stableLogSumExp(x.value, axes: axes, keepingDimensions: true)
    return unary(value, x) { g, _, y throws(TensorError) in
        try g - exp(y) * g.sum(alongAxes: axes, keepingDimensions: true)
    }
}

/// log Σ exp over normalised `axes`, with the maximum subtracted (−∞ rows stay −∞).
func stableLogSumExp(_ x: Tensor, axes: [Int], keepingDimensions: Bool) throws(TensorError) -> Tensor {
    let m = try x.max(axes: axes, keepingDimensions: true).map { $0.isFinite ? $0 : 0 }
    let s = try exp(x - m).sum(axes: axes, keepingDimensions: true)
    var out = try log(s) + m
    if !keepingDimensions { out = try out.reshaped(x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)) }
    return out
}
