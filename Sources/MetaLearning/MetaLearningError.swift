/// A mistake in what a caller (a learner's Lab code, a lesson) asked the
/// meta-learning engine to do. The Lab layer attaches the source location.
public enum MetaLearningError: Error, Equatable, Sendable {
    /// The parameter list has no layers.
    case emptyNetwork
    /// Layer `layer` expects `actualInputs` inputs but the previous layer gives `expectedInputs`.
    case layerWidthMismatch(layer: Int, expectedInputs: Int, actualInputs: Int)
    /// A meta-batch needs at least one task.
    case emptyTaskBatch
    /// Task `task`'s `part` ("support inputs", …) has shape `actual`; `expected` was needed.
    case taskShapeMismatch(task: Int, part: String, expected: [Int], actual: [Int])
    /// A flat data array of `part` has `actual` numbers; `expected` were needed.
    case dataCountMismatch(part: String, expected: Int, actual: Int)
    /// The tasks' input or output width differs from the network's.
    case networkTaskMismatch(networkInputs: Int, networkOutputs: Int, taskInputs: Int, taskOutputs: Int)
    /// A hyperparameter out of its range, e.g. `innerSteps` 0 or a NaN step size.
    case invalidHyperparameter(name: String, value: Double, requirement: String)
    /// The activation has no hand-derived second derivative in this engine.
    case unsupportedActivation(String)
    /// MAML needs query points; only Reptile runs on a support set alone.
    case missingQuerySet
}
