/// Validation shared by the factorizations: every entry point checks its
/// input here and throws a typed error, so no routine ever returns NaN for
/// bad input.
extension Tensor {
    /// `(rows, columns)` of a rank-2 tensor with finite elements.
    func finiteMatrixDimensions(_ operation: String) throws(TensorError) -> (rows: Int, columns: Int) {
        guard rank == 2 else { throw .invalidShape(operation: operation, shape: shape, expected: "a matrix") }
        guard scalars.allSatisfy(\.isFinite) else {
            throw .domain(operation: operation, reason: "the matrix has a NaN or infinite element")
        }
        return (shape[0], shape[1])
    }

    /// The size n of a square matrix with finite elements.
    func finiteSquareSize(_ operation: String) throws(TensorError) -> Int {
        let (m, n) = try finiteMatrixDimensions(operation)
        guard m == n else {
            throw .invalidShape(operation: operation, shape: shape, expected: "a square matrix")
        }
        return n
    }

    /// The size of a square matrix that is symmetric up to `1e-10·max|aᵢⱼ|`
    /// (round-off from forming `XᵀX` is accepted; only the lower triangle is used).
    func symmetricSize(_ operation: String) throws(TensorError) -> Int {
        let n = try finiteSquareSize(operation)
        let scale = scalars.reduce(0) { Swift.max($0, Swift.abs($1)) }
        for i in 0..<n {
            for j in 0..<i where Swift.abs(scalars[i * n + j] - scalars[j * n + i]) > 1e-10 * scale {
                throw .domain(
                    operation: operation, reason: "the matrix is not symmetric (entries \(i + 1),\(j + 1))")
            }
        }
        return n
    }

    /// The largest |aᵢⱼ| (0 for an empty tensor).
    var maxMagnitude: Double { scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }
}

/// Right-hand sides as an n×m column block: a vector is one column.
/// Returns the block and whether to give back a vector.
func rightHandSides(_ b: Tensor, rows n: Int, operation: String, lhs: [Int]) throws(TensorError)
    -> (columns: Int, values: [Double], isVector: Bool)
{
    guard (b.rank == 1 || b.rank == 2), b.shape[0] == n else {
        throw .shapeMismatch(operation: operation, lhs: lhs, rhs: b.shape)
    }
    guard b.scalars.allSatisfy(\.isFinite) else {
        throw .domain(operation: operation, reason: "the right-hand side has a NaN or infinite element")
    }
    return (b.rank == 1 ? 1 : b.shape[1], b.scalars, b.rank == 1)
}

/// ε of Double, the unit round-off used in tolerances.
let machineEpsilon = Double.ulpOfOne
