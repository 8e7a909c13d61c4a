import Autodiff
import Diagnostics
import LabLang
import Tensors

/// A square or rectangular matrix argument (not traced: these factorizations are not differentiable).
func matrixArgument(_ v: Value, _ name: String, square: Bool = false) throws(Diagnostic) -> Tensor {
    let x = try variable(v, name)
    if x.requiresGrad {
        throw .lab(.type, "\(name) is not differentiable: it cannot be used inside grad, hessian or jacobian")
    }
    guard x.rank == 2 else {
        throw .lab(.shape, "\(name) needs a Matrix, found a \(describeShape(x.shape)) value")
    }
    if square && x.shape[0] != x.shape[1] {
        throw .lab(.shape, "\(name) needs a square Matrix, found \(describeShape(x.shape))")
    }
    return x.value
}

/// A square matrix argument that may be traced: inv, det, logdet, chol and solve
/// differentiate through Autodiff's rules (written in Variable ops, so to any order).
func squareMatrixVariable(_ v: Value, _ name: String) throws(Diagnostic) -> Variable {
    let x = try variable(v, name)
    guard x.rank == 2, x.shape[0] == x.shape[1] else {
        throw .lab(.shape, "\(name) needs a square Matrix, found \(describeShape(x.shape))")
    }
    return x
}

