import Autodiff
import Tensors

/// Mean squared error, `mean over every element of (prediction − target)²`
/// (no ½ factor: the golden files' convention). The shapes must be equal — a
/// N×1 prediction against a vector of N would otherwise broadcast to N×N.
public func meanSquaredError(_ prediction: Variable, _ target: Variable) throws(TensorError) -> Variable {
    guard prediction.shape == target.shape else {
        throw .shapeMismatch(operation: "mean squared error", lhs: prediction.shape, rhs: target.shape)
    }
    return try square(prediction - target).mean()
}

/// Cross-entropy from logits, `−(1/N) Σₙ log softmax(zₙ)[yₙ]`, for N×C logits
/// and N labels in 0..<C. Stable: computed as zₙ[yₙ] − logΣexp(zₙ) with the row maximum subtracted.
public func crossEntropy(logits: Variable, labels: [Int]) throws(TensorError) -> Variable {
    try negativeLogLikelihood(logProbabilities: logits.logSoftmax(axis: 1), labels: labels)
}

/// Negative log-likelihood, `−(1/N) Σₙ log pₙ[yₙ]`, for N×C log-probabilities and N labels in 0..<C.
public func negativeLogLikelihood(logProbabilities: Variable, labels: [Int]) throws(TensorError) -> Variable {
    let oneHot = try oneHotMatrix(labels, shape: logProbabilities.shape, operation: "negative log-likelihood")
    return -(try (logProbabilities * Variable(constant: oneHot)).sum()) / Double(labels.count)
}

/// The fraction of rows of N×C `logits` (or probabilities) whose largest entry is at the label.
public func accuracy(logits: Tensor, labels: [Int]) throws(TensorError) -> Double {
    _ = try oneHotMatrix(labels, shape: logits.shape, operation: "accuracy")
    let c = logits.shape[1]
    var correct = 0
    for (n, label) in labels.enumerated() {
        let row = logits.scalars[(n * c)..<((n + 1) * c)]
        if row.indices.max(by: { row[$0] < row[$1] }) == n * c + label { correct += 1 }
    }
    return Double(correct) / Double(labels.count)
}

/// The N×C matrix with a 1 at (n, labels[n]); checks the shapes and the label range.
func oneHotMatrix(_ labels: [Int], shape: [Int], operation: String) throws(TensorError) -> Tensor {
    guard shape.count == 2, shape[0] == labels.count, !labels.isEmpty else {
        throw .shapeMismatch(operation: operation, lhs: shape, rhs: [labels.count])
    }
    let c = shape[1]
    var m = Tensor.zeros(shape)
    for (n, label) in labels.enumerated() {
        guard label >= 0 && label < c else { throw .indexOutOfRange(index: label, dimension: 1, size: c) }
        m.scalars[n * c + label] = 1
    }
    return m
}
