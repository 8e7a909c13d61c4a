/// What went wrong in a tensor operation whose inputs came from a user.
///
/// Cases carry the shapes and indices involved so that the caller (the Lab
/// interpreter) can phrase a located message; nothing here formats for a
/// terminal. `description` gives a plain sentence for tests and logs.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shapes that do not broadcast (NumPy's rules), or that an operation cannot combine.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// An operation needs a particular rank or shape (`expected` says which).
    case invalidShape(operation: String, shape: [Int], expected: String)
    /// A reshape to a shape with a different number of elements.
    case reshapeCount(from: [Int], to: [Int])
    /// An axis outside `-rank..<rank`.
    case axisOutOfRange(axis: Int, rank: Int)
    /// An index outside `0..<size` of a dimension.
    case indexOutOfRange(index: Int, dimension: Int, size: Int)
    /// A square matrix that is singular to working precision.
    case singular(operation: String)
    /// A matrix that is not (numerically) positive definite.
    case notPositiveDefinite(operation: String)
    /// A numerical iteration that did not converge.
    case noConvergence(operation: String)
    /// An argument outside the domain of an operation (`reason` explains).
    case domain(operation: String, reason: String)
    /// A long kernel saw a stop request (`StopCheck`) and gave up; its result is abandoned.
    case stopped

    public var description: String {
        switch self {
        case .stopped:
            return "stopped: a stop was requested"
        case let .shapeMismatch(op, l, r):
            return "\(op): shapes \(describeShape(l)) and \(describeShape(r)) do not match"
        case let .invalidShape(op, s, expected):
            return "\(op): expected \(expected), got shape \(describeShape(s))"
        case let .reshapeCount(from, to):
            return "cannot reshape \(describeShape(from)) (\(Tensor.elementCount(from)) elements) "
                + "to \(describeShape(to)) (\(Tensor.elementCount(to)) elements)"
        case let .axisOutOfRange(axis, rank):
            return "axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .indexOutOfRange(index, dimension, size):
            return "index \(index) is out of range for dimension \(dimension) of size \(size)"
        case let .singular(op):
            return "\(op): the matrix is singular"
        case let .notPositiveDefinite(op):
            return "\(op): the matrix is not positive definite"
        case let .noConvergence(op):
            return "\(op): the iteration did not converge"
        case let .domain(op, reason):
            return "\(op): \(reason)"
        }
    }
}
