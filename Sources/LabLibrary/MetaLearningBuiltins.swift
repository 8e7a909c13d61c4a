import Autodiff
import Diagnostics
import LabLang
import MetaLearning
import NeuralNets
import TaskData
import Tensors
import Terminal

// Meta-learning builtins: the MetaLearning engine (hand-derived batched MAML
// and Reptile; ANIL, Meta-SGD, pretraining and Prototypical Networks on Autodiff)
// bound to Lab values. Trainers draw a progress bar on a terminal and stop at
// Ctrl-C, returning what they learned so far.

/// The layers of a Model as plain parameters, and its activation.
func metaModel(_ v: Value, _ who: String) throws(Diagnostic) -> (
    parameters: [LayerParameters], activation: Activation
) {
    let m = try modelArgument(v, who)
    return (m.layers.map(\.values), m.activation)
}

func modelValue(_ parameters: [LayerParameters], activation: Activation) -> Value {
    .object(ModelObject(MLP(parameters: parameters, activation: activation)))
}

func layersValue(_ parameters: [LayerParameters]) -> Value {
    .list(parameters.map { .record(Record([("W", wrap($0.weight)), ("b", wrap($0.bias))])) })
}

func taskDistribution(_ v: Value, _ who: String) throws(Diagnostic) -> any TaskDistribution {
    guard case let .object(o) = v, let d = o as? TaskDistributionObject else {
        throw .lab(.type, "\(who) needs a TaskDistribution (like sinusoid_tasks()), found a \(v.typeName)")
    }
    return d.distribution
}

/// The MetaLearning module's parameter names as a learner types them in Lab: an error
/// names the keyword (`α = NaN`), not the Swift parameter (`innerStepSize = NaN`).
let metaKeywordNames = [
    "innerStepSize": "α", "stepSize": "α", "stepSizes": "α", "innerSteps": "inner_steps",
    "metaLearningRate": "β", "outerStepSize": "ε", "supportSize": "shots", "learningRate": "lr",
    "lambda": "λ", "priorVariance": "prior",
]

/// Located Lab errors for the engine's mistakes.
func metaError<T>(_ body: () throws(MetaLearningError) -> T) throws(Diagnostic) -> T {
    do { return try body() } catch {
        switch error {
        case let .invalidHyperparameter(name, value, requirement):
            let keyword = metaKeywordNames[name] ?? name
            throw .lab(
                .domain, "\(keyword) = \(formatNumber(value)) is not allowed: it must be \(requirement)")
        case let .networkTaskMismatch(ni, no, ti, to):
            throw .lab(
                .shape,
                "the model maps \(ni) inputs to \(no) outputs but the tasks have \(ti) inputs and \(to) outputs"
            )
        case let .taskShapeMismatch(task, part, expected, actual):
            throw .lab(
                .shape,
                "task \(task + 1): \(part) should be \(describeShape(expected)), found \(describeShape(actual))"
            )
        case let .dataCountMismatch(part, expected, actual):
            throw .lab(.shape, "\(part): expected \(expected) numbers, found \(actual)")
        case let .layerWidthMismatch(layer, expected, actual):
            throw .lab(
                .shape, "layer \(layer + 1) takes \(actual) inputs but the previous layer gives \(expected)")
        case let .unsupportedActivation(name):
            throw .lab(.domain, "the activation \(name) has no second derivative in the MAML engine")
        case .emptyNetwork: throw .lab(.domain, "the model has no layers")
        case .emptyTaskBatch: throw .lab(.domain, "at least one task is needed")
        case .missingQuerySet: throw .lab(.domain, "MAML needs query points in every task")
        }
    }
}

/// Throws `limit` when an inner loop would keep too many numbers. The engines keep every
/// inner step's activations: about (steps + 1) × tasks × points × (the layer widths summed),
/// so `inner_steps = 10^9` asked for terabytes and aborted the process.
func checkInnerLoop(
    steps: Int, tasks: Int, points: Int, _ theta: [LayerParameters]
) throws(Diagnostic) {
    let widths = (theta.first?.inputSize ?? 0) + theta.reduce(0) { $0 + $1.weight.shape[1] }
    let kept = Double(steps + 1) * Double(tasks) * Double(Swift.max(points, 1)) * Double(widths)
    guard kept > Double(elementLimit) else { return }
    throw .lab(
        .limit,
        "inner_steps = \(steps) on \(tasks) tasks of \(points) points would keep about "
            + "\(formatNumber(kept.rounded())) numbers; the limit is \(elementLimit): take fewer inner steps")
}

