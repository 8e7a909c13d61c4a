import NeuralNets
import Tensors

/// Whether the meta-gradient differentiates through the inner updates.
public enum MAMLOrder: Int, Sendable, CaseIterable {
    /// First-order MAML (FOMAML): inner gradients are constants, the
    /// meta-gradient is (1/T) Σ_t ∇L_query(θ′_t) evaluated at the adapted θ′_t.
    case first = 1
    /// Full MAML: the exact derivative of the meta-loss, Hessian terms included.
    case second = 2
}

/// The inner loop of MAML: `innerSteps` plain SGD steps of size
/// `innerStepSize` on each task's support set, and the order of the meta-gradient.
public struct MAMLConfiguration: Sendable, Equatable {
    /// α in θ_{k+1} = θ_k − α ∇L_support(θ_k).
    public var innerStepSize: Double
    /// S ≥ 1, the number of inner SGD steps.
    public var innerSteps: Int
    public var order: MAMLOrder

    public init(innerStepSize: Double, innerSteps: Int = 1, order: MAMLOrder = .second) {
        self.innerStepSize = innerStepSize
        self.innerSteps = innerSteps
        self.order = order
    }

    func validate() throws(MetaLearningError) {
        guard innerSteps >= 1 else {
            throw .invalidHyperparameter(
                name: "innerSteps", value: Double(innerSteps), requirement: "at least 1")
        }
        guard innerStepSize.isFinite else {
            throw .invalidHyperparameter(
                name: "innerStepSize", value: innerStepSize, requirement: "a finite number")
        }
    }
}

/// What happened to one task of a meta-batch (filled only when asked for,
/// since building these values allocates).
public struct MAMLTaskDetails: Sendable {
    /// MSE on the support set at θ, and after the S inner steps (at θ′).
    public var preSupportLoss: Double
    public var postSupportLoss: Double
    /// MSE on the query set at θ, and at θ′ (the task's term of the meta-loss).
    public var preQueryLoss: Double
    public var postQueryLoss: Double
    /// ∇L_support(θ_k) for k = 0 … S−1 (the gradient each inner step used).
    public var innerGradients: [[LayerParameters]]
    /// θ_1 … θ_S; the last is the adapted θ′.
    public var adaptedParametersAfterEachStep: [[LayerParameters]]
    /// d L_query(θ′)/dθ for this task alone, at the engine's order.
    public var metaGradient: [LayerParameters]
    /// ∇_{θ′} L_query(θ′): this task's first-order (FOMAML) gradient.
    public var firstOrderGradient: [LayerParameters]

    /// θ′, the parameters after every inner step.
    public var adaptedParameters: [LayerParameters] {
        adaptedParametersAfterEachStep[adaptedParametersAfterEachStep.count - 1]
    }
}

/// The result of one MAML meta-gradient evaluation.
public struct MAMLResult: Sendable {
    /// (1/T) Σ_t L_query(θ′_t).
    public var metaLoss: Double
    /// d metaLoss / dθ (second order) or the FOMAML gradient (first order); shaped like θ.
    public var metaGradient: [LayerParameters]
    /// One entry per task when `taskDetails` was requested, else empty.
    public var tasks: [MAMLTaskDetails]
}

/// The result of one Reptile evaluation.
public struct ReptileResult: Sendable {
    /// (1/T) Σ_t (φ_t − θ): a descent direction (scaled by α·S); apply θ ← θ + ε·direction.
    public var direction: [LayerParameters]
    /// (1/T) Σ_t L_support(θ), the loss before adaptation.
    public var meanSupportLoss: Double
    /// φ_t per task (when `taskDetails` was requested, else empty).
    public var adaptedParameters: [[LayerParameters]]
}

