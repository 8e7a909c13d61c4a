import RealModule

extension Tensor {
    /// Applies `f` to every element. - Complexity: O(count).
    @inlinable
    public func map(_ f: (Double) -> Double) -> Tensor {
        let n = scalars.count
        let out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            scalars.withUnsafeBufferPointer { x in
                for i in 0..<n { buffer[i] = f(x[i]) }
            }
            initialized = n
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// Combines two tensors elementwise after broadcasting them to a common
    /// shape (NumPy's rules). Throws `.shapeMismatch` naming both shapes.
    /// - Complexity: O(count of the result).
    public func zip(
        _ other: Tensor, operation: String = "elementwise operation",
        _ f: (Double, Double) -> Double
    ) throws(TensorError) -> Tensor {
        try combined(other, operation: operation, f)
    }

    /// The body of `zip`, inlined into each arithmetic operator so that `f`
    /// is a known function there and the loops vectorise: equal shapes are
    /// one flat loop; otherwise the innermost axis is a loop with each
    /// operand read contiguously or held fixed (stride 0), and an odometer
    /// walks the outer axes.
    @inline(__always)
    func combined(
        _ other: Tensor, operation: String, _ f: (Double, Double) -> Double
    ) throws(TensorError) -> Tensor {
        if shape == other.shape {
            let n = count
            let out = [Double](unsafeUninitializedCapacity: n) { o, initialized in
                scalars.withUnsafeBufferPointer { a in
                    other.scalars.withUnsafeBufferPointer { b in
                        for i in 0..<n { o[i] = f(a[i], b[i]) }
                    }
                }
                initialized = n
            }
            return Tensor(shape: shape, scalars: out)
        }
        if other.count == 1 && other.rank <= rank {
            let b = other.scalars[0]
            return map { f($0, b) }
        }
        if count == 1 && rank <= other.rank {
            let a = scalars[0]
            return other.map { f(a, $0) }
        }
        let target = try broadcastShape(shape, other.shape, operation: operation)
        let sa = broadcastStrides(to: target)
        let sb = other.broadcastStrides(to: target)
        let n = Tensor.elementCount(target)
        let r = target.count
        let inner = target[r - 1]
        if n == 0 { return Tensor(shape: target, scalars: []) }
        let (ia, ib) = (sa[r - 1], sb[r - 1])
        let out = [Double](unsafeUninitializedCapacity: n) { o, initialized in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    var index = [Int](repeating: 0, count: r)
                    var oa = 0
                    var ob = 0
                    var start = 0
                    while start < n {
                        if ia == 1 && ib == 1 {
                            for j in 0..<inner { o[start + j] = f(a[oa + j], b[ob + j]) }
                        } else if ib == 0 {
                            let y = b[ob]
                            for j in 0..<inner { o[start + j] = f(a[oa + j * ia], y) }
                        } else {
                            let x = a[oa]
                            for j in 0..<inner { o[start + j] = f(x, b[ob + j * ib]) }
                        }
                        start += inner
                        // Carry into the outer axes.
                        var k = r - 2
                        while k >= 0 {
                            index[k] += 1
                            oa += sa[k]
                            ob += sb[k]
                            if index[k] < target[k] { break }
                            oa -= sa[k] * target[k]
                            ob -= sb[k] * target[k]
                            index[k] = 0
                            k -= 1
                        }
                    }
                }
            }
            initialized = n
        }
        return Tensor(shape: target, scalars: out)
    }

    // MARK: arithmetic (broadcasting)

    public static func + (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try a.combined(b, operation: "+", +)
    }
    public static func - (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try a.combined(b, operation: "-", -)
    }
    /// Elementwise (Hadamard) product; the matrix product is `matmul`.
    public static func * (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try a.combined(b, operation: ".*", *)
    }
    public static func / (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
        try a.combined(b, operation: "./", /)
    }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    public static func + (a: Tensor, b: Double) -> Tensor { a.map { $0 + b } }
    public static func - (a: Tensor, b: Double) -> Tensor { a.map { $0 - b } }
    public static func * (a: Tensor, b: Double) -> Tensor { a.map { $0 * b } }
    public static func / (a: Tensor, b: Double) -> Tensor { a.map { $0 / b } }
    public static func + (a: Double, b: Tensor) -> Tensor { b.map { a + $0 } }
    public static func - (a: Double, b: Tensor) -> Tensor { b.map { a - $0 } }
    public static func * (a: Double, b: Tensor) -> Tensor { b.map { a * $0 } }
    public static func / (a: Double, b: Tensor) -> Tensor { b.map { a / $0 } }

    /// Elementwise power `aᵢ^bᵢ` with broadcasting. An integer exponent uses the integer power,
    /// so a negative base works as in IEEE `pow`: `(-1) .^ [0, 1, 2]` is `[1, -1, 1]` (the real
    /// `Double.pow(x, y)` of swift-numerics is NaN for every x < 0).
    public func pow(_ exponent: Tensor) throws(TensorError) -> Tensor {
        try zip(exponent, operation: ".^") { base, power in
            if let n = Int(exactly: power) { return Double.pow(base, n) }
            return Double.pow(base, power)
        }
    }
    /// Elementwise power by a constant; integer exponents use repeated multiplication.
    public func pow(_ exponent: Double) -> Tensor {
        if exponent == 2 { return map { $0 * $0 } }
        if exponent == 1 { return self }
        if exponent == 0.5 { return map { $0.squareRoot() } }
        if let n = Int(exactly: exponent) { return map { Double.pow($0, n) } }
        return map { Double.pow($0, exponent) }
    }

    /// Elementwise maximum and minimum with broadcasting (NaN propagates).
    public func maximum(_ other: Tensor) throws(TensorError) -> Tensor {
        try zip(other, operation: "max") { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
    }
    public func minimum(_ other: Tensor) throws(TensorError) -> Tensor {
        try zip(other, operation: "min") { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
    }

    // MARK: comparisons → masks of 0 and 1

    /// An elementwise comparison giving 1 where it holds and 0 elsewhere.
    public func compare(_ other: Tensor, _ op: Comparison) throws(TensorError) -> Tensor {
        try zip(other, operation: op.rawValue) { op.holds($0, $1) ? 1 : 0 }
    }

    /// `where(mask, a, b)`: `a` where `mask ≠ 0`, else `b`, all broadcast together.
    public static func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let target = try broadcastShape(
            try broadcastShape(mask.shape, a.shape, operation: "where"), b.shape, operation: "where")
        let m = try mask.broadcast(to: target).scalars
        let x = try a.broadcast(to: target).scalars
        let y = try b.broadcast(to: target).scalars
        var out = [Double](repeating: 0, count: m.count)
        for i in 0..<m.count { out[i] = m[i] != 0 ? x[i] : y[i] }
        return Tensor(shape: target, scalars: out)
    }
}