/// Runs a training loop with a progress bar (terminal only) and the interrupt flag.
func metaTraining(
    _ interp: Interpreter, label: String, iterations: Int, _ body: (@escaping MetaProgress) throws -> [Double]
) throws -> [Double] {
    let bar = ProgressBar(
        total: iterations, label: label,
        context: TerminalContext(colorMode: .none, ascii: interp.options.ascii, width: interp.options.width))
    var finished = false
    defer { if !finished { bar.finish() } }
    let history: [Double]
    do {
        history = try body { i, _, loss in
            bar.update(completed: i, value: ("loss", loss))
            return !interp.interruptRequested
        }
    } catch let error as MetaLearningError {
        // Thrown from inside the loop (a model of the wrong input size, met at the first
        // batch): said as a located Lab error, not as the Swift value
        // `networkTaskMismatch(networkInputs: 2, …)`.
        return try metaError { () throws(MetaLearningError) -> [Double] in throw error }
    }
    // The stop stays pending: the trainer returns what it learned, and the rest of the command does not run.
    let stopped = interp.interruptRequested && history.count < iterations
    finished = true
    bar.finish(
        note: stopped
            ? interp.lab.trainingStopped(
                Message.trainingStoppedAtIteration.localized(label, "\(history.count)", "\(iterations)"))
            : nil)
    return history
}

/// Keyword readers with defaults.
struct MetaKeywords {
    let a: Arguments
    func number(_ name: String, _ fallback: Double) throws(Diagnostic) -> Double {
        try a.keyword(name, double) ?? fallback
    }
    func count(_ name: String, _ fallback: Int) throws(Diagnostic) -> Int {
        try a.keyword(name, size) ?? fallback
    }
    func flag(_ name: String, _ fallback: Bool) throws(Diagnostic) -> Bool {
        try a.keyword(name, bool) ?? fallback
    }
}

/// What the gradient-based meta-trainers (maml, anil, metasgd) share: the model,
/// the task distribution and the MAML keywords, read once, plus the meta-batch
/// sampler and the `(model, history)` result they all return.
struct MetaTrainingSetup {
    let theta: [LayerParameters]
    let activation: Activation
    let distribution: any TaskDistribution
    let alpha: Double, beta: Double
    let innerSteps: Int, metaBatch: Int, iterations: Int, shots: Int
    let order: MAMLOrder

    init(_ a: Arguments, _ builtin: String) throws(Diagnostic) {
        try a.expect(2)
        (theta, activation) = try metaModel(a[0], builtin)
        distribution = try taskDistribution(a[1], builtin)
        let k = MetaKeywords(a: a)
        (alpha, beta) = (try k.number("α", 0.01), try k.number("β", 0.001))
        (innerSteps, metaBatch) = (try k.count("inner_steps", 1), try k.count("meta_batch", 25))
        (iterations, shots) = (try k.count("iterations", 1000), try k.count("shots", 10))
        order = try k.flag("first_order", false) ? .first : .second
        try checkLimit([metaBatch, shots])
        try checkInnerLoop(steps: innerSteps, tasks: metaBatch, points: shots, theta)
    }

    /// Draws a meta-batch of `metaBatch` tasks (K = shots support and query points) from the lesson's generator.
    func sampler(_ host: LabHost) -> (Int) throws -> TaskBatch {
        { [distribution, metaBatch, shots] _ in
            try metaError { () throws(MetaLearningError) in
                try trainingBatch(
                    from: distribution, count: metaBatch, shots: shots, queryShots: shots,
                    using: &host.generator)
            }
        }
    }

    /// `(model = …, <extra fields>, history = (loss = …))`.
    func result(_ parameters: [LayerParameters], history: [Double], extra: [(String, Value)] = []) -> Value {
        .record(
            Record(
                [("model", modelValue(parameters, activation: activation))] + extra
                    + [("history", .record(Record([("loss", wrap(Tensor(history)))])))]))
    }
}