/// The specialised MAML and Reptile engine for a multilayer perceptron with
/// mean-squared-error loss: every derivative is derived by hand, and the whole
/// meta-batch runs in preallocated memory with products folded over tasks
/// wherever the weights are shared.
///
/// Network: layer l computes h_l = σ(h_{l−1} W_l + b_l), W_l of size in×out,
/// with σ after every layer but the last. Loss: MSE = mean over every output
/// number of (ŷ − y)², no ½. Inner loop: θ_{k+1} = θ_k − α ∇L_support(θ_k).
///
/// Second order runs backward through the inner steps:
/// v_S = ∇L_query(θ_S), v_k = (I − α ∇²L_support(θ_k)) v_{k+1}, meta-gradient
/// = (1/T) Σ_t v_0; each Hessian-vector product is forward-over-reverse.
///
/// An engine keeps scratch memory sized for the last batch shape; it is not
/// thread-safe (use one per thread). Supports every `Activation`; relu′(0) = 0.
public final class MAMLEngine {
    public let activation: Activation
    var workspace: MAMLWorkspace?
    var oneStep: OneStepWorkspace?
    /// Tasks processed together by the one-inner-step path: their rows are
    /// stacked into one product per layer, and a chunk's activations stay in
    /// cache. A speed knob only (results agree to rounding); at least 1.
    public var taskChunkSize = 2 {
        didSet { precondition(taskChunkSize >= 1, "taskChunkSize must be at least 1") }
    }
    /// The one-step path's form per layer (nil: the cheaper of each, `OneStepLayerForm.cheaper`);
    /// set by tests to run every layer both ways.
    var oneStepForms: [OneStepLayerForm]?

    public init(activation: Activation) {
        self.activation = activation
    }

    /// Meta-loss and meta-gradient of MAML at θ = `parameters` over `tasks`.
    /// - Parameter taskDetails: also return per-task losses, inner gradients,
    ///   adapted parameters and per-task meta-gradients (slower: allocates).
    /// - Throws: `MetaLearningError` when shapes or hyperparameters are wrong.
    /// - Complexity: about (2 + 4·S) forward-pass costs per task for second order.
    public func metaGradient(
        parameters: [LayerParameters], tasks: TaskBatch, configuration: MAMLConfiguration,
        taskDetails: Bool = false
    ) throws(MetaLearningError) -> MAMLResult {
        let layout = try MLPLayout.of(parameters)
        try configuration.validate()
        try check(layout: layout, tasks: tasks, needsQuery: true)
        var theta = [Double](repeating: 0, count: layout.parameterCount)
        theta.withUnsafeMutableBufferPointer { layout.write(parameters, into: $0.baseAddress!) }
        var details = taskDetails ? DetailRecorder() : nil
        let loss = theta.withUnsafeBufferPointer {
            run(
                theta: $0.baseAddress!, layout: layout, tasks: tasks,
                innerStepSize: configuration.innerStepSize,
                innerSteps: configuration.innerSteps, order: configuration.order, details: &details)
        }
        return MAMLResult(
            metaLoss: loss, metaGradient: layout.layers(from: lastMetaGradient!),
            tasks: details?.tasks ?? [])
    }

    /// Reptile's update direction (1/T) Σ_t (φ_t − θ), φ_t = S full-batch SGD
    /// steps of size α from θ on task t's support set (query sets are ignored).
    public func reptileDirection(
        parameters: [LayerParameters], tasks: TaskBatch, innerStepSize: Double, innerSteps: Int,
        taskDetails: Bool = false
    ) throws(MetaLearningError) -> ReptileResult {
        let layout = try MLPLayout.of(parameters)
        try MAMLConfiguration(innerStepSize: innerStepSize, innerSteps: innerSteps).validate()
        try check(layout: layout, tasks: tasks, needsQuery: false)
        var theta = [Double](repeating: 0, count: layout.parameterCount)
        theta.withUnsafeMutableBufferPointer { layout.write(parameters, into: $0.baseAddress!) }
        var details = taskDetails ? DetailRecorder() : nil
        let loss = theta.withUnsafeBufferPointer {
            run(
                theta: $0.baseAddress!, layout: layout, tasks: tasks, innerStepSize: innerStepSize,
                innerSteps: innerSteps, order: nil, details: &details)
        }
        let ws = workspace!
        let adapted =
            taskDetails
            ? (0..<tasks.taskCount).map {
                layout.layers(from: ws.theta[innerSteps].values + $0 * layout.parameterCount)
            }
            : []
        return ReptileResult(
            direction: layout.layers(from: lastMetaGradient!), meanSupportLoss: loss,
            adaptedParameters: adapted)
    }

