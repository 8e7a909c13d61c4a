import Foundation
import MetaLearning
import NeuralNets
import Tensors
import TestSupport
import Testing

/// A golden JSON file of ../shared/golden/ copied into Tests/MetaLearningTests/Golden.
struct GoldenFile {
    let root: [String: Any]

    init(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"))
        root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    subscript(path: String...) -> Any? {
        var node: Any? = root
        for key in path { node = (node as? [String: Any])?[key] }
        return node
    }

    func double(_ path: String...) throws -> Double {
        var node: Any? = root
        for key in path { node = (node as? [String: Any])?[key] }
        return try #require((node as? NSNumber)?.doubleValue, "\(path)")
    }

    var parameters: [LayerParameters] { get throws { try Self.layers(self["inputs", "params"]) } }

    var tasks: TaskBatch {
        get throws {
            let list = try #require(self["inputs", "tasks"] as? [[String: Any]])
            let tasks = try list.map { task in
                RegressionTask(
                    supportInputs: try Self.matrix(task["support_x"]), supportTargets: try Self.matrix(task["support_y"]),
                    queryInputs: try Self.matrix(task["query_x"]), queryTargets: try Self.matrix(task["query_y"]))
            }
            return try TaskBatch(tasks: tasks)
        }
    }

    static func matrix(_ node: Any?) throws -> Tensor {
        let rows = try #require(node as? [[NSNumber]])
        return Tensor(rows: rows.map { $0.map(\.doubleValue) })
    }

    static func layers(_ node: Any?) throws -> [LayerParameters] {
        let list = try #require(node as? [[String: Any]])
        return try list.map { layer in
            let bias = try #require(layer["b"] as? [NSNumber]).map(\.doubleValue)
            return LayerParameters(weight: try matrix(layer["W"]), bias: Tensor(bias))
        }
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
func finiteDifferenceGradient(of f: ([LayerParameters]) throws -> Double, at theta: [LayerParameters],
                              step h: Double = 1e-5) rethrows -> [Double] {
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