func registerLinearAlgebra(_ r: inout Registry) {
    r.define(
        "dot", signature: "dot(u, v)", summary: "The inner product of two tensors of the same size.",
        formula: "u \\cdot v = \\sum_i u_i v_i", example: "dot([1, 2, 3], [4, 5, 6])"
    ) { a, _ in
        try a.expect(2)
        let u = try variable(a[0], "dot")
        let v = try variable(a[1], "dot")
        guard u.count == v.count else {
            throw Diagnostic.lab(
                .shape,
                "dot needs two tensors of the same length, found \(describeShape(u.shape)) and \(describeShape(v.shape))"
            )
        }
        return wrap(try tensorOp { () throws(TensorError) in try dot(u.flattened(), v.flattened()) })
    }
    r.define(
        "outer", signature: "outer(u, v)", summary: "The outer product u vᵀ.",
        formula: "(u v^\\top)_{ij} = u_i v_j", example: "outer([1, 2], [3, 4, 5])"
    ) { a, _ in
        try a.expect(2)
        let u = try variable(a[0], "outer").flattened()
        let v = try variable(a[1], "outer").flattened()
        try checkLimit([u.count, v.count])
        return wrap(try tensorOp { () throws(TensorError) in try outer(u, v) })
    }
    r.define(
        "inv", signature: "inv(A)", summary: "The inverse of a square matrix (LU with partial pivoting).",
        formula: "A^{-1}", example: "inv([2 0; 0 4])"
    ) { a, _ in
        try a.expect(1)
        let m = try squareMatrixVariable(a[0], "inv")
        return wrap(try tensorOp { () throws(TensorError) in try inverse(m) })
    }
    r.define(
        "det", signature: "det(A)", summary: "The determinant (LU).", formula: "\\det A",
        example: "det([1 2; 3 4])"
    ) { a, _ in
        try a.expect(1)
        let m = try squareMatrixVariable(a[0], "det")
        let d = try tensorOp { () throws(TensorError) in try determinant(m) }
        return m.requiresGrad ? wrap(d) : .number(d.value.scalars[0])
    }
    r.define(
        "logdet", signature: "logdet(A)",
        summary: "log det A for a matrix with a positive determinant (a covariance, say), without overflow.",
        formula: "\\log\\det A", example: "logdet([2 0; 0 3])"
    ) { a, _ in
        try a.expect(1)
        let m = try squareMatrixVariable(a[0], "logdet")
        let d = try tensorOp { () throws(TensorError) in try logDeterminant(m) }
        return m.requiresGrad ? wrap(d) : .number(d.value.scalars[0])
    }
    r.define(
        "tr", signature: "tr(A)", summary: "The trace: the sum of the diagonal.",
        formula: "\\operatorname{tr} A = \\sum_i A_{ii}", example: "tr([1 2; 3 4])"
    ) { a, _ in
        try a.expect(1)
        let x = try variable(a[0], "tr")
        guard x.rank == 2, x.shape[0] == x.shape[1] else {
            throw Diagnostic.lab(.shape, "tr needs a square Matrix, found \(describeShape(x.shape))")
        }
        return wrap(
            try tensorOp { () throws(TensorError) in
                try (x * Variable(constant: Tensor.eye(x.shape[0]))).sum()
            })
    }
    r.define(
        "solve", signature: "solve(A, b)",
        summary: "The solution x of A x = b (least squares when A is not square); same as A \\ b.",
        formula: "x = A^{-1} b", example: "solve([2 0; 0 4], [2, 4])"
    ) { a, interp in
        try a.expect(2)
        return try interp.lab.solveValue(try variable(a[0], "solve"), try variable(a[1], "b"))
    }
    r.define(
        "chol", signature: "chol(A)",
        summary: "The lower-triangular Cholesky factor L of a symmetric positive definite A.",
        formula: "A = L L^\\top", example: "chol([4 2; 2 3])"
    ) { a, _ in
        try a.expect(1)
        let m = try squareMatrixVariable(a[0], "chol")
        return wrap(try tensorOp { () throws(TensorError) in try cholesky(m) })
    }
    r.define(
        "qr", signature: "qr(A)", summary: "The reduced QR factorization as (Q = …, R = …).",
        formula: "A = QR,\\ Q^\\top Q = I", example: "qr([1 2; 3 4]).R"
    ) { a, _ in
        try a.expect(1)
        let m = try matrixArgument(a[0], "qr")
        let d = try tensorOp { () throws(TensorError) in try QRDecomposition(m) }
        return .record(Record([("Q", wrap(d.q)), ("R", wrap(d.r))]))
    }
    r.define(
        "eigen", signature: "eigen(A)",
        summary:
            "Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, as (values = …, vectors = …).",
        formula: "A = V \\operatorname{diag}(\\lambda) V^\\top", example: "eigen([2 1; 1 2]).values"
    ) { a, _ in
        try a.expect(1)
        let m = try matrixArgument(a[0], "eigen", square: true)
        let asymmetry = zip(m.scalars, m.transposed.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
        let scale = m.scalars.map { Swift.abs($0) }.max() ?? 0
        if asymmetry > 1e-10 * Swift.max(scale, 1) {
            throw Diagnostic.lab(
                .domain,
                "eigen needs a symmetric matrix (A == A'); found one that differs by \(formatSignificant(asymmetry))"
            )
        }
        let d = try tensorOp { () throws(TensorError) in try SymmetricEigendecomposition(m) }
        return .record(Record([("values", wrap(d.eigenvalues)), ("vectors", wrap(d.eigenvectors))]))
    }
    r.define(
        "svd", signature: "svd(A)",
        summary: "The reduced singular value decomposition as (U = …, S = …, V = …), S descending.",
        formula: "A = U \\operatorname{diag}(S) V^\\top", example: "svd([3 0; 0 4]).S"
    ) { a, _ in
        try a.expect(1)
        let m = try matrixArgument(a[0], "svd")
        let d = try tensorOp { () throws(TensorError) in try SingularValueDecomposition(m) }
        return .record(Record([("U", wrap(d.u)), ("S", wrap(d.singularValues)), ("V", wrap(d.v))]))
    }
    r.define(
        "pinv", signature: "pinv(A)", summary: "The Moore–Penrose pseudo-inverse (SVD).",
        formula: "A^{+} = V \\Sigma^{+} U^\\top", example: "pinv([1 2; 2 4])"
    ) { a, _ in
        try a.expect(1)
        let m = try matrixArgument(a[0], "pinv")
        return wrap(try tensorOp { () throws(TensorError) in try pseudoInverse(m) })
    }
    r.define(
        "rank", signature: "rank(A)", summary: "The numerical rank (singular values above max(m, n)·ε·σ₁).",
        formula: "\\operatorname{rank} A", example: "rank([1 2; 2 4])"
    ) { a, _ in
        try a.expect(1)
        let m = try matrixArgument(a[0], "rank")
        return .number(Double(try tensorOp { () throws(TensorError) in try matrixRank(m) }))
    }
}
