import Autodiff
import Diagnostics
import LabLang
import RealModule
import Tensors

/// A one-argument elementwise builtin (`exp`, `relu`, …) as two functions: on one
/// number, with its domain check, and on a whole tensor, differentiable. A dot
/// call `f.(x)` of such a builtin computes the whole tensor at once (one graph
/// node under `grad`) instead of calling `f` once per element; the values are
/// those of the per-element calls, bit for bit.
struct UnaryElementwise: Sendable {
    /// f on one number (what `f(x)` computes for a number x).
    let scalar: @Sendable (Double) -> Double
    /// Why x is outside the domain (an error of `f(x)` for a number x), or nil.
    let domain: (@Sendable (Double) -> String?)?
    /// f on a tensor, elementwise and differentiable to any order.
    let tensor: @Sendable (Variable) -> Variable
}

func registerElementwise(_ r: inout Registry) {
    /// One-argument elementwise math: a number gives a number, a tensor a tensor (traced inside grad).
    func unary(
        _ name: String, _ summary: String, _ formula: String, _ example: String,
        domain: (@Sendable (Double) -> String?)? = nil, _ scalar: @escaping @Sendable (Double) -> Double,
        _ op: @escaping @Sendable (Variable) -> Variable
    ) {
        r.defineUnaryElementwise(name, UnaryElementwise(scalar: scalar, domain: domain, tensor: op))
        r.define(name, signature: "\(name)(x)", summary: summary, formula: formula, example: example) { a, _ in
            try a.expect(1)
            if case let .number(x) = a[0] {
                if let domain, let problem = domain(x) { throw Diagnostic.lab(.domain, "\(name)(\(formatNumber(x))): \(problem)") }
                return .number(scalar(x))
            }
            return wrap(op(try variable(a[0], name)))
        }
    }
    unary("abs", "Absolute value.", "|x|", "abs(-3)", { Swift.abs($0) }, { abs($0) })
    unary("sign", "−1, 0 or 1 by the sign of x.", "\\operatorname{sign}(x)", "sign([-2, 0, 3])", signScalar, { sign($0) })
    unary("sqrt", "Square root.", "\\sqrt{x}", "sqrt(2)", domain: { $0 < 0 ? "the square root of a negative number is not real" : nil },
          { $0.squareRoot() }, { sqrt($0) })
    unary("exp", "Exponential.", "e^{x}", "exp(1)", { Double.exp($0) }, { exp($0) })
    unary("log", "Natural logarithm.", "\\ln x", "log(10)", domain: { $0 < 0 ? "the logarithm of a negative number is not real" : nil },
          { Double.log($0) }, { log($0) })
    unary("log10", "Base-10 logarithm.", "\\log_{10} x", "log10(1000)", domain: { $0 < 0 ? "the logarithm of a negative number is not real" : nil },
          { Double.log10($0) }, { log($0) / Double.log(10) })
    unary("log1p", "log(1 + x), accurate for small x.", "\\ln(1 + x)", "log1p(1e-10)",
          domain: { $0 < -1 ? "log1p needs x ≥ -1" : nil }, { Double.log(onePlus: $0) }, { log1p($0) })
    unary("sin", "Sine (radians).", "\\sin x", "sin(pi / 2)", { Double.sin($0) }, { sin($0) })
    unary("cos", "Cosine (radians).", "\\cos x", "cos(0)", { Double.cos($0) }, { cos($0) })
    unary("tan", "Tangent (radians).", "\\tan x", "tan(pi / 4)", { Double.tan($0) }, { tan($0) })
    unary("tanh", "Hyperbolic tangent.", "\\tanh x", "tanh(0.5)", { Double.tanh($0) }, { tanh($0) })
    unary("sigmoid", "The logistic function.", "\\sigma(x) = \\frac{1}{1 + e^{-x}}", "sigmoid(0)", sigmoidScalar, { sigmoid($0) })
    unary("relu", "Rectified linear unit.", "\\max(0, x)", "relu([-1, 2])", { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }, { relu($0) })
    unary("softplus", "Smooth relu.", "\\ln(1 + e^{x})", "softplus(0)", softplusScalar, { softplus($0) })
    unary("floor", "Largest integer ≤ x.", "\\lfloor x \\rfloor", "floor(2.7)", { $0.rounded(.down) }, { floor($0) })
    unary("ceil", "Smallest integer ≥ x.", "\\lceil x \\rceil", "ceil(2.1)", { $0.rounded(.up) }, { ceil($0) })

    r.define(
        "round", keywords: ["digits"], signature: "round(x; digits = 0)", summary: "Rounds to the nearest integer (halves to even, as Julia and NumPy), or to `digits` decimals.",
        example: "round(2.567; digits = 2)"
    ) { a, _ in
        try a.expect(1)
        let digits = try a.keyword("digits").map { v throws(Diagnostic) in try integer(v, "digits") } ?? 0
        let scale = Double.pow(10, Double(digits))
        // Past 2⁵² a double has no fraction left at this scale: x is already rounded (Julia's answer).
        // A scale that underflows to 0 (digits ≪ 0) rounds everything to ±0.
        let f: (Double) -> Double = { x in
            if digits == 0 { return x.rounded(.toNearestOrEven) }
            if scale == 0 { return x.isFinite ? 0 * x : x }
            let scaled = x * scale
            guard scaled.isFinite, Swift.abs(scaled) < 0x1p52 else { return x }
            return scaled.rounded(.toNearestOrEven) / scale
        }
        if case let .number(x) = a[0] { return .number(f(x)) }
        return wrap(try tensor(a[0], "round").map(f))
    }
    r.define(
        "clamp", signature: "clamp(x, lo, hi)", summary: "Limits x to the interval [lo, hi].", formula: "\\min(\\max(x, lo), hi)",
        example: "clamp([-2, 0.5, 3], 0, 1)"
    ) { a, _ in
        try a.expect(3)
        let lo = try double(a[1], "lo")
        let hi = try double(a[2], "hi")
        if case let .number(x) = a[0] { return .number(Swift.min(Swift.max(x, lo), hi)) }
        return wrap(clamp(try variable(a[0], "clamp"), lo, hi))
    }
    func extreme(_ name: String, _ isMax: Bool) {
        r.define(
            name, signature: "\(name)(a, b, …)", summary: "The elementwise \(isMax ? "larger" : "smaller") of its arguments (use \(isMax ? "maximum" : "minimum") for a reduction).",
            formula: "\\\(name)(a, b)", example: "\(name)([1, 5], [3, 2])"
        ) { a, _ in
            try a.expect(2...Int.max)
            if a.positional.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                let xs = try a.positional.map { v throws(Diagnostic) in try double(v) }
                return .number(isMax ? xs.max()! : xs.min()!)
            }
            var result = try variable(a[0], name)
            for v in a.positional.dropFirst() {
                let y = try variable(v, name)
                let current = result
                result = try tensorOp { () throws(TensorError) in isMax ? try maximum(current, y) : try minimum(current, y) }
            }
            return wrap(result)
        }
    }
    extreme("max", true)
    extreme("min", false)
}
