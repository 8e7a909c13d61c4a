import Tensors

/// max |a − b| / max(1, max |b|): the error relative to the reference's scale
/// (what the golden comparisons bound; docs/STYLE.md asks for relative tolerances).
/// ∞ when the counts differ or either holds a NaN, so the comparison fails.
public func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    var scale = 1.0
    for i in 0..<a.count {
        worst = max(worst, abs(a.scalars[i] - b.scalars[i]))
        scale = max(scale, abs(b.scalars[i]))
    }
    return a.scalars.contains(where: \.isNaN) || b.scalars.contains(where: \.isNaN)
        ? .infinity : worst / scale
}

/// |a − b| / max(1, |b|).
public func relativeError(_ a: Double, _ b: Double) -> Double {
    a.isNaN || b.isNaN ? .infinity : abs(a - b) / max(1, abs(b))
}

/// max |aᵢ − bᵢ| of two equally long lists (∞ when either holds a NaN).
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { $0.isNaN || $1.isNaN ? .infinity : abs($0 - $1) }.max() ?? 0
}
