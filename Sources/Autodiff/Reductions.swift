import Tensors

// MARK: reductions: the gradient is spread back over the reduced axes.

extension Variable {
    /// Σ of every element, a scalar: ∂x = g broadcast to x's shape.
    public func sum() -> Variable {
        unary(Tensor(value.sum()), self) { g, x, _ throws(TensorError) in try g.broadcast(to: x.shape) }
    }

    /// Σ over `axes` (negative counts from the end; nil: every axis). With
    /// `keepingDimensions` the reduced axes stay with size 1.
    /// ∂x = g (with the reduced axes restored) broadcast to x's shape.
    public func sum(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        if axes == nil && !keepingDimensions { return sum() }
        let axes = try value.normalizedAxes(axes ?? Array(0..<rank))
        if axes.isEmpty { return self }
        let kept = keptShape(shape, axes)
        return unary(value.sum(alongAxes: axes, keepingDimensions: keepingDimensions), self) {
            g, x, _ throws(TensorError) in try g.reshaped(kept).broadcast(to: x.shape)
        }
    }

    /// The mean of every element, a scalar.
    public func mean() -> Variable { sum() / Double(count) }

    /// The mean over `axes`.
    public func mean(axes: [Int]?, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        let n = try value.normalizedAxes(axes ?? Array(0..<rank)).reduce(1) { $0 * shape[$1] }
        return try sum(axes: axes, keepingDimensions: keepingDimensions) / Double(n)
    }

    /// The maximum over `axes` (all when nil). The gradient is shared equally among tied maxima.
    public func max(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        try extremum(value.max(axes: axes, keepingDimensions: keepingDimensions), axes)
    }

    /// The minimum over `axes` (all when nil). The gradient is shared equally among tied minima.
    public func min(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Variable {
        try extremum(value.min(axes: axes, keepingDimensions: keepingDimensions), axes)
    }

    /// ∂x = g·m / Σm over the axes, where m marks the elements equal to the extremum.
    private func extremum(_ result: Tensor, _ axes: [Int]?) throws(TensorError) -> Variable {
        let axes = try value.normalizedAxes(axes ?? Array(0..<rank))
        let kept = keptShape(shape, axes)
        return unary(result, self) { g, x, y throws(TensorError) in
            let m = try compare(x, y.reshaped(kept), .equal)
            return try g.reshaped(kept) * m / m.sum(axes: axes, keepingDimensions: true)
        }
    }
}

/// The shape of a reduction over `axes` with the reduced axes kept as size 1.
func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
    var s = shape
    for a in axes { s[a] = 1 }
    return s
}

// MARK: norms, log-sum-exp and softmax

extension Variable {
    /// The p-norm of all elements, (Σ|xᵢ|ᵖ)^(1/p), a scalar; p = 2 is the
    /// Euclidean (Frobenius) norm with ∂x = g·x/y (undefined at x = 0), p = 1 is Σ|xᵢ|.
    public func norm(_ p: Double = 2) -> Variable {
        if p == 1 { return abs(self).sum() }
        if p != 2 { return pow(pow(abs(self), p).sum(), 1 / p) }
        let s = value.scalars.reduce(0) { $0 + $1 * $1 }
        return unary(Tensor(s.squareRoot()), self) { g, x, y throws(TensorError) in try g * x / y }
    }

    /// log Σ exp(x) over `axes` (nil: all), computed stably (the maximum is
    /// subtracted first): ∂x = g·exp(x − y), the softmax over those axes.
    public func logSumExp(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(TensorError) -> Variable
    {
        let axes = try value.normalizedAxes(axes ?? Array(0..<rank))
        let kept = keptShape(shape, axes)
        let result = try stableLogSumExp(value, axes: axes, keepingDimensions: keepingDimensions)
        return unary(result, self) { g, x, y throws(TensorError) in
            try g.reshaped(kept) * exp(x - y.reshaped(kept))
        }
    }

    /// softmax along one axis, yᵢ = exp(xᵢ)/Σⱼ exp(xⱼ): ∂x = y·(g − Σ g·y).
    public func softmax(axis: Int = -1) throws(TensorError) -> Variable {
        let axes = try value.normalizedAxes([axis])
        let result = try exp(value - stableLogSumExp(value, axes: axes, keepingDimensions: true))
        return unary(result, self) { g, _, y throws(TensorError) in
            try y * (g - (g * y).sum(axes: axes, keepingDimensions: true))
        }
    }

    /// log softmax along one axis, y = x − logΣexp(x): ∂x = g − exp(y)·Σ g.
    public func logSoftmax(axis: Int = -1) throws(TensorError) -> Variable {
        let axes = try value.normalizedAxes([axis])
        let result = try value - stableLogSumExp(value, axes: axes, keepingDimensions: true)
        return unary(result, self) { g, _, y throws(TensorError) in
            try g - exp(y) * g.sum(axes: axes, keepingDimensions: true)
        }
    }
}

/// log Σ exp over normalised `axes`, with the maximum subtracted (−∞ rows stay −∞).
func stableLogSumExp(_ x: Tensor, axes: [Int], keepingDimensions: Bool) throws(TensorError) -> Tensor {
    let m = try x.max(axes: axes, keepingDimensions: true).map { $0.isFinite ? $0 : 0 }
    let s = try exp(x - m).sum(axes: axes, keepingDimensions: true)
    var out = try log(s) + m
    if !keepingDimensions {
        out = try out.reshaped(x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }
    return out
}

// MARK: statistics and running sums

extension Variable {
    /// Variance over `axes` (nil: all), `Σ(x − x̄)²/(N − 1)` when `corrected`
    /// (the default, as `Tensor.variance`), else `/N`. Composed of differentiable ops.
    public func variance(
        axes: [Int]? = nil, corrected: Bool = true, keepingDimensions: Bool = false
    ) throws(TensorError) -> Variable {
        let normalized = try value.normalizedAxes(axes ?? Array(0..<rank))
        let n = normalized.reduce(1) { $0 * shape[$1] }
        let deviations = try self - mean(axes: normalized, keepingDimensions: true)
        let squares = try square(deviations).sum(axes: normalized, keepingDimensions: keepingDimensions)
        return squares / Double(corrected ? n - 1 : n)
    }

    /// Standard deviation √variance over `axes` (nil: all), Bessel-corrected by default.
    public func standardDeviation(
        axes: [Int]? = nil, corrected: Bool = true, keepingDimensions: Bool = false
    ) throws(TensorError) -> Variable {
        sqrt(try variance(axes: axes, corrected: corrected, keepingDimensions: keepingDimensions))
    }

    /// Running sums along `axis`, yᵢ = Σ_{j ≤ i} xⱼ: ∂x = the running sums of g taken from the end.
    public func cumulativeSum(axis: Int) throws(TensorError) -> Variable {
        let axis = try normalizedAxis(axis, rank: rank)
        return unary(try value.cumulativeSum(axis: axis), self) { g, _, _ throws(TensorError) in
            try g.reversed(alongAxis: axis).cumulativeSum(axis: axis).reversed(alongAxis: axis)
        }
    }

    /// The elements in reverse order along `axis`.
    public func reversed(alongAxis axis: Int) throws(TensorError) -> Variable {
        let axis = try normalizedAxis(axis, rank: rank)
        return try gathered(Array((0..<shape[axis]).reversed()), alongAxis: axis)
    }
}