/// An N×1 Matrix from a Vector (points as rows), a Matrix unchanged.
func pointRows(_ v: Value, _ what: String) throws(Diagnostic) -> Tensor {
    let t = try tensor(v, what)
    switch t.rank {
    case 0: return Tensor(shape: [1, 1], scalars: t.scalars)
    case 1: return Tensor(shape: [t.count, 1], scalars: t.scalars)
    case 2: return t
    default:
        throw .lab(
            .shape,
            "\(what) must be a Vector or a Matrix whose rows are points, found \(describeShape(t.shape))")
    }
}

/// Tasks from a List of (support_x, support_y, query_x, query_y) Records.
func regressionTasks(_ v: Value, _ who: String) throws(Diagnostic) -> [RegressionTask] {
    guard case let .list(items) = v, !items.isEmpty else {
        throw .lab(
            .type,
            "\(who) needs a non-empty List of (support_x, support_y, query_x, query_y) Records, found a \(v.typeName)"
        )
    }
    return try items.enumerated().map { (i, item) throws(Diagnostic) in
        guard case let .record(r) = item, let sx = r["support_x"], let sy = r["support_y"],
            let qx = r["query_x"], let qy = r["query_y"]
        else {
            throw .lab(
                .type, "task \(i + 1) must be a Record with fields support_x, support_y, query_x, query_y")
        }
        return RegressionTask(
            supportInputs: try pointRows(sx, "support_x"), supportTargets: try pointRows(sy, "support_y"),
            queryInputs: try pointRows(qx, "query_x"), queryTargets: try pointRows(qy, "query_y"))
    }
}

/// Features and integer labels of a data set Record (as dataset(...) gives).
func labelledData(_ v: Value, _ who: String) throws(Diagnostic) -> (Tensor, [Int]) {
    guard case let .record(r) = v, let xv = r["X"], let yv = r["y"] else {
        throw .lab(
            .type,
            "\(who) needs a data set Record with fields X and y (as dataset(...) returns), found a \(v.typeName)"
        )
    }
    let x = try tensor(xv, "X"), y = try tensor(yv, "y")
    guard x.rank == 2, y.count == x.shape[0], y.rank == 1 else {
        throw .lab(
            .shape,
            "\(who) needs X (N×D) and a Vector y of N class labels, found \(describeShape(x.shape)) and \(describeShape(y.shape))"
        )
    }
    return (
        x,
        try y.scalars.map { v throws(Diagnostic) -> Int in
            guard v == v.rounded() else {
                throw .lab(.domain, "\(who): the label \(formatNumber(v)) is not a whole number")
            }
            return Int(v)
        }
    )
}

func episodeSampler(_ a: Arguments, _ x: Tensor, _ labels: [Int], kShotDefault: Int) throws(Diagnostic)
    -> (nWay: Int, kShot: Int, queries: Int, classes: [Int]?)
{
    let k = MetaKeywords(a: a)
    let classes = try a.keyword("classes").map { v throws(Diagnostic) in
        try tensor(v, "classes").scalars.map { Int($0) }
    }
    let (n, s, q) = (
        try k.count("n_way", 5), try k.count("k_shot", kShotDefault), try k.count("q_queries", 10)
    )
    try checkLimit([n * (s + q), x.shape[1]])
    return (n, s, q, classes)
}