/// A comparison operator for `Tensor.compare`.
public enum Comparison: String, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    @inlinable
    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

// MARK: elementwise math as free functions (terms of art)

public func exp(_ x: Tensor) -> Tensor { x.map { Double.exp($0) } }
public func log(_ x: Tensor) -> Tensor { x.map { Double.log($0) } }
public func log1p(_ x: Tensor) -> Tensor { x.map { Double.log(onePlus: $0) } }
public func expm1(_ x: Tensor) -> Tensor { x.map { Double.expMinusOne($0) } }
public func sqrt(_ x: Tensor) -> Tensor { x.map { $0.squareRoot() } }
public func sin(_ x: Tensor) -> Tensor { x.map { Double.sin($0) } }
public func cos(_ x: Tensor) -> Tensor { x.map { Double.cos($0) } }
public func tan(_ x: Tensor) -> Tensor { x.map { Double.tan($0) } }
public func tanh(_ x: Tensor) -> Tensor { x.map { Double.tanh($0) } }
public func abs(_ x: Tensor) -> Tensor { x.map { Swift.abs($0) } }
/// `sign(x)`: −1, 0 or 1 (NaN stays NaN; `sign(-0.0) == 0`).
public func sign(_ x: Tensor) -> Tensor { x.map(signScalar) }
public func floor(_ x: Tensor) -> Tensor { x.map { $0.rounded(.down) } }
public func ceil(_ x: Tensor) -> Tensor { x.map { $0.rounded(.up) } }
/// Rounds half away from zero (Julia's and C's `round`).
public func round(_ x: Tensor) -> Tensor { x.map { $0.rounded(.toNearestOrAwayFromZero) } }
/// σ(x) = 1 / (1 + e⁻ˣ), evaluated without overflow for large |x|.
public func sigmoid(_ x: Tensor) -> Tensor { x.map(sigmoidScalar) }
/// relu(x) = max(x, 0), with relu(NaN) = NaN.
public func relu(_ x: Tensor) -> Tensor { x.map { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) } }
/// softplus(x) = log(1 + eˣ), stable for large |x|.
public func softplus(_ x: Tensor) -> Tensor { x.map(softplusScalar) }
/// clamp(x, lo, hi) = min(max(x, lo), hi).
public func clamp(_ x: Tensor, _ lo: Double, _ hi: Double) -> Tensor {
    x.map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }
}

@inlinable public func signScalar(_ v: Double) -> Double { v > 0 ? 1 : v < 0 ? -1 : (v.isNaN ? v : 0) }
@inlinable public func sigmoidScalar(_ v: Double) -> Double {
    if v >= 0 { return 1 / (1 + Double.exp(-v)) }
    let e = Double.exp(v)
    return e / (1 + e)
}
@inlinable public func softplusScalar(_ v: Double) -> Double {
    v > 0 ? v + Double.log(onePlus: Double.exp(-v)) : Double.log(onePlus: Double.exp(v))
}
