import Autodiff
import Diagnostics
import LabLang
import NeuralNets
import RealModule
import Tensors
import Terminal

/// An optimizer description made by `sgd(lr)` or `adam(lr; β1, β2)`; `fit` runs it.
final class OptimizerObject: LabObject, DisplayableObject {
    let kind: String
    let learningRate: Double
    let beta1: Double
    let beta2: Double

    init(kind: String, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999) {
        self.kind = kind
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
    }

    var typeName: String { "Optimizer" }
    func display(options: DisplayOptions) -> String { inline }
    var inline: String {
        kind == "sgd"
            ? "sgd(\(formatNumber(learningRate)))"
            : "adam(\(formatNumber(learningRate)); β1 = \(formatNumber(beta1)), β2 = \(formatNumber(beta2)))"
    }
}

/// The Model passed first to `who` (params, update, fit, the meta-learners), or the error
/// every one of them gives for anything else.
func modelArgument(_ v: Value, _ who: String) throws(Diagnostic) -> ModelObject {
    guard case let .object(o) = v, let m = o as? ModelObject else {
        throw .lab(.type, "\(who) needs a Model first (made by mlp), found a \(v.typeName)")
    }
    return m
}

/// Class labels (1-based) from a Vector, checked against the number of classes.
func labels(_ v: Value, classes: Int, _ name: String) throws(Diagnostic) -> [Int] {
    let t = try tensor(v, "labels")
    var out: [Int] = []
    for x in t.scalars {
        guard x == x.rounded(), x >= 1, x <= Double(classes) else {
            throw .lab(.domain, "\(name): label \(formatNumber(x)) is not a class index in 1…\(classes)")
        }
        out.append(Int(x) - 1)
    }
    return out
}

/// Checks that scores of this shape are an N×C Matrix (one row per point) and returns (N, C).
func scoreShape(_ shape: [Int], _ name: String) throws(Diagnostic) -> (rows: Int, classes: Int) {
    guard shape.count == 2 else {
        throw .lab(
            .shape, "\(name) needs an N×C Matrix of scores (rows are points), found \(describeShape(shape))")
    }
    return (shape[0], shape[1])
}

/// The labels (0-based) of N×C scores: one class index in 1…C per row, checked.
func scoredLabels(_ y: Value, scores shape: [Int], _ name: String) throws(Diagnostic) -> [Int] {
    let (n, c) = try scoreShape(shape, name)
    let ys = try labels(y, classes: c, name)
    guard ys.count == n else { throw .lab(.shape, "\(name): \(n) rows of scores but \(ys.count) labels") }
    return ys
}

/// Scores (N×C) and labels → the log-probabilities picked at each label, averaged and negated.
func negativeLogLikelihood(_ logProbabilities: Variable, _ y: Value, _ name: String) throws(Diagnostic)
    -> Variable
{
    let ys = try scoredLabels(y, scores: logProbabilities.shape, name)
    let (n, c) = (logProbabilities.shape[0], logProbabilities.shape[1])
    var onehot = Tensor.zeros([n, c])
    for (i, k) in ys.enumerated() { onehot.scalars[i * c + k] = 1 }
    return try tensorOp { () throws(TensorError) in
        -(try (logProbabilities * Variable(constant: onehot)).sum() / Double(Swift.max(n, 1)))
    }
}

func meanSquaredError(_ p: Variable, _ y: Variable) throws(Diagnostic) -> Variable {
    guard p.count == y.count else {
        throw .lab(
            .shape,
            "mse: predictions of size \(describeShape(p.shape)) and targets of size \(describeShape(y.shape)) differ"
        )
    }
    let target = p.shape == y.shape ? y : try tensorOp { () throws(TensorError) in try y.reshaped(p.shape) }
    return try tensorOp { () throws(TensorError) in
        let d = try p - target
        return try (d * d).mean()
    }
}