    /// θ′ after `innerSteps` full-batch SGD steps of size α from θ on one
    /// support set (inputs N×in, targets N×out): the inner loop of MAML, as a
    /// learner calls it to adapt a meta-trained model to a new task.
    public func adapt(
        parameters: [LayerParameters], supportInputs: Tensor, supportTargets: Tensor, innerStepSize: Double,
        innerSteps: Int
    ) throws(MetaLearningError) -> [LayerParameters] {
        let empty = Tensor(shape: [0, supportInputs.rank == 2 ? supportInputs.shape[1] : 0], scalars: [])
        let emptyTargets = Tensor(
            shape: [0, supportTargets.rank == 2 ? supportTargets.shape[1] : 0], scalars: [])
        let task = try TaskBatch(tasks: [
            RegressionTask(
                supportInputs: supportInputs, supportTargets: supportTargets,
                queryInputs: empty, queryTargets: emptyTargets)
        ])
        let result = try reptileDirection(
            parameters: parameters, tasks: task, innerStepSize: innerStepSize,
            innerSteps: innerSteps, taskDetails: true)
        return result.adaptedParameters[0]
    }

    func check(layout: MLPLayout, tasks: TaskBatch, needsQuery: Bool) throws(MetaLearningError) {
        guard layout.inputSize == tasks.inputSize, layout.outputSize == tasks.outputSize else {
            throw .networkTaskMismatch(
                networkInputs: layout.inputSize, networkOutputs: layout.outputSize,
                taskInputs: tasks.inputSize, taskOutputs: tasks.outputSize)
        }
        if needsQuery && tasks.querySize == 0 { throw .missingQuerySet }
    }

    /// Per-task values collected while `run` goes (allocating; only on request).
    struct DetailRecorder {
        var tasks: [MAMLTaskDetails] = []
    }

