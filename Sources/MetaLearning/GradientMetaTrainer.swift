import Autodiff
import NeuralNets
import Tensors

/// Meta-learners the hand-derived `MAMLEngine` does not cover. Their
/// meta-gradient is taken by the general reverse-mode Autodiff (gradients of
/// gradients with `createGraph`), except ANIL's, derived by hand in
/// `ANILWorkspace`. Loss: MSE (no ½); outer loop: Adam.
///
/// - `.anil`: ANIL (Raghu et al. 2020, "Rapid Learning or Feature Reuse?"):
///   the inner loop adapts only the last layer, θ′_head = θ_head − α ∇_head L_S;
///   the outer loop trains every layer on (1/T) Σ_t L_Q(θ_body, θ′_head).
/// - `.metaSGD`: Meta-SGD (Li et al. 2017): one inner step θ′ = θ − α ∘ ∇L_S(θ)
///   with a learned step size per parameter; the outer loop learns (θ, α).
/// - `.pretraining`: the non-adaptive baseline: θ minimises the loss of θ itself
///   on the query sets, (1/T) Σ_t L_Q(θ) (no inner loop).
/// - `.maml`: plain MAML on the general Autodiff (a reference for the engine).
///
/// Not thread-safe.
public final class GradientMetaTrainer {
    public enum Method: Sendable, Equatable {
        case anil(innerStepSize: Double, innerSteps: Int, order: MAMLOrder)
        case metaSGD(initialStepSize: Double)
        case pretraining
        case maml(MAMLConfiguration)
    }

    public let method: Method
    public let activation: Activation
    /// The outer optimiser, over θ followed (Meta-SGD) by α.
    public var optimizer: FlatAdam
    public private(set) var iteration = 0
    var flat: [Tensor]
    var alphas: [Tensor]
    let layout: MLPLayout
    /// ANIL's memory, sized for the last batch shape.
    var anilWorkspace: ANILWorkspace?

    /// - Parameter metaLearningRate: Adam's step size β.
    public init(
        parameters: [LayerParameters], activation: Activation, method: Method,
        metaLearningRate: Double = 1e-3
    ) throws(MetaLearningError) {
        layout = try MLPLayout.of(parameters)
        switch method {
        case let .anil(alpha, steps, _):
            try MAMLConfiguration(innerStepSize: alpha, innerSteps: steps).validate()
        case let .metaSGD(alpha):
            try MAMLConfiguration(innerStepSize: alpha, innerSteps: 1).validate()
        case .pretraining: break
        case let .maml(configuration): try configuration.validate()
        }
        guard metaLearningRate.isFinite, metaLearningRate > 0 else {
            throw .invalidHyperparameter(
                name: "metaLearningRate", value: metaLearningRate, requirement: "positive")
        }
        self.method = method
        self.activation = activation
        flat = parameters.flatMap { [$0.weight, $0.bias] }
        if case let .metaSGD(alpha) = method {
            alphas = flat.map { Tensor(shape: $0.shape, repeating: alpha) }
        } else {
            alphas = []
        }
        optimizer = FlatAdam(
            parameterCount: layout.parameterCount * (alphas.isEmpty ? 1 : 2), learningRate: metaLearningRate)
    }

    /// The current meta-parameters θ.
    public var parameters: [LayerParameters] {
        stride(from: 0, to: flat.count, by: 2).map { LayerParameters(weight: flat[$0], bias: flat[$0 + 1]) }
    }

    /// Meta-SGD's learned per-parameter step sizes α (nil for the other methods).
    public var stepSizes: [LayerParameters]? {
        alphas.isEmpty
            ? nil
            : stride(from: 0, to: alphas.count, by: 2).map {
                LayerParameters(weight: alphas[$0], bias: alphas[$0 + 1])
            }
    }

