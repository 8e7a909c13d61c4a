import Autodiff
import NeuralNets
import Tensors

/// Which layers the inner loop adapts: every layer (MAML) or only the last,
/// the head (ANIL, Raghu et al. 2020).
public enum AdaptedLayers: String, Sendable, Equatable {
    case all
    case last

    /// Indices into the flatten order (W₀, b₀, W₁, b₁, …) of the adapted tensors.
    func indices(layerCount: Int) -> [Int] {
        switch self {
        case .all: return Array(0..<(2 * layerCount))
        case .last: return [2 * layerCount - 2, 2 * layerCount - 1]
        }
    }
}

/// Checks that N×in inputs and N×out targets fit the network.
func checkTask(_ inputs: Tensor, _ targets: Tensor, sizes: [Int]) throws(MetaLearningError) {
    guard inputs.rank == 2, targets.rank == 2, inputs.shape[0] == targets.shape[0], inputs.shape[0] > 0 else {
        throw .taskShapeMismatch(
            task: 0, part: "inputs and targets", expected: [inputs.shape.first ?? 0, sizes[0]],
            actual: targets.shape)
    }
    guard inputs.shape[1] == sizes[0], targets.shape[1] == sizes[sizes.count - 1] else {
        throw .networkTaskMismatch(
            networkInputs: sizes[0], networkOutputs: sizes[sizes.count - 1],
            taskInputs: inputs.shape[1], taskOutputs: targets.shape[1])
    }
}

/// The inner loop of MAML-family methods, as a function: `steps` plain gradient
/// steps on the mean squared error (no ½) of the support set,
///
///     θ_{k+1} = θ_k − α ∇L_support(θ_k)     (Meta-SGD: α ∘ ∇L, α per parameter),
///
/// applied to the layers `layers` selects; the others stay at θ.
/// - Parameters:
///   - inputs: N×in support inputs; targets: N×out.
///   - stepSizes: Meta-SGD's per-parameter α (shaped like `parameters`); when
///     given, `stepSize` is ignored.
/// - Returns: the adapted parameters (θ itself when `steps` is 0).
public func adapt(
    _ parameters: [LayerParameters], activation: Activation, inputs: Tensor, targets: Tensor,
    steps: Int = 1, stepSize: Double = 0.01, layers: AdaptedLayers = .all, stepSizes: [LayerParameters]? = nil
) throws(MetaLearningError) -> [LayerParameters] {
    let layout = try MLPLayout.of(parameters)
    try checkTask(inputs, targets, sizes: layout.sizes)
    guard steps >= 0 else {
        throw .invalidHyperparameter(name: "steps", value: Double(steps), requirement: "0 or more")
    }
    guard stepSize.isFinite else {
        throw .invalidHyperparameter(name: "stepSize", value: stepSize, requirement: "a finite number")
    }
    if let stepSizes,
        stepSizes.map(\.weight.shape) != parameters.map(\.weight.shape)
            || stepSizes.map(\.bias.shape) != parameters.map(\.bias.shape)
    {
        throw .invalidHyperparameter(
            name: "stepSizes", value: Double(stepSizes.count), requirement: "shaped like the parameters")
    }
    let net = MLP(parameters: parameters, activation: activation)
    let adapted = layers.indices(layerCount: parameters.count)
    let alphas = stepSizes?.flatMap { [$0.weight, $0.bias] }
    var current = parameters.flatMap { [$0.weight, $0.bias] }
    let x = Variable(constant: inputs), y = Variable(constant: targets)
    for _ in 0..<steps {
        let leaves = current.map { Variable($0) }
        let gradient = try! withoutErrors { () throws(TensorError) in
            let loss = try meanSquaredError(try net(x, parameters: [LayerVariables](pairs: leaves)), y)
            return try gradientTensors(of: loss, wrt: adapted.map { leaves[$0] })
        }
        for (j, i) in adapted.enumerated() {
            if let alphas {
                current[i] = try! current[i] - alphas[i] * gradient[j]
            } else {
                current[i] = try! current[i] - gradient[j] * stepSize
            }
        }
    }
    return stride(from: 0, to: current.count, by: 2).map {
        LayerParameters(weight: current[$0], bias: current[$0 + 1])
    }
}

/// Runs a body whose shape errors were ruled out by the caller's checks.
@inline(__always)
func withoutErrors<T>(_ body: () throws(TensorError) -> T) throws(TensorError) -> T { try body() }

/// The mean squared error of the network on N×in inputs against N×out targets.
public func meanSquaredError(
    _ parameters: [LayerParameters], activation: Activation, inputs: Tensor, targets: Tensor
) throws(MetaLearningError) -> Double {
    let layout = try MLPLayout.of(parameters)
    try checkTask(inputs, targets, sizes: layout.sizes)
    let prediction = try! MLP(parameters: parameters, activation: activation)(inputs)
    var total = 0.0
    for (p, t) in zip(prediction.scalars, targets.scalars) { total += (p - t) * (p - t) }
    return total / Double(targets.count)
}