    /// The engine proper, on flat parameters (validated by the caller).
    /// With `order == nil` computes Reptile's direction and returns the mean
    /// support loss at θ; otherwise MAML's meta-gradient and returns the meta-loss.
    /// The meta-gradient (or direction) is left at `lastMetaGradient`.
    func run(
        theta theta0: UnsafePointer<Double>, layout: MLPLayout, tasks: TaskBatch, innerStepSize alpha: Double,
        innerSteps: Int, order: MAMLOrder?, details: inout DetailRecorder?
    ) -> Double {
        let tCount = tasks.taskCount, k = tasks.supportSize, q = tasks.querySize
        if innerSteps == 1, let order, details == nil {
            return runOneStep(theta: theta0, layout: layout, tasks: tasks, innerStepSize: alpha, order: order)
        }
        if workspace?.matches(
            layout: layout, activation: activation, taskCount: tCount, supportSize: k,
            querySize: q, innerSteps: innerSteps) != true
        {
            workspace = nil  // release the old arena before allocating the new one
            workspace = MAMLWorkspace(
                layout: layout, activation: activation, taskCount: tCount, supportSize: k,
                querySize: q, innerSteps: innerSteps)
        }
        let ws = workspace!
        lastMetaGradient = ws.metaGradient
        let p = layout.parameterCount
        precondition(fits(tasks, layout), "MAML workspace: rows \(tasks.inputSize) → \(tasks.outputSize)")
        copy(tasks.supportInputs, into: ws.supportX)
        copy(tasks.supportTargets, into: ws.supportY)
        copy(tasks.queryInputs, into: ws.queryX)
        copy(tasks.queryTargets, into: ws.queryY)
        ws.theta[0].values.update(from: theta0, count: p)
        ws.transposeWeights(ws.theta[0])

        // Inner loop: θ_{k+1} = θ_k − α ∇L_support(θ_k), per task.
        for step in 0..<innerSteps {
            let current = ws.theta[step], pass = ws.support[step]
            ws.forward(x: ws.supportX, rows: k, parameters: current, pass: pass)
            ws.seedLoss(y: ws.supportY, rows: k, pass: pass)
            ws.backward(
                x: ws.supportX, rows: k, parameters: current, pass: pass,
                gradient: ws.innerGradient[step], sumOverTasks: false)
            let next = ws.theta[step + 1], gradient = ws.innerGradient[step]
            for t in 0..<tCount {
                let from = current.values + t * current.taskStride, to = next.values + t * p,
                    g = gradient + t * p
                for i in 0..<p { to[i] = from[i] - alpha * g[i] }
            }
            ws.transposeWeights(next)
        }
        let adapted = ws.theta[innerSteps]
        let preSupport = Array(UnsafeBufferPointer(start: ws.support[0].loss, count: tCount))
        var postSupport: [Double] = []
        if details != nil {
            let pass = ws.support[innerSteps]
            ws.forward(x: ws.supportX, rows: k, parameters: adapted, pass: pass)
            ws.seedLoss(y: ws.supportY, rows: k, pass: pass)
            postSupport = Array(UnsafeBufferPointer(start: pass.loss, count: tCount))
        }

        guard let order else {
            // Reptile: (1/T) Σ_t (φ_t − θ).
            let direction = ws.metaGradient
            direction.initialize(repeating: 0, count: p)
            for t in 0..<tCount {
                let phi = adapted.values + t * p
                for i in 0..<p { direction[i] += phi[i] - theta0[i] }
            }
            for i in 0..<p { direction[i] /= Double(tCount) }
            return preSupport.reduce(0, +) / Double(tCount)
        }

        var preQuery: [Double] = []
        if details != nil {
            ws.forward(x: ws.queryX, rows: q, parameters: ws.theta[0], pass: ws.query)
            ws.seedLoss(y: ws.queryY, rows: q, pass: ws.query)
            preQuery = Array(UnsafeBufferPointer(start: ws.query.loss, count: tCount))
        }
        // Outer loss at θ′ and its gradient v_S per task.
        ws.forward(x: ws.queryX, rows: q, parameters: adapted, pass: ws.query)
        ws.seedLoss(y: ws.queryY, rows: q, pass: ws.query)
        ws.backward(
            x: ws.queryX, rows: q, parameters: adapted, pass: ws.query, gradient: ws.v, sumOverTasks: false)
        var metaLoss = 0.0
        for t in 0..<tCount { metaLoss += ws.query.loss[t] }
        metaLoss /= Double(tCount)
        let postQuery = Array(UnsafeBufferPointer(start: ws.query.loss, count: tCount))
        let firstOrder = details != nil ? (0..<tCount).map { layout.layers(from: ws.v + $0 * p) } : []

        var summedAtZero = false
        if order == .second {
            // v_k = v_{k+1} − α H_k v_{k+1}, from k = S−1 down to 0.
            for step in stride(from: innerSteps - 1, through: 0, by: -1) {
                for t in 0..<tCount { ws.transposeWeights(from: ws.v + t * p, into: ws.vTransposed + t * p) }
                if step == 0 && details == nil {
                    // Only Σ_t v_0,t is needed: fold the task sum into the weight products.
                    ws.hessianVectorProduct(
                        x: ws.supportX, parameters: ws.theta[0], pass: ws.support[0],
                        out: ws.hv, sumOverTasks: true)
                    let out = ws.metaGradient
                    for i in 0..<p { out[i] = -alpha * ws.hv[i] }
                    for t in 0..<tCount {
                        let vt = ws.v + t * p
                        for i in 0..<p { out[i] += vt[i] }
                    }
                    for i in 0..<p { out[i] /= Double(tCount) }
                    summedAtZero = true
                } else {
                    ws.hessianVectorProduct(
                        x: ws.supportX, parameters: ws.theta[step], pass: ws.support[step],
                        out: ws.hv, sumOverTasks: false)
                    for i in 0..<(tCount * p) { ws.v[i] -= alpha * ws.hv[i] }
                }
            }
        }
        if !summedAtZero {
            let out = ws.metaGradient
            out.initialize(repeating: 0, count: p)
            for t in 0..<tCount {
                let vt = ws.v + t * p
                for i in 0..<p { out[i] += vt[i] }
            }
            for i in 0..<p { out[i] /= Double(tCount) }
        }

        if details != nil {
            details!.tasks = (0..<tCount).map { t in
                MAMLTaskDetails(
                    preSupportLoss: preSupport[t], postSupportLoss: postSupport[t],
                    preQueryLoss: preQuery[t], postQueryLoss: postQuery[t],
                    innerGradients: (0..<innerSteps).map {
                        layout.layers(from: ws.innerGradient[$0] + t * p)
                    },
                    adaptedParametersAfterEachStep: (1...innerSteps).map {
                        layout.layers(from: ws.theta[$0].values + t * p)
                    },
                    metaGradient: layout.layers(from: ws.v + t * p),
                    firstOrderGradient: firstOrder[t])
            }
        }
        return metaLoss
    }

