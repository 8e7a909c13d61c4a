import NeuralNets

/// The outer loop of meta-learning over an MLP: draws a meta-batch from a
/// task sampler, computes the meta-gradient with a `MAMLEngine` and updates θ.
///
/// - MAML (first or second order): θ ← Adam(θ, meta-gradient).
/// - Reptile: θ ← θ + ε · (1/T) Σ_t (φ_t − θ) (the paper's plain outer step).
///
/// Parameters live in one flat vector, so a training step allocates nothing
/// beyond what the sampler does. Not thread-safe.
public final class MAMLTrainer {
    /// Which meta-learning rule the trainer applies.
    public enum Method: Sendable, Equatable {
        /// MAML with the given inner loop and order; Adam on the outer loop.
        case maml(MAMLConfiguration)
        /// Reptile with `innerSteps` SGD steps of size `innerStepSize` and outer step ε = `outerStepSize`.
        case reptile(innerStepSize: Double, innerSteps: Int, outerStepSize: Double)
    }

    public let method: Method
    public let engine: MAMLEngine
    /// The outer optimiser (used by MAML only).
    public var optimizer: FlatAdam
    /// Meta-updates taken so far.
    public private(set) var iteration = 0
    let layout: MLPLayout
    var theta: [Double]

    /// - Parameters:
    ///   - parameters: the initial θ (its shapes fix the network).
    ///   - metaLearningRate: Adam's step size β for MAML (ignored by Reptile).
    public init(
        parameters: [LayerParameters], activation: Activation, method: Method,
        metaLearningRate: Double = 1e-3
    ) throws(MetaLearningError) {
        layout = try MLPLayout.of(parameters)
        switch method {
        case .maml(let configuration): try configuration.validate()
        case .reptile(let alpha, let steps, let epsilon):
            try MAMLConfiguration(innerStepSize: alpha, innerSteps: steps).validate()
            guard epsilon.isFinite else {
                throw .invalidHyperparameter(
                    name: "outerStepSize", value: epsilon, requirement: "a finite number")
            }
        }
        guard metaLearningRate.isFinite, metaLearningRate > 0 else {
            throw .invalidHyperparameter(
                name: "metaLearningRate", value: metaLearningRate, requirement: "positive")
        }
        self.method = method
        engine = MAMLEngine(activation: activation)
        optimizer = FlatAdam(parameterCount: layout.parameterCount, learningRate: metaLearningRate)
        theta = [Double](repeating: 0, count: layout.parameterCount)
        theta.withUnsafeMutableBufferPointer { layout.write(parameters, into: $0.baseAddress!) }
    }

    /// The current meta-parameters θ.
    public var parameters: [LayerParameters] {
        theta.withUnsafeBufferPointer { layout.layers(from: $0.baseAddress!) }
    }

    /// One meta-update on `tasks`; returns the loss before the update
    /// (MAML: the meta-loss at θ; Reptile: the mean support loss at θ).
    @discardableResult
    public func step(on tasks: TaskBatch) throws(MetaLearningError) -> Double {
        var noDetails: MAMLEngine.DetailRecorder? = nil
        let loss: Double
        switch method {
        case .maml(let configuration):
            try engine.check(layout: layout, tasks: tasks, needsQuery: true)
            loss = theta.withUnsafeBufferPointer {
                engine.run(
                    theta: $0.baseAddress!, layout: layout, tasks: tasks,
                    innerStepSize: configuration.innerStepSize, innerSteps: configuration.innerSteps,
                    order: configuration.order, details: &noDetails)
            }
            let gradient = engine.lastMetaGradient!
            theta.withUnsafeMutableBufferPointer { optimizer.update($0.baseAddress!, gradient: gradient) }
        case .reptile(let alpha, let steps, let epsilon):
            try engine.check(layout: layout, tasks: tasks, needsQuery: false)
            loss = theta.withUnsafeBufferPointer {
                engine.run(
                    theta: $0.baseAddress!, layout: layout, tasks: tasks, innerStepSize: alpha,
                    innerSteps: steps, order: nil, details: &noDetails)
            }
            let direction = engine.lastMetaGradient!
            theta.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] += epsilon * direction[i] }
            }
        }
        iteration += 1
        return loss
    }

    /// Runs `iterations` meta-updates, each on `sampleTasks(iteration)`, and
    /// returns the loss of every update. `onIteration(iteration, loss)` may
    /// return false to stop early (Ctrl-C, a progress bar), keeping what was learned.
    @discardableResult
    public func train(
        iterations: Int, sampleTasks: (Int) throws -> TaskBatch, onIteration: ((Int, Double) -> Bool)? = nil
    ) throws -> [Double] {
        var history: [Double] = []
        history.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let tasks = try sampleTasks(iteration)
            let loss = try step(on: tasks)
            history.append(loss)
            if let onIteration, !onIteration(iteration, loss) { break }
        }
        return history
    }
}
