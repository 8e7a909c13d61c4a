import Autodiff
import Tensors
import TestSupport
import Testing

/// One differentiable operation in the gradient-check table: input shapes, the
/// domain the inputs are drawn from, and the operation on Variables.
struct OperationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let shapes: [[Int]]
    let domain: ClosedRange<Double>
    let f: @Sendable ([Variable]) throws -> Variable

    init(
        _ name: String, _ shapes: [[Int]], in domain: ClosedRange<Double> = -2...2,
        _ f: @escaping @Sendable ([Variable]) throws -> Variable
    ) {
        self.name = name
        self.shapes = shapes
        self.domain = domain
        self.f = f
    }

    var testDescription: String { name }
}

/// Every differentiable operation, checked at order 1 and 2. An operation added
/// to Autodiff joins this table in the same commit.
let operationCases: [OperationCase] = [
    // binary, with broadcasting
    OperationCase("a + b (broadcast row)", [[3, 4], [4]]) { try $0[0] + $0[1] },
    OperationCase("a − b (outer broadcast)", [[3, 1], [1, 4]]) { try $0[0] - $0[1] },
    OperationCase("a ⊙ b (broadcast)", [[2, 3], [3]]) { try $0[0] * $0[1] },
    OperationCase("a ⊙ a (same input twice)", [[4]]) { try $0[0] * $0[0] },
    OperationCase("a / b (column)", [[3, 4], [3, 1]], in: 0.5...2) { try $0[0] / $0[1] },
    OperationCase("−x", [[5]]) { -$0[0] },
    OperationCase("x·2.5 + 1 − x/4", [[5]]) { try $0[0] * 2.5 + 1 - $0[0] / 4 },
    OperationCase("3/x and 1 − x", [[5]], in: 0.5...2) { try 3 / $0[0] + (1 - $0[0]) },
    OperationCase("pow(x, 3)", [[5]]) { pow($0[0], 3) },
    OperationCase("pow(x, 2.5)", [[5]], in: 0.5...2) { pow($0[0], 2.5) },
    OperationCase("square", [[5]]) { square($0[0]) },
    OperationCase("pow(a, b)", [[2, 3], [3]], in: 0.5...2) { try pow($0[0], $0[1]) },
    OperationCase("maximum", [[3, 4], [4]]) { try maximum($0[0], $0[1]) },
    OperationCase("minimum", [[3, 4], [3, 4]]) { try minimum($0[0], $0[1]) },
    OperationCase("select", [[2, 3], [3]]) {
        try select(Variable(constant: Tensor(rows: [[1, 0, 1], [0, 0, 1]])), $0[0], $0[1])
    },
    // unary elementwise
    OperationCase("exp", [[2, 3]]) { exp($0[0]) },
    OperationCase("log", [[2, 3]], in: 0.5...3) { log($0[0]) },
    OperationCase("log1p", [[2, 3]], in: 0...3) { log1p($0[0]) },
    OperationCase("expm1", [[2, 3]]) { expm1($0[0]) },
    OperationCase("sqrt", [[2, 3]], in: 0.5...3) { sqrt($0[0]) },
    OperationCase("sin", [[2, 3]]) { sin($0[0]) },
    OperationCase("cos", [[2, 3]]) { cos($0[0]) },
    OperationCase("tan", [[2, 3]], in: -1...1) { tan($0[0]) },
    OperationCase("tanh", [[2, 3]]) { tanh($0[0]) },
    OperationCase("sigmoid", [[2, 3]]) { sigmoid($0[0]) },
    OperationCase("softplus", [[2, 3]]) { softplus($0[0]) },
    OperationCase("relu", [[2, 3]]) { relu($0[0]) },
    OperationCase("leakyRelu", [[2, 3]]) { leakyRelu($0[0], slope: 0.1) },
    OperationCase("abs", [[2, 3]]) { abs($0[0]) },
    OperationCase("clamp", [[2, 3]]) { clamp($0[0], -0.5, 0.5) },
    // reductions, norms, softmax
    OperationCase("sum", [[3, 4]]) { $0[0].sum() },
    OperationCase("sum along nil kept", [[3, 4]]) { try $0[0].sum(axes: nil, keepingDimensions: true) },
    OperationCase("sum along 0", [[3, 4]]) { try $0[0].sum(axes: [0]) },
    OperationCase("sum along −1 kept", [[2, 3, 4]]) { try $0[0].sum(axes: [-1], keepingDimensions: true) },
    OperationCase("mean", [[3, 4]]) { $0[0].mean() },
    OperationCase("mean along 1", [[3, 4]]) { try $0[0].mean(axes: [1]) },
    OperationCase("max along 1", [[3, 4]]) { try $0[0].max(axes: [1]) },
    OperationCase("min of all", [[3, 4]]) { try $0[0].min() },
    OperationCase("norm", [[3, 4]]) { $0[0].norm() },
    OperationCase("norm 1", [[3, 4]]) { $0[0].norm(1) },
    OperationCase("norm 3", [[3, 4]]) { $0[0].norm(3) },
    OperationCase("logSumExp along 1", [[3, 4]]) { try $0[0].logSumExp(axes: [1]) },
    OperationCase("logSumExp of all", [[3, 4]]) { try $0[0].logSumExp() },
    OperationCase("softmax along 1", [[3, 4]]) { try $0[0].softmax(axis: 1) },
    OperationCase("logSoftmax along 0", [[3, 4]]) { try $0[0].logSoftmax(axis: 0) },
    OperationCase("variance along 1", [[3, 4]]) { try $0[0].variance(axes: [1]) },
    OperationCase("standardDeviation uncorrected", [[3, 4]]) {
        try $0[0].standardDeviation(corrected: false)
    },
    OperationCase("cumulativeSum along 0", [[4, 3]]) { try $0[0].cumulativeSum(axis: 0) },
    // products
    OperationCase("matmul matrix·matrix", [[3, 4], [4, 2]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul vector·matrix", [[4], [4, 2]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul matrix·vector", [[3, 4], [4]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul vector·vector", [[4], [4]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul batched", [[2, 3, 4], [2, 4, 5]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul batch·shared matrix", [[2, 3, 4], [4, 5]]) { try matmul($0[0], $0[1]) },
    OperationCase("matmul shared matrix·batch", [[3, 4], [2, 4, 5]]) { try matmul($0[0], $0[1]) },
    OperationCase("dot", [[2, 3], [6]]) { try dot($0[0], $0[1]) },
    OperationCase("outer", [[3], [4]]) { try outer($0[0], $0[1]) },
    // movement
    OperationCase("reshaped", [[2, 6]]) { try $0[0].reshaped([3, -1]) },
    OperationCase("transposed matrix", [[2, 3]]) { $0[0].transposed },
    OperationCase("transposed batch", [[2, 3, 4]]) { $0[0].transposed },
    OperationCase("permuted", [[2, 3, 4]]) { try $0[0].permuted([2, 0, 1]) },
    OperationCase("broadcast(to:)", [[3, 1]]) { try $0[0].broadcast(to: [2, 3, 4]) },
    OperationCase("sum(toShape:)", [[2, 3, 4]]) { try $0[0].sum(toShape: [3, 1]) },
    OperationCase("sliced", [[4, 5]]) { try $0[0].sliced(alongAxis: 1, range: 1..<4) },
    OperationCase("gathered with repeats", [[4, 3]]) { try $0[0].gathered([2, 0, 2, 3], alongAxis: 0) },
    OperationCase("slice: index, stride", [[4, 5]]) {
        try $0[0].slice([.index(2), .strided(start: 4, end: -1, step: -2)])
    },
    OperationCase("slice: mask, indices", [[3, 4, 2]]) {
        try $0[0].slice([.mask([true, false, true]), .indices([3, 3, 0]), .range(1..<2)])
    },
    // linear algebra (a well-conditioned square A = X + 3I; a symmetric positive definite S = XXᵀ + I)
    OperationCase("solve matrix", [[3, 3], [3, 2]]) { try solve($0[0] + 3 * eye(3), $0[1]) },
    OperationCase("solve vector", [[3, 3], [3]]) { try solve($0[0] + 3 * eye(3), $0[1]) },
    OperationCase("inverse", [[3, 3]]) { try inverse($0[0] + 3 * eye(3)) },
    OperationCase("determinant", [[3, 3]]) { try determinant($0[0] + 3 * eye(3)) },
    OperationCase("logAbsDeterminant", [[3, 3]]) { try logAbsDeterminant($0[0] - 3 * eye(3)) },
    OperationCase("logDeterminant", [[3, 3]]) { try logDeterminant(spd($0[0])) },
    OperationCase("cholesky", [[3, 3]]) { try cholesky(spd($0[0])) },
    OperationCase("reversed", [[3, 4]]) { try $0[0].reversed(alongAxis: 1) },
    OperationCase("squeezed, expanded", [[3, 1, 2]]) { try $0[0].squeezed().expanded(axis: 0) },
    OperationCase("tiled", [[2, 3]]) { try $0[0].tiled([2, 1, 2]) },
    OperationCase("repeated", [[2, 3]]) { try $0[0].repeated(2, alongAxis: 1) },
    OperationCase("concatenate", [[2, 3], [2, 1], [2, 2]]) { try Variable.concatenate($0, alongAxis: 1) },
    OperationCase("stack", [[3], [3]]) { try Variable.stack($0, alongAxis: 1) },
]

/// The n×n identity as a constant.
func eye(_ n: Int) -> Variable { Variable(constant: Tensor.eye(n)) }

/// X·Xᵀ + I: symmetric positive definite for any X.
func spd(_ x: Variable) throws -> Variable { try matmul(x, x.transposed) + eye(x.shape[0]) }

/// The scalar loss the checks differentiate: L = Σ (w ⊙ y + ½ y²) with y = op(x).
/// The quadratic term makes the Hessian depend on the op's backward rule even
/// when the op is linear.
func checkedLoss(_ op: OperationCase, _ weights: Variable, _ xs: [Variable]) throws -> Variable {
    let y = try op.f(xs)
    return try (weights * y + 0.5 * square(y)).sum()
}

@Suite struct GradientCheckTests {
    let step = 1e-5

    /// Seeded inputs and loss weights for one case.
    func fixture(_ op: OperationCase, seed: UInt64) throws -> (xs: [Tensor], weights: Variable) {
        var rng = SplitMix64(seed: seed)
        let xs = op.shapes.map { randomTensor($0, in: op.domain, using: &rng) }
        let y = try op.f(xs.map { Variable(constant: $0) })
        return (xs, Variable(constant: randomTensor(y.shape, in: -1...1, using: &rng)))
    }

    @Test(arguments: operationCases)
    func firstOrderAgreesWithFiniteDifferences(_ op: OperationCase) throws {
        let seed: UInt64 = 17
        let (xs, w) = try fixture(op, seed: seed)
        let leaves = xs.map { Variable($0) }
        let loss = try checkedLoss(op, w, leaves)
        let exact = try gradientTensors(of: loss, wrt: leaves)
        let recorded = try gradients(of: loss, wrt: leaves, createGraph: true).map(\.value)
        for k in xs.indices {
            let numeric = try numericalGradient(
                of: { (xk: Tensor) in
                    var probe = xs
                    probe[k] = xk
                    return try checkedLoss(op, w, probe.map { Variable(constant: $0) }).scalar!
                }, at: xs[k], step: step)
            #expect(relativeError(exact[k], numeric) < 1e-7, "input \(k), seed \(seed)")
            #expect(
                relativeError(recorded[k], exact[k]) < 1e-14, "createGraph changes the value, seed \(seed)")
        }
    }

    /// Second order, two ways: the gradient of the directional derivative
    /// D(x) = ⟨∇L(x), v⟩ (taken through the recorded backward pass) against finite
    /// differences of D, and against (∇L(x + hv) − ∇L(x − hv)) / 2h (= H·v).
    @Test(arguments: operationCases)
    func secondOrderAgreesWithFiniteDifferences(_ op: OperationCase) throws {
        let seed: UInt64 = 29
        let (xs, w) = try fixture(op, seed: seed)
        var rng = SplitMix64(seed: seed + 1)
        let vs = xs.map { randomTensor($0.shape, in: -1...1, using: &rng) }

        func directional(_ xs: [Tensor]) throws -> Double {
            let leaves = xs.map { Variable($0) }
            let g = try gradientTensors(of: try checkedLoss(op, w, leaves), wrt: leaves)
            return try zip(g, vs).reduce(0) { try $0 + dot($1.0, $1.1) }
        }
        func gradientAt(_ xs: [Tensor]) throws -> [Tensor] {
            let leaves = xs.map { Variable($0) }
            return try gradientTensors(of: try checkedLoss(op, w, leaves), wrt: leaves)
        }

        let leaves = xs.map { Variable($0) }
        let g = try gradients(of: try checkedLoss(op, w, leaves), wrt: leaves, createGraph: true)
        var d = try (g[0] * Variable(constant: vs[0])).sum()
        for k in 1..<max(1, xs.count) { d = try d + (g[k] * Variable(constant: vs[k])).sum() }
        let hv = try gradientTensors(of: d, wrt: leaves)

        let up = try gradientAt(zip(xs, vs).map { try $0 + $1 * step })
        let down = try gradientAt(zip(xs, vs).map { try $0 - $1 * step })
        for k in xs.indices {
            let numeric = try numericalGradient(
                of: { (xk: Tensor) in
                    var probe = xs
                    probe[k] = xk
                    return try directional(probe)
                }, at: xs[k], step: step)
            #expect(relativeError(hv[k], numeric) < 1e-6, "∇⟨∇L, v⟩ input \(k), seed \(seed)")
            let difference = try (up[k] - down[k]) / (2 * step)
            #expect(relativeError(hv[k], difference) < 1e-6, "H·v input \(k), seed \(seed)")
        }
    }
}