    /// The one-inner-step path (see `OneStepWorkspace`); leaves the meta-gradient in
    /// `metaGradientBuffer`.
    func runOneStep(
        theta: UnsafePointer<Double>, layout: MLPLayout, tasks: TaskBatch, innerStepSize alpha: Double,
        order: MAMLOrder
    ) -> Double {
        if oneStep?.matches(
            layout: layout, activation: activation, taskCount: tasks.taskCount,
            supportSize: tasks.supportSize, querySize: tasks.querySize, forms: oneStepForms) != true
            || oneStep?.chunk != min(taskChunkSize, tasks.taskCount)
        {
            oneStep = nil
            oneStep = OneStepWorkspace(
                layout: layout, activation: activation, taskCount: tasks.taskCount,
                supportSize: tasks.supportSize, querySize: tasks.querySize,
                chunk: min(taskChunkSize, tasks.taskCount), forms: oneStepForms)
        }
        let ws = oneStep!
        precondition(fits(tasks, layout), "one-step workspace: rows \(tasks.inputSize) → \(tasks.outputSize)")
        copy(tasks.supportInputs, into: ws.supportX)
        copy(tasks.supportTargets, into: ws.supportY)
        copy(tasks.queryInputs, into: ws.queryX)
        copy(tasks.queryTargets, into: ws.queryY)
        ws.theta.update(from: theta, count: layout.parameterCount)
        let loss = ws.run(innerStepSize: alpha, order: order)
        lastMetaGradient = ws.metaGradient
        return loss
    }

    /// Whether a batch's rows are as wide as the layout's input and output (the workspaces are
    /// matched on task counts and sizes, and their row buffers sized by the layout's widths).
    private func fits(_ tasks: TaskBatch, _ layout: MLPLayout) -> Bool {
        tasks.inputSize == layout.sizes[0] && tasks.outputSize == layout.sizes[layout.layerCount]
    }

    /// Where the last `run` left its meta-gradient (or Reptile direction), P numbers.
    private(set) var lastMetaGradient: UnsafeMutablePointer<Double>?

    private func copy(_ data: [Double], into out: UnsafeMutablePointer<Double>) {
        data.withUnsafeBufferPointer {
            if let base = $0.baseAddress { out.update(from: base, count: $0.count) }
        }
    }
}

/// One-shot MAML meta-gradient (see `MAMLEngine.metaGradient`); a loop should
/// keep one `MAMLEngine` instead, to reuse its memory.
public func mamlMetaGradient(
    parameters: [LayerParameters], activation: Activation, tasks: TaskBatch, configuration: MAMLConfiguration,
    taskDetails: Bool = false
) throws(MetaLearningError) -> MAMLResult {
    try MAMLEngine(activation: activation).metaGradient(
        parameters: parameters, tasks: tasks, configuration: configuration, taskDetails: taskDetails)
}

/// One-shot Reptile direction (see `MAMLEngine.reptileDirection`).
public func reptileDirection(
    parameters: [LayerParameters], activation: Activation, tasks: TaskBatch, innerStepSize: Double,
    innerSteps: Int,
    taskDetails: Bool = false
) throws(MetaLearningError) -> ReptileResult {
    try MAMLEngine(activation: activation).reptileDirection(
        parameters: parameters, tasks: tasks, innerStepSize: innerStepSize, innerSteps: innerSteps,
        taskDetails: taskDetails)
}
