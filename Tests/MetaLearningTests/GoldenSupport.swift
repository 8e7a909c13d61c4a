import Foundation
import MetaLearning
import NeuralNets
import Tensors
import TestSupport
import Testing

/// A golden JSON file of Tests/MetaLearningTests/Golden (float64 JAX values, copied into the
/// project), read through TestSupport's `GoldenJSON` with the key paths as separate arguments.
struct GoldenFile {
    let json: GoldenJSON

    init(_ name: String) throws { json = try GoldenJSON(name, in: GoldenJSON.folder()) }

    subscript(path: String...) -> Any? { json.value(path.joined(separator: "/")) }

    func double(_ path: String...) throws -> Double { json.number(path.joined(separator: "/")) }

    var parameters: [LayerParameters] { get throws { try Self.layers(self["inputs", "params"]) } }

    var tasks: TaskBatch {
        get throws {
            let list = try #require(self["inputs", "tasks"] as? [[String: Any]])
            let tasks = try list.map { task in
                RegressionTask(
                    supportInputs: try Self.matrix(task["support_x"]),
                    supportTargets: try Self.matrix(task["support_y"]),
                    queryInputs: try Self.matrix(task["query_x"]),
                    queryTargets: try Self.matrix(task["query_y"]))
            }
            return try TaskBatch(tasks: tasks)
        }
    }

    static func matrix(_ node: Any?) throws -> Tensor {
        let t = try #require(node.flatMap(GoldenJSON.tensor), "a rectangular list of numbers")
        try #require(t.rank == 2, "a matrix, found shape \(t.shape)")
        return t
    }

    /// A list of `{W, b}` layers (TestSupport's reader).
    static func layers(_ node: Any?) throws -> [LayerParameters] {
        let layers = GoldenJSON.layers(node)
        try #require(!layers.isEmpty, "a list of {W, b} layers")
        return layers
    }
}

/// TestSupport's relative error (max |a − b| / max(1, max |b|)) over two parameter lists
/// of the same shapes, b the reference.
func relativeError(_ a: [LayerParameters], _ b: [LayerParameters]) -> Double {
    precondition(a.map(\.parameterCount) == b.map(\.parameterCount), "parameter shapes")
    return relativeError(Tensor(a.flattened), Tensor(b.flattened))
}

/// √(Σ x²) over every parameter.
func norm(_ a: [LayerParameters]) -> Double { a.flattened.map { $0 * $0 }.reduce(0, +).squareRoot() }

/// Central-difference gradient of `f` at the flattened parameters (step h).
func finiteDifferenceGradient(
    of f: ([LayerParameters]) throws -> Double, at theta: [LayerParameters],
    step h: Double = 1e-5
) rethrows -> [Double] {
    let flat = theta.flattened
    var gradient = [Double](repeating: 0, count: flat.count)
    for i in flat.indices {
        var plus = flat, minus = flat
        plus[i] += h
        minus[i] -= h
        gradient[i] = (try f(theta.unflattened(plus)) - f(theta.unflattened(minus))) / (2 * h)
    }
    return gradient
}