    /// The meta-loss (1/T) Σ_t L_Q(θ′_t) at the current parameters and its
    /// gradient with respect to θ (then α, for Meta-SGD), in flatten order.
    public func lossAndGradient(on tasks: TaskBatch) throws(MetaLearningError) -> (
        loss: Double, gradient: [Tensor]
    ) {
        let sizes = [flat[0].shape[0]] + stride(from: 0, to: flat.count, by: 2).map { flat[$0].shape[1] }
        guard tasks.inputSize == sizes[0], tasks.outputSize == sizes[sizes.count - 1] else {
            throw .networkTaskMismatch(
                networkInputs: sizes[0], networkOutputs: sizes[sizes.count - 1],
                taskInputs: tasks.inputSize, taskOutputs: tasks.outputSize)
        }
        guard tasks.querySize > 0 else { throw .missingQuerySet }
        if case let .anil(alpha, steps, order) = method {
            return anilLossAndGradient(on: tasks, innerStepSize: alpha, innerSteps: steps, order: order)
        }
        let net = MLP(parameters: parameters, activation: activation)
        let theta = flat.map { Variable($0) }
        let alpha = alphas.map { Variable($0) }
        let layers = flat.count / 2
        return try! withoutErrors { () throws(TensorError) in
            var total: Variable
            if case .pretraining = method {
                // Equal query sizes: the mean over tasks of each task's MSE is the MSE of all rows.
                let xq = Variable(
                    constant: Tensor(
                        shape: [tasks.taskCount * tasks.querySize, tasks.inputSize],
                        scalars: tasks.queryInputs))
                let yq = Variable(
                    constant: Tensor(
                        shape: [tasks.taskCount * tasks.querySize, tasks.outputSize],
                        scalars: tasks.queryTargets))
                total = try meanSquaredError(try net(xq, parameters: [LayerVariables](pairs: theta)), yq)
            } else {
                var sum: Variable? = nil
                for t in 0..<tasks.taskCount {
                    let task = tasks.task(t)
                    let xs = Variable(constant: task.supportInputs),
                        ys = Variable(constant: task.supportTargets)
                    var current = theta
                    let (steps, stepSize, order, adapted): (Int, Double, MAMLOrder, AdaptedLayers)
                    switch method {
                    case .anil: preconditionFailure("ANIL runs on its own workspace")
                    case .metaSGD: (steps, stepSize, order, adapted) = (1, 0, .second, .all)
                    case let .maml(c):
                        (steps, stepSize, order, adapted) = (c.innerSteps, c.innerStepSize, c.order, .all)
                    case .pretraining: (steps, stepSize, order, adapted) = (0, 0, .first, .all)
                    }
                    let indices = adapted.indices(layerCount: layers)
                    for _ in 0..<steps {
                        let loss = try meanSquaredError(
                            try net(xs, parameters: [LayerVariables](pairs: current)), ys)
                        let g = try gradients(
                            of: loss, wrt: indices.map { current[$0] }, createGraph: order == .second)
                        for (j, i) in indices.enumerated() {
                            current[i] =
                                alpha.isEmpty
                                ? try current[i] - g[j] * stepSize : try current[i] - alpha[i] * g[j]
                        }
                    }
                    let query = try meanSquaredError(
                        try net(
                            Variable(constant: task.queryInputs), parameters: [LayerVariables](pairs: current)
                        ),
                        Variable(constant: task.queryTargets))
                    sum = try sum.map { s throws(TensorError) in try s + query } ?? query
                }
                total = sum! * (1 / Double(tasks.taskCount))
            }
            let grads = try gradientTensors(of: total, wrt: theta + alpha)
            return (total.value.scalars[0], grads)
        }
    }

    /// ANIL's meta-loss and meta-gradient by the hand-derived `ANILWorkspace`.
    private func anilLossAndGradient(
        on tasks: TaskBatch, innerStepSize alpha: Double, innerSteps: Int,
        order: MAMLOrder
    ) -> (loss: Double, gradient: [Tensor]) {
        if anilWorkspace?.matches(
            layout: layout, activation: activation, taskCount: tasks.taskCount,
            supportSize: tasks.supportSize, querySize: tasks.querySize,
            innerSteps: innerSteps) != true
        {
            anilWorkspace = nil  // release the old arena before allocating the new one
            anilWorkspace = ANILWorkspace(
                layout: layout, activation: activation, taskCount: tasks.taskCount,
                supportSize: tasks.supportSize, querySize: tasks.querySize,
                innerSteps: innerSteps)
        }
        let workspace = anilWorkspace!
        var offset = 0
        for t in flat {
            t.scalars.withUnsafeBufferPointer {
                (workspace.theta + offset).update(from: $0.baseAddress!, count: t.count)
            }
            offset += t.count
        }
        let loss = workspace.run(tasks: tasks, innerStepSize: alpha, order: order)
        offset = 0
        let gradient = flat.map { t in
            defer { offset += t.count }
            return Tensor(
                shape: t.shape,
                scalars: Array(UnsafeBufferPointer(start: workspace.metaGradient + offset, count: t.count)))
        }
        return (loss, gradient)
    }

    /// One Adam step on the meta-gradient of `tasks`; returns the meta-loss before it.
    @discardableResult
    public func step(on tasks: TaskBatch) throws(MetaLearningError) -> Double {
        let (loss, gradient) = try lossAndGradient(on: tasks)
        var packed = (flat + alphas).flatMap(\.scalars)
        optimizer.update(&packed, gradient: gradient.flatMap(\.scalars))
        var offset = 0
        for i in flat.indices {
            flat[i] = Tensor(shape: flat[i].shape, scalars: Array(packed[offset..<(offset + flat[i].count)]))
            offset += flat[i].count
        }
        for i in alphas.indices {
            alphas[i] = Tensor(
                shape: alphas[i].shape, scalars: Array(packed[offset..<(offset + alphas[i].count)]))
            offset += alphas[i].count
        }
        iteration += 1
        return loss
    }

    /// `iterations` meta-updates on `sampleTasks(iteration)`; returns the loss of each.
    /// `progress` may return false to stop early, keeping what was learned.
    @discardableResult
    public func train(
        iterations: Int, sampleTasks: (Int) throws -> TaskBatch, progress: MetaProgress? = nil
    ) throws -> [Double] {
        var history: [Double] = []
        history.reserveCapacity(iterations)
        for i in 0..<iterations {
            let loss = try step(on: try sampleTasks(iteration))
            history.append(loss)
            if let progress, !progress(i + 1, iterations, loss) { break }
        }
        return history
    }
}
