extension Tensor {
    /// Variance over `axes` (`nil` = all): `Σ(x − x̄)² / (N − 1)` when
    /// `corrected` (Bessel's correction, Julia's `var` default), else `/ N`.
    /// Two passes (mean, then squared deviations). N = 1 with the correction
    /// gives NaN (0/0), as in Julia; an empty reduction gives NaN.
    /// - Complexity: O(count).
    public func variance(
        axes: [Int]? = nil, corrected: Bool = true, keepingDimensions: Bool = false
    ) throws(TensorError) -> Tensor {
        let a = try normalizedAxes(axes ?? Array(0..<rank))
        let n = a.reduce(1) { $0 * shape[$1] }
        let mu = try mean(axes: a, keepingDimensions: true)
        let deviations = try (self - mu).map { $0 * $0 }
        let squares = try deviations.sum(axes: a, keepingDimensions: keepingDimensions)
        return squares / Double(corrected ? n - 1 : n)
    }

    /// Standard deviation `√variance` over `axes` (`nil` = all), Bessel-corrected by default.
    public func standardDeviation(
        axes: [Int]? = nil, corrected: Bool = true, keepingDimensions: Bool = false
    ) throws(TensorError) -> Tensor {
        sqrt(try variance(axes: axes, corrected: corrected, keepingDimensions: keepingDimensions))
    }
}
