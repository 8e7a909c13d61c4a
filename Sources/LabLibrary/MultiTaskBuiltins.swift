import Autodiff
import Diagnostics
import LabLang
import MultiTask
import NeuralNets
import TaskData
import Tensors
import Terminal

/// A multi-task network made by `multitask(...)`; `net(x)` gives a List of
/// every task's prediction, `net(x, i)` task i's.
final class MultiTaskNetObject: LabObject, DisplayableObject, CallableObject, MemberAccessible {
    let network: MultiTaskNetwork
    init(_ network: MultiTaskNetwork) { self.network = network }
    var typeName: String { "MultiTaskModel" }
    func display(options: DisplayOptions) -> String { inline }
    var inline: String {
        let sharing: String
        switch network.sharing {
        case .hard: sharing = "hard sharing"
        case let .soft(penalty, strength):
            sharing =
                "soft sharing (\(penalty == .toMean ? "L2 to the mean" : "pairwise L2"), λ = \(formatNumber(strength)))"
        case .crossStitch: sharing = "cross-stitch"
        case let .mixtureOfExperts(e): sharing = "MMoE with \(e) experts"
        }
        let trunk = [network.inputSize] + network.trunks[0].map(\.outputSize)
        let heads = network.heads.map { h in
            ([h[0].inputSize] + h.map(\.outputSize)).map(String.init).joined(separator: " → ")
        }
        return
            "MultiTaskModel: \(network.taskCount) tasks, \(sharing), trunk \(trunk.map(String.init).joined(separator: " → ")), "
            + "heads \(heads.joined(separator: "; ")), \(network.activation.rawValue), \(network.parameterCount) parameters"
    }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try arguments.expect(1...2)
        var x = try tensor(arguments[0], "the input")
        if x.rank <= 1 {
            x = try tensorOp { () throws(TensorError) in
                try network.inputSize == 1 ? x.reshaped([x.count, 1]) : x.reshaped([1, x.count])
            }
        }
        guard x.rank == 2, x.shape[1] == network.inputSize else {
            throw Diagnostic.lab(
                .shape,
                "the network takes \(network.inputSize) inputs per point (columns), found \(describeShape(x.shape))"
            )
        }
        let inputs = x
        let outputs = try tensorOp { () throws(TensorError) in
            try network.predict([Tensor](repeating: inputs, count: network.taskCount))
        }
        if arguments.count == 2 {
            let i = try integer(arguments[1], "the task index")
            guard i >= 1 && i <= network.taskCount else {
                throw Diagnostic.lab(
                    .index, "task \(i) is out of range: the network has tasks 1…\(network.taskCount)")
            }
            return wrap(outputs[i - 1])
        }
        return .list(outputs.map { wrap($0) })
    }

    func member(_ name: String) throws -> Value {
        func layers(_ ls: [LayerParameters]) -> Value {
            .list(ls.map { .record(Record([("W", wrap($0.weight)), ("b", wrap($0.bias))])) })
        }
        switch name {
        case "trunk", "trunks":
            if name == "trunk", network.trunks.count == 1 { return layers(network.trunks[0]) }
            return .list(network.trunks.map(layers))
        case "heads": return .list(network.heads.map(layers))
        case "stitches": return .list(network.stitches.map { wrap($0) })
        case "gates": return layers(network.gates)
        default:
            throw Diagnostic.lab(
                .name,
                "a MultiTaskModel has fields .trunk (.trunks), .heads, .stitches and .gates, not .\(name)")
        }
    }
}

/// A toy landscape made by `toy_landscape(name)`: callable on θ (2 numbers) → [L₁, L₂].
final class ToyLandscapeObject: LabObject, DisplayableObject, CallableObject, MemberAccessible {
    let landscape: ToyLandscape
    init(_ landscape: ToyLandscape) { self.landscape = landscape }
    var typeName: String { "ToyLandscape" }
    func display(options: DisplayOptions) -> String { inline }
    var inline: String { landscape.description }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        let theta = try point(arguments)
        return wrap(landscape.losses(at: theta))
    }

    func member(_ name: String) throws -> Value {
        switch name {
        case "starts": return wrap(Tensor(rows: landscape.startingPoints.map { [$0.0, $0.1] }))
        case "grad":
            let landscape = self.landscape
            return .function(
                .builtin(
                    Builtin(name: "grad", doc: nil) { a, _ in
                        wrap(landscape.gradients(at: try point(a)))
                    }))
        default: throw Diagnostic.lab(.name, "a ToyLandscape has fields .starts and .grad, not .\(name)")
        }
    }
}

