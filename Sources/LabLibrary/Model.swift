import Autodiff
import Diagnostics
import LabLang
import NeuralNets
import Tensors

/// A Lab value holding NeuralNets' multilayer perceptron with explicit parameters:
/// layer l computes `h * W + b` with `W` of size in×out, the activation after every
/// layer but the last (the forward pass is NeuralNets' `mlp(_:parameters:activation:)`).
/// Its parameters may be traced Variables (inside `grad`), so a Model is differentiated
/// like any other value.
public final class ModelObject: LabObject, CallableObject, DisplayableObject {
    public let layers: [LayerVariables]
    public let activation: Activation

    init(layers: [LayerVariables], activation: Activation) {
        self.layers = layers
        self.activation = activation
    }

    /// A model over constant parameters (a fresh network, a trained one).
    convenience init(_ network: MLP) {
        self.init(layers: network.variables(requiresGrad: false), activation: network.activation)
    }

    public var typeName: String { "Model" }

    /// The activation named `name` in Lab (`"relu"`, `"leaky_relu"`, …); any other name
    /// is an error listing the choices.
    static func activation(named name: String) throws(Diagnostic) -> Activation {
        guard let activation = Activation(rawValue: name) else {
            let choices = Activation.allCases.map(\.rawValue).joined(separator: ", ")
            throw .lab(.domain, "unknown activation \"\(name)\"; choose one of \(choices)")
        }
        return activation
    }

    var parameterCount: Int { layers.reduce(0) { $0 + $1.weight.count + $1.bias.count } }
    var sizes: [Int] { (layers.first.map { [$0.weight.shape[0]] } ?? []) + layers.map { $0.weight.shape[1] } }

    /// The forward pass on a batch whose rows are points.
    func forward(_ x: Variable) throws(Diagnostic) -> Variable {
        guard let first = layers.first else { return x }
        let inputs = first.weight.shape[0]
        var h = x
        var squeeze: [Int]? = nil
        switch x.rank {
        case 0:
            guard inputs == 1 else {
                throw .lab(.shape, "the model takes \(inputs) inputs per point, found a number")
            }
            h = try tensorOp { () throws(TensorError) in try x.reshaped([1, 1]) }
            squeeze = []
        case 1:
            if inputs == 1 {
                h = try tensorOp { () throws(TensorError) in try x.reshaped([x.count, 1]) }
                squeeze = [x.count]
            } else {
                guard x.count == inputs else {
                    throw .lab(
                        .shape, "the model takes \(inputs) inputs per point, found a Vector of \(x.count)")
                }
                h = try tensorOp { () throws(TensorError) in try x.reshaped([1, inputs]) }
                squeeze = [-1]
            }
        case 2:
            guard x.shape[1] == inputs else {
                throw .lab(
                    .shape,
                    "the model takes \(inputs) inputs per point (columns), found a \(describeShape(x.shape)) Matrix"
                )
            }
        default:
            throw .lab(
                .shape, "a model takes a Matrix whose rows are points, found \(describeShape(x.shape))")
        }
        let input = h
        h = try tensorOp { () throws(TensorError) in
            try mlp(input, parameters: layers, activation: activation)
        }
        let outputs = layers.last!.weight.shape[1]
        if let squeeze {
            let out = h
            return try tensorOp { () throws(TensorError) in
                if squeeze == [] { return outputs == 1 ? try out.reshaped([]) : try out.reshaped([outputs]) }
                if squeeze == [-1] { return try out.reshaped([outputs]) }
                return outputs == 1 ? try out.reshaped(squeeze) : out
            }
        }
        return h
    }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try arguments.expect(1)
        return wrap(try forward(try variable(arguments[0], "the model input")))
    }

    /// `params(model)`: a List of `(W = …, b = …)` Records.
    var parameters: Value {
        .list(layers.map { .record(Record([("W", wrap($0.weight)), ("b", wrap($0.bias))])) })
    }

    /// A model from a List of `(W, b)` Records.
    static func from(_ value: Value, activation: Activation) throws(Diagnostic) -> ModelObject {
        guard case let .list(items) = value, !items.isEmpty else {
            throw .lab(
                .type, "expected a non-empty List of (W = …, b = …) Records, found a \(value.typeName)")
        }
        var layers: [LayerVariables] = []
        for (i, item) in items.enumerated() {
            guard case let .record(r) = item, let w = r["W"], let b = r["b"] else {
                throw .lab(
                    .type, "layer \(i + 1) must be a Record with fields W and b, found a \(item.typeName)")
            }
            let W = try variable(w, "W of layer \(i + 1)")
            var B = try variable(b, "b of layer \(i + 1)")
            guard W.rank == 2 else {
                throw .lab(
                    .shape, "W of layer \(i + 1) must be a Matrix (in×out), found \(describeShape(W.shape))")
            }
            if B.rank == 2 && B.shape[0] == 1 {
                B = try tensorOp { () throws(TensorError) in try B.reshaped([B.count]) }
            }
            guard B.rank <= 1, B.count == W.shape[1] else {
                throw .lab(
                    .shape,
                    "b of layer \(i + 1) must have \(W.shape[1]) elements, found \(describeShape(B.shape))")
            }
            if B.rank == 0 { B = try tensorOp { () throws(TensorError) in try B.reshaped([1]) } }
            if let previous = layers.last, previous.weight.shape[1] != W.shape[0] {
                throw .lab(
                    .shape,
                    "layer \(i + 1) takes \(W.shape[0]) inputs but layer \(i) gives \(previous.weight.shape[1])"
                )
            }
            layers.append(LayerVariables(weight: W, bias: B))
        }
        return ModelObject(layers: layers, activation: activation)
    }

    func display(options: DisplayOptions) -> String { inline }

    var inline: String {
        "Model: MLP \(sizes.map(String.init).joined(separator: " → ")), \(activation.rawValue), \(parameterCount) parameters"
    }
}