func registerMetaLearning(_ r: inout Registry) {
    r.define(
        "maml", keywords: ["α", "β", "inner_steps", "meta_batch", "iterations", "shots", "first_order"],
        signature:
            "maml(model, dist; α = 0.01, β = 0.001, inner_steps = 1, meta_batch = 25, iterations = 1000, shots = 10, first_order = false)",
        summary:
            "Model-agnostic meta-learning (Finn, Abbeel & Levine 2017): learns an initialisation θ from which inner_steps gradient steps of size α on K = shots points fit a new task; Adam with step β on the meta-loss over meta_batch tasks (K support and K query points each). inner_steps = 0 trains the non-adaptive (pretrained) baseline on the same data. Returns (model, history = (loss = Vector)); Ctrl-C stops early keeping θ.",
        formula:
            "\\min_\\theta \\sum_{\\mathcal T_i} \\mathcal L_{\\mathcal T_i}\\big(\\theta - \\alpha \\nabla_\\theta \\mathcal L_{\\mathcal T_i}(\\theta)\\big)",
        example:
            "seed(0); r = maml(mlp([1, 8, 1]; activation = \"tanh\"), sinusoid_tasks(); iterations = 3, meta_batch = 2); length(r.history.loss)"
    ) { a, interp in
        let setup = try MetaTrainingSetup(a, "maml")
        let (theta, activation, beta, iterations) = (
            setup.theta, setup.activation, setup.beta, setup.iterations
        )
        let sample = setup.sampler(interp.lab)
        let learned: [LayerParameters], history: [Double]
        if setup.innerSteps == 0 {
            let trainer = try metaError { () throws(MetaLearningError) in
                try GradientMetaTrainer(
                    parameters: theta, activation: activation, method: .pretraining, metaLearningRate: beta)
            }
            history = try metaTraining(interp, label: "pretrain", iterations: iterations) {
                try trainer.train(iterations: iterations, sampleTasks: sample, progress: $0)
            }
            learned = trainer.parameters
        } else {
            let trainer = try metaError { () throws(MetaLearningError) in
                try MAMLTrainer(
                    parameters: theta, activation: activation,
                    method: .maml(
                        MAMLConfiguration(
                            innerStepSize: setup.alpha, innerSteps: setup.innerSteps,
                            order: setup.order)),
                    metaLearningRate: beta)
            }
            history = try metaTraining(interp, label: "maml", iterations: iterations) { progress in
                try trainer.train(iterations: iterations, sampleTasks: sample) { i, loss in
                    progress(i, iterations, loss)
                }
            }
            learned = trainer.parameters
        }
        return setup.result(learned, history: history)
    }
    r.define(
        "reptile", keywords: ["ε", "α", "inner_steps", "meta_batch", "iterations", "shots"],
        signature:
            "reptile(model, dist; ε = 0.1, α = 0.02, inner_steps = 5, meta_batch = 1, iterations = 1000, shots = 10)",
        summary:
            "Reptile (Nichol, Achiam & Schulman 2018): inner_steps SGD steps of size α on each task's K = shots points give φ; θ moves a fraction ε towards the mean φ over meta_batch tasks (1: serial Reptile; more: batched). Returns (model, history = (loss = mean support loss before adapting)).",
        formula: "\\theta \\leftarrow \\theta + \\epsilon\\,\\frac{1}{n}\\sum_i (\\phi_i - \\theta)",
        example:
            "seed(0); r = reptile(mlp([1, 8, 1]; activation = \"tanh\"), sinusoid_tasks(); iterations = 3); length(r.history.loss)"
    ) { a, interp in
        try a.expect(2)
        let (theta, activation) = try metaModel(a[0], "reptile")
        let dist = try taskDistribution(a[1], "reptile")
        let k = MetaKeywords(a: a)
        let (epsilon, alpha) = (try k.number("ε", 0.1), try k.number("α", 0.02))
        let (steps, batch, iterations, shots) = (
            try k.count("inner_steps", 5), try k.count("meta_batch", 1),
            try k.count("iterations", 1000), try k.count("shots", 10)
        )
        try checkLimit([batch, shots])
        try checkInnerLoop(steps: steps, tasks: batch, points: shots, theta)
        let trainer = try metaError { () throws(MetaLearningError) in
            try MAMLTrainer(
                parameters: theta, activation: activation,
                method: .reptile(innerStepSize: alpha, innerSteps: steps, outerStepSize: epsilon))
        }
        let host = interp.lab
        let history = try metaTraining(interp, label: "reptile", iterations: iterations) { progress in
            try trainer.train(
                iterations: iterations,
                sampleTasks: { _ in
                    try metaError { () throws(MetaLearningError) in
                        try trainingBatch(
                            from: dist, count: batch, shots: shots, queryShots: 0, using: &host.generator)
                    }
                }
            ) { i, loss in progress(i, iterations, loss) }
        }
        return .record(
            Record([
                ("model", modelValue(trainer.parameters, activation: activation)),
                ("history", .record(Record([("loss", wrap(Tensor(history)))]))),
            ]))
    }
    r.define(
        "anil", keywords: ["α", "β", "inner_steps", "meta_batch", "iterations", "shots", "first_order"],
        signature:
            "anil(model, dist; α = 0.01, β = 0.001, inner_steps = 1, meta_batch = 25, iterations = 1000, shots = 10, first_order = false)",
        summary:
            "ANIL, Almost No Inner Loop (Raghu et al. 2020): MAML whose inner loop adapts only the last layer (the head); the outer loop trains every layer. Returns (model, history).",
        formula:
            "\\theta_{\\text{head}}' = \\theta_{\\text{head}} - \\alpha \\nabla_{\\theta_{\\text{head}}} \\mathcal L^{tr}_{\\mathcal T_i}(\\theta_{\\text{body}}, \\theta_{\\text{head}})",
        example:
            "seed(0); r = anil(mlp([1, 8, 1]; activation = \"tanh\"), sinusoid_tasks(); iterations = 2, meta_batch = 2); length(r.history.loss)"
    ) { a, interp in
        let setup = try MetaTrainingSetup(a, "anil")
        let trainer = try metaError { () throws(MetaLearningError) in
            try GradientMetaTrainer(
                parameters: setup.theta, activation: setup.activation,
                method: .anil(innerStepSize: setup.alpha, innerSteps: setup.innerSteps, order: setup.order),
                metaLearningRate: setup.beta)
        }
        let sample = setup.sampler(interp.lab)
        let history = try metaTraining(interp, label: "anil", iterations: setup.iterations) { progress in
            try trainer.train(iterations: setup.iterations, sampleTasks: sample, progress: progress)
        }
        return setup.result(trainer.parameters, history: history)
    }
    r.define(
        "metasgd", keywords: ["α", "β", "meta_batch", "iterations", "shots"],
        signature:
            "metasgd(model, dist; α = 0.01, β = 0.001, meta_batch = 25, iterations = 1000, shots = 10)",
        summary:
            "Meta-SGD (Li et al. 2017): one inner step θ − α ∘ ∇L with a step size per parameter, learned with θ (α starts at the given number). Returns (model, alpha = per-parameter steps shaped like params(model), history).",
        formula:
            "\\theta_i' = \\theta - \\boldsymbol\\alpha \\circ \\nabla_\\theta \\mathcal L^{tr}_{\\mathcal T_i}(\\theta), \\quad \\min_{\\theta, \\boldsymbol\\alpha} \\sum_i \\mathcal L^{ts}_{\\mathcal T_i}(\\theta_i')",
        example:
            "seed(0); r = metasgd(mlp([1, 8, 1]; activation = \"tanh\"), sinusoid_tasks(); iterations = 2, meta_batch = 2); size(r.alpha[1].W)"
    ) { a, interp in
        let setup = try MetaTrainingSetup(a, "metasgd")
        let trainer = try metaError { () throws(MetaLearningError) in
            try GradientMetaTrainer(
                parameters: setup.theta, activation: setup.activation,
                method: .metaSGD(initialStepSize: setup.alpha), metaLearningRate: setup.beta)
        }
        let sample = setup.sampler(interp.lab)
        let history = try metaTraining(interp, label: "metasgd", iterations: setup.iterations) { progress in
            try trainer.train(iterations: setup.iterations, sampleTasks: sample, progress: progress)
        }
        return setup.result(
            trainer.parameters, history: history, extra: [("alpha", layersValue(trainer.stepSizes!))])
    }
    r.define(
        "adapt", keywords: ["steps", "α", "first_order", "head_only"],
        signature: "adapt(model, x, y; steps = 1, α = 0.01, first_order = false, head_only = false)",
        summary:
            "The inner loop as a function: the Model after `steps` gradient steps of size α on the mean squared error of (x, y) (rows are points; a Vector is a column of points). head_only adapts the last layer only (ANIL). The result holds constants (first_order is accepted for symmetry with maml_grad: the adapted values are the same).",
        formula: "\\theta_{k+1} = \\theta_k - \\alpha \\nabla_\\theta \\mathcal L(\\theta_k)",
        example:
            "seed(0); m = mlp([1, 4, 1]); x = [0.0, 1.0]; mse(adapt(m, x, 2x; steps = 5, alpha = 0.1)(x), 2x) < mse(m(x), 2x)"
    ) { a, _ in
        try a.expect(3)
        let (theta, activation) = try metaModel(a[0], "adapt")
        let k = MetaKeywords(a: a)
        let x = try pointRows(a[1], "x"), y = try pointRows(a[2], "y")
        let steps = try k.count("steps", 1), alpha = try k.number("α", 0.01)
        _ = try k.flag("first_order", false)
        let headOnly = try k.flag("head_only", false)
        let adapted = try metaError { () throws(MetaLearningError) in
            try adapt(
                theta, activation: activation, inputs: x, targets: y, steps: steps, stepSize: alpha,
                layers: headOnly ? .last : .all)
        }
        return modelValue(adapted, activation: activation)
    }
    r.define(
        "maml_grad", keywords: ["α", "inner_steps", "first_order", "meta_batch", "shots"],
        signature:
            "maml_grad(model, batch_or_dist; α = 0.01, inner_steps = 1, first_order = false, meta_batch = 25, shots = 10)",
        summary:
            "The MAML meta-loss and its gradient (second order, or first order: FOMAML) at the Model's parameters, from the hand-derived engine. batch is a List of (support_x, support_y, query_x, query_y) Records; a TaskDistribution samples meta_batch tasks of K = shots support and query points. Returns (loss, grad = List of (W, b) like params(model)).",
        formula:
            "\\nabla_\\theta \\frac{1}{n}\\sum_i \\mathcal L^{ts}_i(\\theta_i'), \\quad \\theta_i' = \\theta - \\alpha \\nabla_\\theta \\mathcal L^{tr}_i(\\theta)",
        example:
            "seed(0); r = maml_grad(mlp([1, 4, 1]; activation = \"tanh\"), sinusoid_tasks(); meta_batch = 2, shots = 5); r.loss > 0"
    ) { a, interp in
        try a.expect(2)
        let (theta, activation) = try metaModel(a[0], "maml_grad")
        let k = MetaKeywords(a: a)
        let alpha = try k.number("α", 0.01), steps = try k.count("inner_steps", 1)
        let order: MAMLOrder = try k.flag("first_order", false) ? .first : .second
        let tasks: TaskBatch
        if case let .object(o) = a[1], o is TaskDistributionObject {
            let dist = try taskDistribution(a[1], "maml_grad")
            let (batch, shots) = (try k.count("meta_batch", 25), try k.count("shots", 10))
            try checkLimit([batch, shots])
            let host = interp.lab
            tasks = try metaError { () throws(MetaLearningError) in
                try trainingBatch(
                    from: dist, count: batch, shots: shots, queryShots: shots, using: &host.generator)
            }
        } else {
            let list = try regressionTasks(a[1], "maml_grad")
            tasks = try metaError { () throws(MetaLearningError) in try TaskBatch(tasks: list) }
        }
        try checkInnerLoop(steps: steps, tasks: tasks.taskCount, points: tasks.supportSize, theta)
        let result = try metaError { () throws(MetaLearningError) in
            try MAMLEngine(activation: activation).metaGradient(
                parameters: theta, tasks: tasks,
                configuration: MAMLConfiguration(innerStepSize: alpha, innerSteps: steps, order: order))
        }
        return .record(
            Record([("loss", .number(result.metaLoss)), ("grad", layersValue(result.metaGradient))]))
    }
    r.define(
        "evaluate", keywords: ["shots", "steps", "α", "n_tasks", "head_only"],
        signature:
            "evaluate(model, dist; shots = 10, steps = [0, 1, 10], α = 0.01, n_tasks = 100, head_only = false)",
        summary:
            "Few-shot regression scored as in Finn et al. 2017: on n_tasks new tasks, adapt on K = shots points and measure the MSE on 100 evenly spaced points over the task's x range, after each number of steps. Returns (steps, mse = means, ci = 95% half-widths 1.96 s/√n).",
        formula: "\\overline{\\mathrm{MSE}}_s \\pm 1.96\\, \\frac{s}{\\sqrt{n}}",
        example:
            "seed(0); e = evaluate(mlp([1, 8, 1]; activation = \"tanh\"), sinusoid_tasks(); n_tasks = 5); length(e.mse)"
    ) { a, interp in
        try a.expect(2)
        let (theta, activation) = try metaModel(a[0], "evaluate")
        let dist = try taskDistribution(a[1], "evaluate")
        let k = MetaKeywords(a: a)
        let shots = try k.count("shots", 10), n = try k.count("n_tasks", 100), alpha = try k.number("α", 0.01)
        let steps =
            try a.keyword("steps").map { v throws(Diagnostic) in
                try tensor(v, "steps").scalars.map { s throws(Diagnostic) -> Int in
                    guard s >= 0, s == s.rounded(), s < 1e6 else {
                        throw .lab(.domain, "steps must be whole numbers ≥ 0, found \(formatNumber(s))")
                    }
                    return Int(s)
                }
            } ?? [0, 1, 10]
        try checkLimit([n, shots])
        let host = interp.lab
        let headOnly = try k.flag("head_only", false)
        let result = try metaError { () throws(MetaLearningError) in
            let tasks = try evaluationTasks(from: dist, count: n, shots: shots, using: &host.generator)
            return try evaluateAdaptation(
                theta, activation: activation, tasks: tasks, steps: steps, stepSize: alpha,
                layers: headOnly ? .last : .all)
        }
        return .record(
            Record([
                ("steps", wrap(steps.map(Double.init))), ("mse", wrap(result.map(\.mean))),
                ("ci", wrap(result.map(\.halfWidth))),
            ]))
    }
    r.define(
        "protonet", keywords: ["n_way", "k_shot", "q_queries", "classes", "iterations", "lr"],
        signature:
            "protonet(encoder, data; n_way = 5, k_shot = 5, q_queries = 10, classes = all, iterations = 1000, lr = 0.001)",
        summary:
            "Prototypical Networks (Snell, Swersky & Zemel 2017): trains the encoder Model episode by episode (Adam, step lr) so that queries are nearest to their class prototype, the mean embedding of the class's support points. data is a Record (X, y) as dataset gives; classes restricts the labels episodes draw from. Returns (model, history = (loss = Vector)).",
        formula:
            "p(y = k \\mid x) = \\frac{\\exp(-\\lVert f_\\phi(x) - c_k \\rVert^2)}{\\sum_{k'} \\exp(-\\lVert f_\\phi(x) - c_{k'} \\rVert^2)}, \\quad c_k = \\frac{1}{|S_k|}\\sum_{x_i \\in S_k} f_\\phi(x_i)",
        example:
            "seed(0); d = (X = [0 0; 0 1; 5 5; 5 6; 9 0; 9 1], y = [1, 1, 2, 2, 3, 3]); r = protonet(mlp([2, 4]), d; n_way = 2, k_shot = 1, q_queries = 1, iterations = 3); length(r.history.loss)"
    ) { a, interp in
        try a.expect(2)
        let (theta, activation) = try metaModel(a[0], "protonet")
        let (x, labels) = try labelledData(a[1], "protonet")
        let (nWay, kShot, queries, classes) = try episodeSampler(a, x, labels, kShotDefault: 5)
        let k = MetaKeywords(a: a)
        let iterations = try k.count("iterations", 1000), lr = try k.number("lr", 0.001)
        let trainer = try metaError { () throws(MetaLearningError) in
            try PrototypicalTrainer(encoder: MLP(parameters: theta, activation: activation), learningRate: lr)
        }
        let host = interp.lab
        let history = try metaTraining(interp, label: "protonet", iterations: iterations) { progress in
            try trainer.train(
                iterations: iterations,
                sampleEpisode: { _ in
                    try dataError { () throws(DataError) in
                        try sampleEpisodes(
                            features: x, labels: labels, nWay: nWay, kShot: kShot, queries: queries,
                            classes: classes,
                            count: 1, using: &host.generator)[0]
                    }
                }, progress: progress)
        }
        return .record(
            Record([
                ("model", modelValue(trainer.encoder.parameters, activation: activation)),
                ("history", .record(Record([("loss", wrap(Tensor(history)))]))),
            ]))
    }
    r.define(
        "proto_accuracy", keywords: ["n_way", "k_shot", "q_queries", "classes", "n_episodes"],
        signature:
            "proto_accuracy(encoder_or_nothing, data; n_way = 5, k_shot = 1, q_queries = 10, classes = all, n_episodes = 100)",
        summary:
            "Mean query accuracy of the prototype rule over n_episodes N-way K-shot episodes, with its 95% interval; `nothing` as the encoder classifies raw features. Returns (mean, ci).",
        formula: "\\hat y = \\arg\\min_k \\lVert f(x) - c_k \\rVert^2",
        example:
            "seed(0); d = (X = [0 0; 0 1; 5 5; 5 6; 9 0; 9 1], y = [1, 1, 2, 2, 3, 3]); proto_accuracy(nothing, d; n_way = 3, k_shot = 1, q_queries = 1, n_episodes = 5).mean"
    ) { a, interp in
        try a.expect(2)
        var encoder: MLP? = nil
        if case .nothing = a[0] {
        } else {
            let (theta, activation) = try metaModel(a[0], "proto_accuracy")
            encoder = MLP(parameters: theta, activation: activation)
        }
        let (x, labels) = try labelledData(a[1], "proto_accuracy")
        let (nWay, kShot, queries, classes) = try episodeSampler(a, x, labels, kShotDefault: 1)
        let n = try MetaKeywords(a: a).count("n_episodes", 100)
        try checkLimit([n])
        let host = interp.lab
        let episodes = try dataError { () throws(DataError) in
            try sampleEpisodes(
                features: x, labels: labels, nWay: nWay, kShot: kShot, queries: queries, classes: classes,
                count: n, using: &host.generator)
        }
        let result = try metaError { () throws(MetaLearningError) in
            try PrototypicalNetworks.accuracy(encoder: encoder, episodes: episodes)
        }
        return .record(Record([("mean", .number(result.mean)), ("ci", .number(result.halfWidth))]))
    }
    r.define(
        "ridge_meta", keywords: ["λ", "prior"],
        signature: "ridge_meta(tasks; λ = 1) or ridge_meta(X, y; prior, λ = 1)",
        summary:
            "Closed-form meta ridge regression. With a List of (support_x, support_y, query_x, query_y) tasks: the prior mean μ minimising the query error after ridge adaptation towards μ on each support set (exact: each adapted w is affine in μ); returns (mu, weights = the adapted w per task). With X, y: ridge regression towards `prior` (zero by default), the MAP under w ~ 𝒩(μ, τ²I) with λ = σ²/τ².",
        formula:
            "w_t(\\mu) = (X_t^\\top X_t + \\lambda I)^{-1}(X_t^\\top y_t + \\lambda \\mu), \\quad \\mu^\\star = \\arg\\min_\\mu \\sum_t \\lVert y^{q}_t - X^{q}_t w_t(\\mu) \\rVert^2",
        example: "ridge_meta([1 0; 0 1; 1 1], [1, 2, 3]; prior = [1, 2], λ = 10)"
    ) { a, _ in
        try a.expect(1...2)
        let lambda = try MetaKeywords(a: a).number("λ", 1)
        if a.count == 2 {
            let x = try pointRows(a[0], "X")
            let y = try pointRows(a[1], "y")
            let prior = try a.keyword("prior").map { v throws(Diagnostic) in
                let p = try tensor(v, "prior")
                return Tensor(
                    shape: [x.shape[1], y.shape[1]],
                    scalars: p.count == x.shape[1] * y.shape[1]
                        ? p.scalars
                        : try { () throws(Diagnostic) -> [Double] in
                            throw .lab(
                                .shape,
                                "prior must have \(x.shape[1] * y.shape[1]) elements, found \(describeShape(p.shape))"
                            )
                        }())
            }
            let w = try metaError { () throws(MetaLearningError) in
                try ClosedForms.ridge(x, y, prior: prior, lambda: lambda)
            }
            let vectorTarget = try tensor(a[1], "y").rank == 1
            return wrap(vectorTarget ? Tensor(w.scalars) : w)
        }
        let tasks = try regressionTasks(a[0], "ridge_meta")
        let mu = try metaError { () throws(MetaLearningError) in
            try ClosedForms.metaRidgePrior(tasks: tasks, lambda: lambda)
        }
        let weights = try tasks.map { t throws(Diagnostic) in
            wrap(
                try metaError { () throws(MetaLearningError) in
                    try ClosedForms.ridge(t.supportInputs, t.supportTargets, prior: mu, lambda: lambda)
                })
        }
        return .record(Record([("mu", wrap(mu)), ("weights", .list(weights))]))
    }
}