/// θ from `f(θ)` or `f(θ₁, θ₂)`.
func point(_ a: Arguments) throws(Diagnostic) -> (Double, Double) {
    try a.expect(1...2)
    if a.count == 2 { return (try double(a[0], "θ₁"), try double(a[1], "θ₂")) }
    let t = try tensor(a[0], "θ")
    guard t.count == 2 else {
        throw .lab(.shape, "a toy landscape takes θ = [θ₁, θ₂], found \(describeShape(t.shape))")
    }
    return (t.scalars[0], t.scalars[1])
}

/// A T×d gradient matrix argument (a Vector counts as one task).
func gradientMatrix(_ v: Value, _ name: String) throws(Diagnostic) -> Tensor {
    let g = try tensor(v, "G")
    if g.rank == 2 && g.shape[0] >= 1 { return g }
    throw .lab(
        .shape,
        "\(name) needs a T×d Matrix G whose rows are the task gradients, found \(describeShape(g.shape))")
}

func multiTaskError<T>(_ body: () throws(MultiTaskError) -> T) throws(Diagnostic) -> T {
    do { return try body() } catch {
        switch error {
        case .tensor(let e): throw labError(e)
        case .taskCountMismatch: throw .lab(.shape, error.description)
        case .needsHardSharing, .invalidOption: throw .lab(.domain, error.description)
        }
    }
}

/// The task data of `train_multitask`: a List of (x, y) Records, or one
/// Record (x, y) whose T columns of y are T regression tasks on the same x.
func multiTaskExamples(_ v: Value, tasks: Int, loss: String) throws(Diagnostic) -> [TaskExamples] {
    func column(_ t: Tensor) throws(Diagnostic) -> Tensor {
        t.rank == 1 ? try tensorOp { () throws(TensorError) in try t.reshaped([t.count, 1]) } : t
    }
    func examples(_ r: Record, _ which: String) throws(Diagnostic) -> TaskExamples {
        guard let xv = r["x"] ?? r["X"], let yv = r["y"] ?? r["Y"] else {
            throw .lab(.type, "\(which) must be a Record with fields x and y")
        }
        let x = try column(try tensor(xv, "x"))
        let y = try tensor(yv, "y")
        if loss == "cross_entropy" {
            return TaskExamples(
                x: x,
                target: .classification(
                    try y.scalars.map { v throws(Diagnostic) -> Int in
                        guard v == v.rounded(), v >= 1, v < 1e9 else {
                            throw .lab(
                                .domain, "\(which): the label \(formatNumber(v)) is not a class index 1, 2, …"
                            )
                        }
                        return Int(v) - 1
                    }))
        }
        return TaskExamples(x: x, y: try column(y))
    }
    switch v {
    case let .list(items):
        return try items.enumerated().map { (i, item) throws(Diagnostic) in
            guard case let .record(r) = item else {
                throw .lab(.type, "task \(i + 1) must be a Record (x = …, y = …), found a \(item.typeName)")
            }
            return try examples(r, "task \(i + 1)")
        }
    case let .record(r):
        let shared = try examples(r, "the data")
        guard case let .regression(y) = shared.target, y.shape[1] == tasks else {
            throw .lab(
                .shape, "one (x, y) Record for \(tasks) tasks needs y with \(tasks) columns, one per task")
        }
        return try (0..<tasks).map { (k) throws(Diagnostic) in
            TaskExamples(
                x: shared.x, y: try tensorOp { () throws(TensorError) in try y.gathered([k], alongAxis: 1) })
        }
    default:
        throw .lab(
            .type, "train_multitask needs the tasks as a List of (x, y) Records, found a \(v.typeName)")
    }
}

