import RealModule
import Tensors

// MARK: unary elementwise functions: forward value, then ∂x from g = ∂L/∂y.

/// eˣ: ∂x = g·y.
public func exp(_ x: Variable) -> Variable {
    unary(exp(x.value), x) { g, _, y throws(TensorError) in try g * y }
}

/// log x: ∂x = g/x.
public func log(_ x: Variable) -> Variable {
    unary(log(x.value), x) { g, x, _ throws(TensorError) in try g / x }
}

/// log(1 + x): ∂x = g/(1 + x).
public func log1p(_ x: Variable) -> Variable {
    unary(log1p(x.value), x) { g, x, _ throws(TensorError) in try g / (1 + x) }
}

/// eˣ − 1: ∂x = g·(y + 1).
public func expm1(_ x: Variable) -> Variable {
    unary(expm1(x.value), x) { g, _, y throws(TensorError) in try g * (y + 1) }
}

/// √x: ∂x = g/(2y).
public func sqrt(_ x: Variable) -> Variable {
    unary(sqrt(x.value), x) { g, _, y throws(TensorError) in try g / (2 * y) }
}

/// sin x: ∂x = g·cos x.
public func sin(_ x: Variable) -> Variable {
    unary(sin(x.value), x) { g, x, _ throws(TensorError) in try g * cos(x) }
}

/// cos x: ∂x = −g·sin x.
public func cos(_ x: Variable) -> Variable {
    unary(cos(x.value), x) { g, x, _ throws(TensorError) in try -(g * sin(x)) }
}

/// tan x: ∂x = g·(1 + y²).
public func tan(_ x: Variable) -> Variable {
    unary(tan(x.value), x) { g, _, y throws(TensorError) in try g * (1 + square(y)) }
}

/// tanh x: ∂x = g·(1 − y²).
public func tanh(_ x: Variable) -> Variable {
    unary(tanh(x.value), x) { g, _, y throws(TensorError) in try g * (1 - square(y)) }
}

/// σ(x) = 1/(1 + e⁻ˣ): ∂x = g·y·(1 − y).
public func sigmoid(_ x: Variable) -> Variable {
    unary(sigmoid(x.value), x) { g, _, y throws(TensorError) in try g * (y * (1 - y)) }
}

/// log(1 + eˣ): ∂x = g·σ(x).
public func softplus(_ x: Variable) -> Variable {
    unary(softplus(x.value), x) { g, x, _ throws(TensorError) in try g * sigmoid(x) }
}

/// max(x, 0): ∂x = g·H(x), with relu′(0) = 0.
public func relu(_ x: Variable) -> Variable {
    unary(relu(x.value), x) { g, x, _ throws(TensorError) in try g * heaviside(x) }
}

/// x for x > 0, `slope`·x otherwise: ∂x = g·(slope + (1 − slope)·H(x)).
public func leakyRelu(_ x: Variable, slope: Double = 0.01) -> Variable {
    unary(x.value.map { $0 > 0 ? $0 : slope * $0 }, x) { g, x, _ throws(TensorError) in
        try g * (slope + (1 - slope) * heaviside(x))
    }
}

/// |x|: ∂x = g·sign(x) (0 at 0).
public func abs(_ x: Variable) -> Variable {
    unary(abs(x.value), x) { g, x, _ throws(TensorError) in try g * sign(x) }
}

/// min(max(x, lo), hi): ∂x = g inside [lo, hi], 0 outside.
public func clamp(_ x: Variable, _ lo: Double, _ hi: Double) -> Variable {
    unary(clamp(x.value, lo, hi), x) { g, x, _ throws(TensorError) in try g * indicator(x, lo, hi) }
}

// MARK: piecewise-constant functions: constant results (zero gradient)

/// The step H(x): 1 for x > 0, else 0. A constant (its derivative is zero almost everywhere).
public func heaviside(_ x: Variable) -> Variable { constantResult(x.value.map { $0 > 0 ? 1 : 0 }) }
/// −1, 0 or 1; a constant.
public func sign(_ x: Variable) -> Variable { constantResult(sign(x.value)) }
/// ⌊x⌋; a constant.
public func floor(_ x: Variable) -> Variable { constantResult(floor(x.value)) }
/// ⌈x⌉; a constant.
public func ceil(_ x: Variable) -> Variable { constantResult(ceil(x.value)) }
/// x rounded half away from zero; a constant.
public func round(_ x: Variable) -> Variable { constantResult(round(x.value)) }
/// 1 where lo ≤ x ≤ hi, else 0; a constant.
func indicator(_ x: Variable, _ lo: Double, _ hi: Double) -> Variable {
    constantResult(x.value.map { $0 >= lo && $0 <= hi ? 1 : 0 })
}
