import Testing

@testable import Tensors

@Suite struct TensorErrorTests {
    @Test(arguments: [
        (
            TensorError.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [3]),
            "+: shapes 2×3 and 3 do not match"
        ),
        (
            .invalidShape(operation: "inv", shape: [2, 3], expected: "a square matrix"),
            "inv: expected a square matrix, got shape 2×3"
        ),
        (.reshapeCount(from: [2, 3], to: [4]), "cannot reshape 2×3 (6 elements) to 4 (4 elements)"),
        (.axisOutOfRange(axis: 3, rank: 2), "axis 3 is out of range for a tensor of rank 2"),
        (
            .indexOutOfRange(index: 5, dimension: 0, size: 4),
            "index 5 is out of range for dimension 0 of size 4"
        ),
        (.singular(operation: "solve"), "solve: the matrix is singular"),
        (.notPositiveDefinite(operation: "cholesky"), "cholesky: the matrix is not positive definite"),
        (.noConvergence(operation: "svd"), "svd: the iteration did not converge"),
        (.domain(operation: "repeat", reason: "count must be ≥ 0"), "repeat: count must be ≥ 0"),
    ])
    func everyErrorHasAPlainSentence(error: TensorError, text: String) {
        #expect(error.description == text)
    }
}