func registerMultiTask(_ r: inout Registry) {
    r.define(
        "pcgrad", keywords: ["order"], signature: "pcgrad(G; order = \"fixed\" | \"random\")",
        summary:
            "PCGrad (Yu et al. 2020): each row gᵢ of G loses its component along every other task's original gradient it conflicts with; returns the T×d projected rows (sum them for the update). \"fixed\" visits the other tasks in order 1…T; \"random\" shuffles them for each task (from the seeded generator).",
        formula:
            "g_i \\leftarrow g_i - \\frac{g_i\\cdot g_j}{\\lVert g_j\\rVert^2}\\, g_j \\quad\\text{if } g_i\\cdot g_j < 0",
        example: "pcgrad([1 0; -1 1])"
    ) { a, interp in
        try a.expect(1)
        let g = try gradientMatrix(a[0], "pcgrad")
        let order = try a.keyword("order", string) ?? "fixed"
        let method: PCGradOrder
        switch order {
        case "fixed": method = .fixed
        case "random": method = .random(seed: interp.lab.generator.next())
        default:
            throw Diagnostic.lab(
                .domain, "order must be \"fixed\" or \"random\", found \(quoteString(order))")
        }
        return wrap(try tensorOp { () throws(TensorError) in try pcgrad(g, order: method) })
    }
    r.define(
        "mgda_weights", signature: "mgda_weights(G)",
        summary:
            "MGDA (Sener & Koltun 2018): the weights α on the simplex minimising ‖Σ αᵢ gᵢ‖² over the rows of G (closed form for two tasks, Frank–Wolfe beyond). For MGDA-UB pass the gradients with respect to the shared representation.",
        formula:
            "\\alpha^* = \\arg\\min_{\\alpha\\in\\Delta}\\Big\\lVert \\sum_i \\alpha_i g_i \\Big\\rVert^2,\\quad \\gamma^* = \\mathrm{clip}_{[0,1]}\\frac{(g_2 - g_1)^\\top g_2}{\\lVert g_1 - g_2\\rVert^2}",
        example: "mgda_weights([1 0; 0 1])"
    ) { a, _ in
        try a.expect(1)
        let g = try gradientMatrix(a[0], "mgda_weights")
        return wrap(try tensorOp { () throws(TensorError) in try mgdaWeights(g) })
    }
    r.define(
        "imtl_weights", signature: "imtl_weights(G)",
        summary:
            "IMTL-G (Liu et al. 2021): weights α summing to 1 whose combination d = Σ αᵢ gᵢ has equal projections on every unit task gradient uᵢ = gᵢ/‖gᵢ‖.",
        formula:
            "d = \\sum_i \\alpha_i g_i,\\quad d^\\top u_1 = d^\\top u_i\\ \\forall i,\\quad \\textstyle\\sum_i \\alpha_i = 1",
        example: "imtl_weights([1 0; 0 2])"
    ) { a, _ in
        try a.expect(1)
        let g = try gradientMatrix(a[0], "imtl_weights")
        return wrap(try tensorOp { () throws(TensorError) in try imtlGWeights(g) })
    }
    r.define(
        "nash_weights", signature: "nash_weights(G)",
        summary:
            "Nash-MTL (Navon et al. 2022): the bargaining weights α > 0 solving G Gᵀ α = 1/α elementwise; the update is Gᵀα.",
        formula: "G G^\\top \\alpha = 1 / \\alpha,\\quad d = \\sum_i \\alpha_i g_i",
        example: "nash_weights([1 0; 0 2])"
    ) { a, _ in
        try a.expect(1)
        let g = try gradientMatrix(a[0], "nash_weights")
        let solution = try tensorOp { () throws(TensorError) in try nashMTLSolve(g) }
        guard solution.converged else {
            throw Diagnostic.lab(
                .domain,
                "nash_weights: no α > 0 solves G Gᵀ α = 1/α: a task's gradient is zero, or the gradients are (close to) Pareto-stationary, some positive combination of them ≈ 0"
            )
        }
        return wrap(solution.weights)
    }
    r.define(
        "cagrad", keywords: ["c"], signature: "cagrad(G; c = 0.5)",
        summary:
            "CAGrad (Liu et al. 2021): the update direction that maximises the worst task's improvement within c‖g₀‖ of the average gradient g₀ (dual solved exactly for two tasks).",
        formula:
            "\\max_d \\min_i \\langle g_i, d\\rangle\\ \\text{s.t.}\\ \\lVert d - g_0\\rVert \\le c\\lVert g_0\\rVert;\\quad d^* = g_0 + \\frac{c\\lVert g_0\\rVert}{\\lVert g_w\\rVert} g_w",
        example: "cagrad([1 0; -1 1]; c = 0.5)"
    ) { a, _ in
        try a.expect(1)
        let g = try gradientMatrix(a[0], "cagrad")
        let c = try a.keyword("c", double) ?? 0.5
        return wrap(try tensorOp { () throws(TensorError) in try cagrad(g, c: c) })
    }
    r.define(
        "uncertainty_loss", signature: "uncertainty_loss(L, s)",
        summary:
            "Uncertainty weighting (Kendall, Gal & Cipolla 2018) with sᵢ = log σᵢ²: differentiable in both the losses L and the log-variances s; its minimum over s is at sᵢ = log Lᵢ.",
        formula: "\\sum_i \\tfrac12 e^{-s_i}\\mathcal L_i + \\tfrac12 s_i",
        example: "uncertainty_loss([0.2, 0.5], [0.3, -0.4])"
    ) { a, _ in
        try a.expect(2)
        let l = try variable(a[0], "L")
        let s = try variable(a[1], "s")
        guard l.count == s.count else {
            throw Diagnostic.lab(
                .shape,
                "uncertainty_loss needs one log-variance per loss, found \(l.count) losses and \(s.count) log-variances"
            )
        }
        return wrap(
            try tensorOp { () throws(TensorError) in
                let lv = try l.reshaped([l.count])
                let sv = try s.reshaped([s.count])
                return try ((exp(-sv) * lv) * 0.5 + sv * 0.5).sum()
            })
    }
    r.define(
        "gradnorm_update", keywords: ["α", "lr"],
        signature: "gradnorm_update(w, L, L0, gnorm; α = 1.5, lr = 0.025)",
        summary:
            "One GradNorm weight update (Chen et al. 2018) from the weights w, the losses L and L(0), and gnorm = ‖∂Lᵢ/∂W‖ for the last shared layer: returns (weights, G, Gbar, ratios, r, targets, loss, dw) — the new weights renormalised to sum to T.",
        formula:
            "\\mathcal L_{grad}=\\sum_i\\big|w_i\\lVert\\nabla_W\\mathcal L_i\\rVert-\\bar G\\,r_i^{\\alpha}\\big|,\\quad r_i=\\frac{\\tilde{\\mathcal L}_i}{\\mathbb E_j\\tilde{\\mathcal L}_j}",
        example: "gradnorm_update([1.3, 0.7], [0.2, 0.5], [1.6, 0.9], [0.4, 0.7]; α = 1.5, lr = 0.05).weights"
    ) { a, _ in
        try a.expect(4)
        let vectors = try (0..<4).map { (i) throws(Diagnostic) in
            try tensor(a[i], ["w", "L", "L0", "gnorm"][i]).scalars
        }
        let alpha = try a.keyword("α", double) ?? 1.5
        let lr = try a.keyword("lr", double) ?? 0.025
        let step = try tensorOp { () throws(TensorError) in
            try gradNormUpdate(
                weights: vectors[0], losses: vectors[1], initialLosses: vectors[2],
                weightGradientNorms: vectors[3],
                alpha: alpha, learningRate: lr)
        }
        return .record(
            Record([
                ("weights", wrap(step.weights)), ("G", wrap(step.gradientNorms)),
                ("Gbar", .number(step.meanGradientNorm)),
                ("ratios", wrap(step.lossRatios)), ("r", wrap(step.relativeInverseRates)),
                ("targets", wrap(step.targets)),
                ("loss", .number(step.gradNormLoss)), ("dw", wrap(step.weightGradient)),
            ]))
    }
    r.define(
        "dwa_weights", keywords: ["temperature"],
        signature: "dwa_weights(history; temperature = 2)",
        summary:
            "Dynamic weight average (Liu, Johns & Davison 2019) from a Matrix of past losses, one row per epoch (oldest first), one column per task: K·softmax of the last loss ratios over the temperature; all 1 before two epochs.",
        formula:
            "w_k=\\frac{K\\exp(r_k/T)}{\\sum_i\\exp(r_i/T)},\\quad r_k=\\frac{\\mathcal L_k(t-1)}{\\mathcal L_k(t-2)}",
        example: "dwa_weights([1.0 2.0; 0.5 1.9]; temperature = 2)"
    ) { a, _ in
        try a.expect(1)
        var h = try tensor(a[0], "history")
        if h.rank == 1 { h = try tensorOp { () throws(TensorError) in try h.reshaped([1, h.count]) } }
        guard h.rank == 2, h.shape[1] >= 1 else {
            throw Diagnostic.lab(
                .shape,
                "dwa_weights needs a Matrix of losses (rows = epochs, columns = tasks), found \(describeShape(h.shape))"
            )
        }
        let t = h.shape[1]
        let rows = (0..<h.shape[0]).map { Array(h.scalars[($0 * t)..<(($0 + 1) * t)]) }
        let temperature =
            try a.keyword("temperature", double) ?? 2
        return wrap(
            try tensorOp { () throws(TensorError) in
                try dwaWeights(history: rows, taskCount: t, temperature: temperature)
            })
    }
    r.define(
        "multitask", keywords: ["sharing", "activation", "λ", "experts"],
        signature:
            "multitask(trunk_sizes, head_sizes…; sharing = \"hard\", activation = \"tanh\", λ = 0.1, experts = 3)",
        summary:
            "A multi-task network: a trunk of sizes [in, h…] (each layer followed by the activation) and one head per task, [h, …, out]. sharing: \"hard\" (one trunk), \"soft\" (a trunk per task, penalty λΣ‖θᵢ − θ̄‖²), \"pairwise\" (λΣ‖θᵢ − θⱼ‖²), \"cross_stitch\" or \"mmoe\".",
        formula: "f_i(x) = h_{\\theta_i}(\\phi_{\\theta_{sh}}(x))",
        example: "seed(0); multitask([3, 8], [8, 1], [8, 1])"
    ) { a, interp in
        guard a.count >= 2 else {
            throw Diagnostic.lab(
                .type,
                "multitask needs trunk sizes and at least one head's sizes, like multitask([3, 8], [8, 1], [8, 1])"
            )
        }
        func sizes(_ v: Value, _ what: String) throws(Diagnostic) -> [Int] {
            let s = try tensor(v, what).scalars
            guard !s.isEmpty, s.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 < 1e6 }) else {
                throw .lab(.domain, "\(what) must be positive whole numbers, like [3, 8]")
            }
            return s.map { Int($0) }
        }
        let trunk = try sizes(a[0], "the trunk sizes")
        let heads = try (1..<a.count).map { (i) throws(Diagnostic) in
            try sizes(a[i], "the sizes of head \(i)")
        }
        for (i, h) in heads.enumerated() {
            guard h.count >= 2, h[0] == trunk.last! else {
                throw Diagnostic.lab(
                    .shape,
                    "head \(i + 1) must start at the trunk's output size \(trunk.last!) and have an output size, like [\(trunk.last!), 1]"
                )
            }
        }
        for s in [trunk] + heads { for (p, q) in zip(s, s.dropFirst()) { try checkLimit([p, q]) } }
        let activationName =
            try a.keyword("activation", string) ?? "tanh"
        guard let activation = Activation(rawValue: activationName) else {
            throw Diagnostic.lab(
                .domain,
                "unknown activation \(quoteString(activationName)); choose \(Activation.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let lambda = try a.keyword("λ", double) ?? 0.1
        let sharingName =
            try a.keyword("sharing", string) ?? "hard"
        let sharing: ParameterSharing
        switch sharingName {
        case "hard": sharing = .hard
        case "soft": sharing = .soft(.toMean, strength: lambda)
        case "pairwise": sharing = .soft(.pairwise, strength: lambda)
        case "cross_stitch":
            guard trunk.count >= 2 else {
                throw Diagnostic.lab(.domain, "cross-stitch units need at least one trunk layer")
            }
            sharing = .crossStitch
        case "mmoe":
            let experts = try a.keyword("experts", size) ?? 3
            guard experts >= 1 else { throw Diagnostic.lab(.domain, "a mixture needs at least one expert") }
            sharing = .mixtureOfExperts(experts: experts)
        default:
            throw Diagnostic.lab(
                .domain,
                "sharing must be \"hard\", \"soft\", \"pairwise\", \"cross_stitch\" or \"mmoe\", found \(quoteString(sharingName))"
            )
        }
        // One trunk per expert (mmoe) or per task (soft, pairwise, cross-stitch): counted before
        // any is made, since `experts = 10^9` built trunks until the machine ran out.
        let copies: Double
        switch sharing {
        case .hard: copies = 1
        case let .mixtureOfExperts(experts): copies = Double(experts + heads.count)
        default: copies = Double(heads.count)
        }
        let trunkParameters = zip(trunk, trunk.dropFirst()).reduce(0.0) { $0 + Double(($1.0 + 1) * $1.1) }
        let parameters = copies * Swift.max(trunkParameters, Double(trunk[0]))
        if parameters > Double(elementLimit) {
            throw Diagnostic.lab(
                .limit,
                "this multitask network would have about \(formatNumber(parameters)) trunk parameters; "
                    + "the limit is \(elementLimit)")
        }
        let host = interp.lab
        return .object(
            MultiTaskNetObject(
                MultiTaskNetwork(
                    trunkSizes: trunk, headSizes: heads, sharing: sharing, activation: activation,
                    using: &host.generator)))
    }
    r.define(
        "train_multitask",
        keywords: [
            "weighting", "steps", "epochs", "lr", "lr_w", "batch", "loss", "c", "α", "τ", "weights",
            "optimizer",
        ],
        signature:
            "train_multitask(net, tasks; weighting = \"equal\", steps = 500 (or epochs), lr = 0.01, batch = all, loss = \"mse\", c = 0.5, α = 1.5, lr_w = lr, τ = 2, weights, optimizer = \"adam\")",
        summary:
            "Trains a multitask network on a List of (x, y) task Records (or one (x, y) whose columns of y are the tasks). weighting: \"equal\", \"fixed\" (with weights), \"uncertainty\", \"gradnorm\" (α, lr_w), \"dwa\" (τ), \"rlw\", or a gradient method on the shared trunk: \"pcgrad\", \"mgda\", \"mgda_ub\", \"cagrad\" (c), \"imtl\", \"nash\". Returns (model, history = (loss, task_losses, weights), weights, σ for uncertainty, nash_fallbacks for nash: steps without a bargaining solution, which reused the previous α). Ctrl-C stops early, keeping what was learned.",
        formula:
            "\\min_{\\theta_{sh},\\{\\theta_i\\}} \\sum_{i=1}^{T} w_i\\,\\mathcal L_i(\\theta_{sh},\\theta_i)",
        example:
            "seed(0); X = randn(20, 2); net = multitask([2, 4], [4, 1], [4, 1]); r = train_multitask(net, (x = X, y = [X[:, 1] X[:, 2]]); steps = 20); size(r.history.task_losses)"
    ) { a, interp in
        try a.expect(2)
        guard case let .object(o) = a[0], let net = o as? MultiTaskNetObject else {
            throw Diagnostic.lab(
                .type,
                "train_multitask needs a MultiTaskModel (from multitask(...)) first, found a \(a[0].typeName)"
            )
        }
        let loss = try a.keyword("loss", string) ?? "mse"
        guard loss == "mse" || loss == "cross_entropy" else {
            throw Diagnostic.lab(
                .domain, "loss must be \"mse\" or \"cross_entropy\", found \(quoteString(loss))")
        }
        let tasks = try multiTaskExamples(a[1], tasks: net.network.taskCount, loss: loss)
        func number(_ name: String, _ fallback: Double) throws(Diagnostic) -> Double {
            try a.keyword(name).map { v throws(Diagnostic) in try double(v, name) } ?? fallback
        }
        var options = MultiTaskTrainingOptions()
        options.steps = try a.keyword("steps", size) ?? 500
        options.learningRate = try number("lr", 0.01)
        options.batchSize = try a.keyword("batch", size)
        if let b = options.batchSize, b < 1 { throw Diagnostic.lab(.domain, "batch must be at least 1") }
        if let e = a.keyword("epochs") {
            // An epoch is one pass over the largest task's examples: ⌈N/batch⌉ steps (one step for the full batch).
            let n = tasks.map { $0.x.shape[0] }.max() ?? 1
            let perEpoch = options.batchSize.map { ($0 >= n ? 1 : (n + $0 - 1) / $0) } ?? 1
            options.steps = try size(e, "epochs") * perEpoch
        }
        options.seed = UInt64(truncatingIfNeeded: interp.lab.generator.next())
        let optimizer =
            try a.keyword("optimizer", string) ?? "adam"
        switch optimizer {
        case "adam": options.optimizer = .adam
        case "sgd": options.optimizer = .sgd
        default:
            throw Diagnostic.lab(
                .domain, "optimizer must be \"adam\" or \"sgd\", found \(quoteString(optimizer))")
        }
        let weighting =
            try a.keyword("weighting", string) ?? "equal"
        switch weighting {
        case "equal": break
        case "fixed":
            guard let w = a.keyword("weights") else {
                throw Diagnostic.lab(.domain, "weighting = \"fixed\" needs weights = [w₁, …, w_T]")
            }
            options.weighting = .fixed(try tensor(w, "weights").scalars)
        case "uncertainty": options.weighting = .uncertainty
        case "gradnorm":
            options.weighting = .gradNorm(
                alpha: try number("α", 1.5), learningRate: try number("lr_w", options.learningRate))
        case "dwa": options.weighting = .dwa(temperature: try number("τ", 2))
        case "rlw": options.weighting = .random
        case "pcgrad": options.combination = .pcgrad(.random(seed: options.seed))
        case "mgda": options.combination = .mgda
        case "mgda_ub": options.combination = .mgdaUB
        case "cagrad": options.combination = .cagrad(c: try number("c", 0.5))
        case "imtl": options.combination = .imtlG
        case "nash": options.combination = .nashMTL
        default:
            throw Diagnostic.lab(
                .domain,
                "unknown weighting \(quoteString(weighting)); choose equal, fixed, uncertainty, gradnorm, dwa, rlw, pcgrad, mgda, mgda_ub, cagrad, imtl or nash"
            )
        }
        let result = try multiTaskError { () throws(MultiTaskError) in
            try trainMultiTask(net.network, tasks: tasks, options: options) { _, _ in
                !interp.interruptRequested
            }
        }
        if interp.interruptRequested {
            interp.lab.sayTrainingStopped(Message.trainingStoppedEarly.localized("train_multitask"))
        }
        var history: [(String, Value)] = [
            ("loss", wrap(result.history.objective)),
            (
                "task_losses",
                wrap(Tensor(rows: result.history.taskLosses.isEmpty ? [] : result.history.taskLosses))
            ),
            ("weights", wrap(Tensor(rows: result.history.weights))),
        ]
        if result.history.taskLosses.isEmpty {
            history[1] = ("task_losses", wrap(Tensor.zeros([0, tasks.count])))
        }
        if result.history.weights.isEmpty { history[2] = ("weights", wrap(Tensor.zeros([0, tasks.count]))) }
        var fields: [(String, Value)] = [
            ("model", .object(MultiTaskNetObject(result.network))), ("history", .record(Record(history))),
            ("weights", wrap(result.weights)),
        ]
        if options.combination == .nashMTL {
            fields.append(("nash_fallbacks", .number(Double(result.history.nashFallbacks))))
        }
        if let s = result.logVariances {
            fields.append(("s", wrap(s)))
            fields.append(("σ", wrap(s.map { Double.exp($0 / 2) })))
        }
        return .record(Record(fields))
    }
    r.define(
        "toy_landscape", signature: "toy_landscape(name)",
        summary:
            "A two-task landscape on θ ∈ ℝ² from the papers: \"pcgrad\" (Yu et al. 2020, Fig. 1) or \"cagrad\" (Liu et al. 2021, Fig. 1). Call it on θ for [L₁, L₂]; .grad(θ) gives the 2×2 matrix of task gradients (rows), .starts the papers' starting points.",
        formula:
            "\\mathcal L_1 = 20\\log\\max(|\\tfrac12\\theta_1 + \\tanh\\theta_2|, \\epsilon),\\ \\mathcal L_2 = 25\\log\\max(|\\tfrac12\\theta_1 - \\tanh\\theta_2 + 2|, \\epsilon)",
        example: "L = toy_landscape(\"pcgrad\"); L([0.5, -3])"
    ) { a, _ in
        try a.expect(1)
        let name = try string(a[0], "the landscape name")
        guard let landscape = ToyLandscape(rawValue: name) else {
            throw Diagnostic.lab(
                .domain, "unknown landscape \(quoteString(name)); choose \"pcgrad\" or \"cagrad\"")
        }
        return .object(ToyLandscapeObject(landscape))
    }
    r.define(
        "toy_optimize", keywords: ["method", "steps", "lr", "c", "every"],
        signature:
            "toy_optimize(landscape, start; method = \"mean\", steps = 10000, lr = 0.001, c = 0.5, every = 100)",
        summary:
            "Adam on a toy landscape along a method's direction — \"mean\" (the average gradient), \"mgda\", \"pcgrad\" or \"cagrad\" — as in the papers' figures; returns (path = K×2 Matrix every `every` steps, final = θ, losses = [L₁, L₂]).",
        formula: "\\theta \\leftarrow \\mathrm{Adam}(\\theta, d(g_1, g_2))",
        example:
            "r = toy_optimize(toy_landscape(\"cagrad\"), [-8.5, 7.5]; method = \"cagrad\", steps = 2000); r.final"
    ) { a, interp in
        try a.expect(2)
        guard case let .object(o) = a[0], let toy = o as? ToyLandscapeObject else {
            throw Diagnostic.lab(
                .type,
                "toy_optimize needs a ToyLandscape (from toy_landscape(name)) first, found a \(a[0].typeName)"
            )
        }
        let start = try point(Arguments([a[1]]))
        let methodName =
            try a.keyword("method", string) ?? "mean"
        guard let method = ToyMethod(rawValue: methodName) else {
            throw Diagnostic.lab(
                .domain,
                "method must be \"mean\", \"mgda\", \"pcgrad\" or \"cagrad\", found \(quoteString(methodName))"
            )
        }
        let steps = try a.keyword("steps", size) ?? 10_000
        let every = try a.keyword("every", size) ?? 100
        try checkLimit([steps / Swift.max(every, 1) + 2, 2])
        let lr = try a.keyword("lr", double) ?? 0.001
        let c = try a.keyword("c", double) ?? 0.5
        let run = optimizeToy(
            toy.landscape, from: start, method: method, c: c, steps: steps, learningRate: lr,
            recordEvery: Swift.max(every, 1),
            shouldStop: { interp.interruptRequested })
        if interp.interruptRequested {
            interp.lab.sayTrainingStopped(Message.pathStoppedEarly.localized("toy_optimize"))
        }
        return .record(
            Record([
                ("path", wrap(Tensor(rows: run.trajectory.map { [$0.0, $0.1] }))),
                ("final", wrap([run.final.0, run.final.1])), ("losses", wrap(run.finalLosses)),
            ]))
    }
}
