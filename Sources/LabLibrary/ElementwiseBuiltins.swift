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
        r.define(name, signature: "\(name)(x)", summary: summary, formula: formula, example: example) {
            a, _ in
            try a.expect(1)
            if case let .number(x) = a[0] {
                if let domain, let problem = domain(x) {
                    throw Diagnostic.lab(.domain, "\(name)(\(formatNumber(x))): \(problem)")
                }
                return .number(scalar(x))
            }
            return wrap(op(try variable(a[0], name)))
        }
    }
    unary("abs", "Absolute value.", "|x|", "abs(-3)", { Swift.abs($0) }, { abs($0) })
    unary(
        "sign", "−1, 0 or 1 by the sign of x.", "\\operatorname{sign}(x)", "sign([-2, 0, 3])", signScalar,
        { sign($0) })
    unary(
        "sqrt", "Square root.", "\\sqrt{x}", "sqrt(2)",
        domain: { $0 < 0 ? "the square root of a negative number is not real" : nil },
        { $0.squareRoot() }, { sqrt($0) })
    unary("exp", "Exponential.", "e^{x}", "exp(1)", { Double.exp($0) }, { exp($0) })
    unary(
        "log", "Natural logarithm.", "\\ln x", "log(10)",
        domain: { $0 < 0 ? "the logarithm of a negative number is not real" : nil },
        { Double.log($0) }, { log($0) })
    unary(
        "log10", "Base-10 logarithm.", "\\log_{10} x", "log10(1000)",
        domain: { $0 < 0 ? "the logarithm of a negative number is not real" : nil },
        { Double.log10($0) }, { log($0) / Double.log(10) })
    unary(
        "log1p", "log(1 + x), accurate for small x.", "\\ln(1 + x)", "log1p(1e-10)",
        domain: { $0 < -1 ? "log1p needs x ≥ -1" : nil }, { Double.log(onePlus: $0) }, { log1p($0) })
    unary("sin", "Sine (radians).", "\\sin x", "sin(pi / 2)", { Double.sin($0) }, { sin($0) })
    unary("cos", "Cosine (radians).", "\\cos x", "cos(0)", { Double.cos($0) }, { cos($0) })
    unary("tan", "Tangent (radians).", "\\tan x", "tan(pi / 4)", { Double.tan($0) }, { tan($0) })
    unary("tanh", "Hyperbolic tangent.", "\\tanh x", "tanh(0.5)", { Double.tanh($0) }, { tanh($0) })
    unary(
        "sigmoid", "The logistic function.", "\\sigma(x) = \\frac{1}{1 + e^{-x}}", "sigmoid(0)",
        sigmoidScalar, { sigmoid($0) })
    unary(
        "relu", "Rectified linear unit.", "\\max(0, x)", "relu([-1, 2])",
        { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }, { relu($0) })
    unary("softplus", "Smooth relu.", "\\ln(1 + e^{x})", "softplus(0)", softplusScalar, { softplus($0) })
    unary(
        "floor", "Largest integer ≤ x.", "\\lfloor x \\rfloor", "floor(2.7)", { $0.rounded(.down) },
        { floor($0) })
    unary(
        "ceil", "Smallest integer ≥ x.", "\\lceil x \\rceil", "ceil(2.1)", { $0.rounded(.up) }, { ceil($0) })
    unary(
        "abs2", "The squared absolute value (Julia's abs2).", "|x|^2", "abs2(-3)",
        { $0 * $0 }, { pow($0, 2) })

    /// A two-argument elementwise operation x − y·q(x/y) with q piecewise constant (rem, mod),
    /// or q(x/y) itself (div): differentiable in x and y, q counts as a constant.
    func quotientFamily(
        _ name: String, _ summary: String, _ formula: String, _ example: String,
        keepQuotient: Bool, _ q: @escaping @Sendable (Double) -> Double
    ) {
        r.define(
            name, signature: "\(name)(x, y)", summary: summary, formula: formula, example: example
        ) { a, interp in
            try a.expect(2)
            if case let .number(x) = a[0], case let .number(y) = a[1] {
                return .number(keepQuotient ? q(x / y) : x - y * q(x / y))
            }
            let x = try variable(a[0], name)
            let y = try variable(a[1], name)
            try interp.lab.broadcastChecked(x, y, .remainder)
            return try tensorOp { () throws(TensorError) in
                let quotient = try (x.value / y.value).map(q)
                return keepQuotient ? wrap(quotient) : wrap(try x - y * Variable(constant: quotient))
            }
        }
    }
    quotientFamily(
        "rem", "The remainder of x ÷ y with the sign of x (x % y; Julia's rem).",
        "x - y \\operatorname{trunc}(x / y)", "rem(-7, 3)", keepQuotient: false
    ) {
        $0.rounded(.towardZero)
    }
    quotientFamily(
        "mod", "x modulo y, with the sign of y (Julia's mod, Python's %).",
        "x - y \\lfloor x / y \\rfloor", "mod(-7, 3)", keepQuotient: false
    ) { $0.rounded(.down) }
    quotientFamily(
        "div", "The quotient x ÷ y truncated towards zero (Julia's div).",
        "\\operatorname{trunc}(x / y)", "div(7, 2)", keepQuotient: true
    ) {
        $0.rounded(.towardZero)
    }
    r.define(
        "isapprox", keywords: ["rtol", "atol"], signature: "isapprox(a, b; rtol = √ε, atol = 0)",
        summary: "a ≈ b with tolerances: ‖a − b‖ ≤ max(atol, rtol·max(‖a‖, ‖b‖)); "
            + "rtol is 0 when only atol is given.",
        formula: "\\|a - b\\| \\le \\max(\\mathrm{atol}, \\mathrm{rtol} \\max(\\|a\\|, \\|b\\|))",
        example: "isapprox(1.0, 1.01; rtol = 0.05)"
    ) { a, interp in
        try a.expect(2)
        let atol = try a.keyword("atol", double) ?? 0
        let defaultRelative = atol > 0 ? 0 : Double.ulpOfOne.squareRoot()
        let rtol =
            try a.keyword("rtol", double)
            ?? defaultRelative
        if a.keywords.isEmpty { return try interp.binary(.approx, a[0], a[1]) }
        guard let x = try? tensor(a[0]), let y = try? tensor(a[1]) else {
            throw Diagnostic.lab(
                .type,
                "isapprox with tolerances compares numbers or tensors; "
                    + "found a \(a[0].typeName) and a \(a[1].typeName)")
        }
        guard x.shape == y.shape || x.count == 1 && y.count == 1 else { return .bool(false) }
        if x.scalars == y.scalars { return .bool(true) }
        if (x.scalars + y.scalars).contains(where: { !$0.isFinite }) { return .bool(false) }
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let difference = norm(zip(x.scalars, y.scalars).map { $0 - $1 })
        return .bool(difference <= Swift.max(atol, rtol * Swift.max(norm(x.scalars), norm(y.scalars))))
    }

    r.define(
        "round", keywords: ["digits"], signature: "round(x; digits = 0)",
        summary:
            "Rounds to the nearest integer (halves to even, as Julia and NumPy), or to `digits` decimals.",
        example: "round(2.567; digits = 2)"
    ) { a, _ in
        try a.expect(1)
        let digits = try a.keyword("digits", integer) ?? 0
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
        "clamp", signature: "clamp(x, lo, hi)", summary: "Limits x to the interval [lo, hi].",
        formula: "\\min(\\max(x, lo), hi)",
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
            name, signature: "\(name)(a, b, …)",
            summary:
                "The elementwise \(isMax ? "larger" : "smaller") of its arguments (use \(isMax ? "maximum" : "minimum") for a reduction).",
            formula: "\\\(name)(a, b)", example: "\(name)([1, 5], [3, 2])"
        ) { a, _ in
            if a.count == 1 {
                let reduction = isMax ? "maximum" : "minimum"
                let extreme = isMax ? "largest" : "smallest"
                throw Diagnostic.lab(
                    .type,
                    "\(name) compares two or more arguments; "
                        + "for the \(extreme) element of one collection use \(reduction)(x)",
                    notes: ["help: \(reduction)(x) reduces; \(name)(a, b) is elementwise"])
            }
            try a.expect(2...Int.max)
            if a.positional.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                let xs = try a.positional.map { v throws(Diagnostic) in try double(v) }
                return .number(isMax ? xs.max()! : xs.min()!)
            }
            var result = try variable(a[0], name)
            for v in a.positional.dropFirst() {
                let y = try variable(v, name)
                let current = result
                result = try tensorOp { () throws(TensorError) in
                    isMax ? try maximum(current, y) : try minimum(current, y)
                }
            }
            return wrap(result)
        }
    }
    extreme("max", true)
    extreme("min", false)
}