func registerLearning(_ r: inout Registry) {
    r.define(
        "mlp", keywords: ["activation", "init"],
        signature: "mlp(sizes; activation = \"relu\", init = \"uniform\") or mlp(layers; activation)",
        summary:
            "A multilayer perceptron: layer l computes h W + b (W is in×out); from sizes (random, seeded) or from a List of (W, b) Records.",
        formula: "h_{l+1} = \\phi(h_l W_l + b_l)", example: "seed(0); mlp([1, 8, 1]; activation = \"tanh\")"
    ) { a, interp in
        try a.expect(1)
        let activation = try ModelObject.activation(
            named: try a.keyword("activation", string)
                ?? "relu")
        if case let .list(items) = a[0],
            items.first.map({ if case .record = $0 { return true } else { return false } }) ?? false
        {
            return .object(try ModelObject.from(a[0], activation: activation))
        }
        let sizes = try tensor(a[0], "sizes").scalars
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 && $0 == $0.rounded() && $0 < 1e6 }) else {
            throw Diagnostic.lab(
                .domain, "mlp needs at least two positive integer sizes, like [1, 40, 40, 1]")
        }
        let initializers: [String: Initializer] = [
            "uniform": .uniformFanIn, "xavier": .glorotUniform, "normal": .normalFanIn, "zeros": .zeros,
        ]
        let initName =
            try a.keyword("init", string) ?? "uniform"
        guard let initializer = initializers[initName] else {
            throw Diagnostic.lab(
                .domain, "unknown init \"\(initName)\"; choose uniform, xavier, normal or zeros")
        }
        let widths = sizes.map { Int($0) }
        for (fanIn, fanOut) in zip(widths, widths.dropFirst()) { try checkLimit([fanIn, fanOut]) }
        let host = interp.lab
        return .object(
            ModelObject(
                MLP(sizes: widths, activation: activation, initializer: initializer, using: &host.generator)))
    }
    r.define(
        "params", signature: "params(model)",
        summary: "The parameters of a Model: a List of (W = …, b = …) Records, one per layer.",
        example: "seed(0); length(params(mlp([2, 3, 1])))"
    ) { a, _ in
        try a.expect(1)
        let m = try modelArgument(a[0], "params")
        return m.parameters
    }
    r.define(
        "update", keywords: ["lr"], signature: "update(model, θ) or update(model, g; lr = η)",
        summary:
            "The model with parameters θ (a List like params(model)), or after one gradient step θ − η g.",
        formula: "\\theta \\leftarrow \\theta - \\eta\\, g",
        example: "seed(0); m = mlp([1, 2, 1]); update(m, params(m))"
    ) { a, interp in
        try a.expect(2)
        let m = try modelArgument(a[0], "update")
        var theta = a[1]
        if case let .object(g) = theta, let gm = g as? ModelObject { theta = gm.parameters }
        if let lr = a.keyword("lr") {
            theta = try interp.binary(.subtract, m.parameters, try interp.binary(.multiply, theta, lr))
        }
        return .object(try ModelObject.from(theta, activation: m.activation))
    }
    r.define(
        "mse", signature: "mse(prediction, target)",
        summary: "Mean squared error (mean over all elements; no ½).",
        formula: "\\frac{1}{N}\\sum_i (\\hat{y}_i - y_i)^2", example: "mse([1, 2], [1, 4])"
    ) { a, _ in
        try a.expect(2)
        return wrap(try meanSquaredError(try variable(a[0], "prediction"), try variable(a[1], "target")))
    }
    r.define(
        "cross_entropy", signature: "cross_entropy(scores, labels)",
        summary: "Softmax cross-entropy of N×C scores (logits) against labels 1…C, averaged over the rows.",
        formula: "-\\frac{1}{N}\\sum_i \\log \\operatorname{softmax}(s_i)_{y_i}",
        example: "cross_entropy([2 0; 0 2], [1, 2])"
    ) { a, _ in
        try a.expect(2)
        let s = try variable(a[0], "scores")
        _ = try scoreShape(s.shape, "cross_entropy")
        return wrap(
            try negativeLogLikelihood(
                try tensorOp { () throws(TensorError) in try s.logSoftmax(axis: 1) }, a[1], "cross_entropy"))
    }
    r.define(
        "nll", signature: "nll(logprobs, labels)",
        summary: "Negative log-likelihood of N×C log-probabilities at labels 1…C, averaged.",
        formula: "-\\frac{1}{N}\\sum_i \\ell_{i, y_i}", example: "nll(log([0.5 0.5; 0.9 0.1]), [1, 1])"
    ) { a, _ in
        try a.expect(2)
        return wrap(try negativeLogLikelihood(try variable(a[0], "log-probabilities"), a[1], "nll"))
    }
    r.define(
        "accuracy", signature: "accuracy(scores, labels)",
        summary: "The fraction of rows whose largest score is at the label.",
        formula: "\\frac{1}{N}\\sum_i [\\arg\\max_c s_{ic} = y_i]",
        example: "accuracy([2 0; 0 2; 1 0], [1, 2, 2])"
    ) { a, _ in
        try a.expect(2)
        let s = try tensor(a[0], "scores")
        let ys = try scoredLabels(a[1], scores: s.shape, "accuracy")
        let predicted = try tensorOp { () throws(TensorError) in try s.argmax(axis: 1) }.scalars
        let hits = zip(predicted, ys).filter { Int($0) == $1 }.count
        return .number(ys.isEmpty ? .nan : Double(hits) / Double(ys.count))
    }
    r.define(
        "sgd", signature: "sgd(lr)", summary: "Plain stochastic gradient descent, for fit.",
        formula: "\\theta \\leftarrow \\theta - \\eta \\nabla L",
        example: "sgd(0.1)"
    ) { a, _ in
        try a.expect(1)
        return .object(OptimizerObject(kind: "sgd", learningRate: try double(a[0], "lr")))
    }
    r.define(
        "adam", keywords: ["β1", "β2"], signature: "adam(lr; β1 = 0.9, β2 = 0.999)",
        summary: "The Adam optimizer (Kingma & Ba), for fit.",
        formula: "\\theta \\leftarrow \\theta - \\eta \\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}",
        example: "adam(0.01; beta1 = 0.8)"
    ) { a, _ in
        try a.expect(1)
        return .object(
            OptimizerObject(
                kind: "adam", learningRate: try double(a[0], "lr"),
                beta1: try a.keyword("β1", double) ?? 0.9,
                beta2: try a.keyword("β2", double) ?? 0.999))
    }
    r.define(
        "fit", keywords: ["epochs", "optimizer", "batch", "loss"],
        signature: "fit(model, X, Y; epochs = 100, optimizer = adam(0.01), batch = all, loss = \"mse\")",
        summary:
            "Trains a Model on rows of X; returns (model = …, loss = per-epoch losses). Ctrl-C stops early, keeping what was learned.",
        formula: "\\min_\\theta L(f_\\theta(X), Y)",
        example:
            "seed(0); X = reshape(linspace(-1, 1, 8), 8, 1); fit(mlp([1, 4, 1]), X, 2X; epochs = 5).loss[end] >= 0"
    ) { a, interp in
        try a.expect(3)
        let model = try modelArgument(a[0], "fit")
        let x = try tensor(a[1], "X")
        let yValue = a[2]
        let y = try tensor(yValue, "Y")
        let epochs = try a.keyword("epochs", size) ?? 100
        let n = x.rank == 0 ? 1 : x.shape[0]
        let batch = try a.keyword("batch", size) ?? n
        guard batch >= 1 else { throw Diagnostic.lab(.domain, "batch must be at least 1") }
        let lossName = try a.keyword("loss", string) ?? "mse"
        guard lossName == "mse" || lossName == "cross_entropy" else {
            throw Diagnostic.lab(.domain, "unknown loss \"\(lossName)\"; choose mse or cross_entropy")
        }
        var optimizer = OptimizerObject(kind: "adam", learningRate: 0.01)
        if let o = a.keyword("optimizer") {
            guard case let .object(obj) = o, let opt = obj as? OptimizerObject else {
                throw Diagnostic.lab(.type, "optimizer must be sgd(lr) or adam(lr), found a \(o.typeName)")
            }
            optimizer = opt
        }
        var weights = model.layers.flatMap { [$0.weight.value, $0.bias.value] }
        // NeuralNets' optimizers: the one implementation of each update (Adam's bias correction too).
        var sgd = SGD(learningRate: optimizer.learningRate)
        var adam = Adam(learningRate: optimizer.learningRate, beta1: optimizer.beta1, beta2: optimizer.beta2)
        var history: [Double] = []
        let host = interp.lab
        func reportStop() {
            let note = Message.fitStopped.localized("\(history.count + 1)", "\(epochs)")
            host.sayTrainingStopped(note)
        }
        training: for _ in 0..<epochs {
            let order = host.generator.permutation(n)
            var total = 0.0
            var start = 0
            while start < n {
                if interp.interruptRequested {  // left pending: the rest of the command does not run
                    reportStop()
                    break training
                }
                let rows = Array(order[start..<Swift.min(start + batch, n)])
                start += batch
                let loss: Variable, grads: [Tensor]
                do {
                    let xb = try tensorOp { () throws(TensorError) in try x.gathered(rows, alongAxis: 0) }
                    let yb = try tensorOp { () throws(TensorError) in
                        try y.rank == 0 ? y : y.gathered(rows, alongAxis: 0)
                    }
                    let leaves = weights.map { Variable($0) }
                    let current = ModelObject(
                        layers: [LayerVariables](pairs: leaves), activation: model.activation)
                    let prediction = try current.forward(Variable(constant: xb))
                    loss =
                        lossName == "mse"
                        ? try meanSquaredError(prediction, Variable(constant: yb))
                        : try negativeLogLikelihood(
                            try tensorOp { () throws(TensorError) in try prediction.logSoftmax(axis: 1) },
                            wrap(yb), "fit")
                    grads = try tensorOp { () throws(TensorError) in
                        try gradientTensors(of: loss, wrt: leaves)
                    }
                } catch  where interp.interruptRequested {
                    // The stop landed inside this batch's products: the batch is dropped whole (the
                    // weights change only after it), so training ends as at the poll above.
                    reportStop()
                    break training
                }
                total += loss.value.scalars[0] * Double(rows.count)
                try tensorOp { () throws(TensorError) in
                    if optimizer.kind == "sgd" {
                        try sgd.update(&weights, gradients: grads)
                    } else {
                        try adam.update(&weights, gradients: grads)
                    }
                }
            }
            history.append(total / Double(n))
        }
        let trained = ModelObject(
            layers: [LayerVariables](pairs: weights.map { Variable(constant: $0) }),
            activation: model.activation)
        return .record(Record([("model", .object(trained)), ("loss", wrap(Tensor(history)))]))
    }
}
