import Tensors

/// One regression task: a support set to adapt on and a query set to score the
/// adapted model. Inputs are N×in and targets N×out, one point per row.
public struct RegressionTask: Sendable, Equatable {
    public var supportInputs: Tensor
    public var supportTargets: Tensor
    public var queryInputs: Tensor
    public var queryTargets: Tensor

    public init(supportInputs: Tensor, supportTargets: Tensor, queryInputs: Tensor, queryTargets: Tensor) {
        self.supportInputs = supportInputs
        self.supportTargets = supportTargets
        self.queryInputs = queryInputs
        self.queryTargets = queryTargets
    }
}

/// A meta-batch of T regression tasks with equal support size K and query
/// size Q, stored task after task in four contiguous arrays:
/// `supportInputs` is T×K×in, `supportTargets` T×K×out, `queryInputs` T×Q×in,
/// `queryTargets` T×Q×out (row-major). Q may be 0 for Reptile, which only
/// adapts on the support set.
public struct TaskBatch: Sendable, Equatable {
    public let taskCount: Int
    public let supportSize: Int
    public let querySize: Int
    public let inputSize: Int
    public let outputSize: Int
    public let supportInputs: [Double]
    public let supportTargets: [Double]
    public let queryInputs: [Double]
    public let queryTargets: [Double]

    /// A batch from flat arrays; throws when a count does not match the sizes.
    public init(
        taskCount: Int, supportSize: Int, querySize: Int, inputSize: Int = 1, outputSize: Int = 1,
        supportInputs: [Double], supportTargets: [Double], queryInputs: [Double], queryTargets: [Double]
    ) throws(MetaLearningError) {
        guard taskCount > 0 else { throw .emptyTaskBatch }
        guard supportSize > 0 else {
            throw .invalidHyperparameter(
                name: "supportSize", value: Double(supportSize), requirement: "at least 1")
        }
        guard querySize >= 0, inputSize > 0, outputSize > 0 else {
            throw .invalidHyperparameter(
                name: "querySize/inputSize/outputSize",
                value: Double(min(querySize, inputSize, outputSize)),
                requirement: "query size ≥ 0, widths ≥ 1")
        }
        let checks: [(String, Int, Int)] = [
            ("support inputs", taskCount * supportSize * inputSize, supportInputs.count),
            ("support targets", taskCount * supportSize * outputSize, supportTargets.count),
            ("query inputs", taskCount * querySize * inputSize, queryInputs.count),
            ("query targets", taskCount * querySize * outputSize, queryTargets.count),
        ]
        for (part, expected, actual) in checks where expected != actual {
            throw .dataCountMismatch(part: part, expected: expected, actual: actual)
        }
        self.taskCount = taskCount
        self.supportSize = supportSize
        self.querySize = querySize
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.supportInputs = supportInputs
        self.supportTargets = supportTargets
        self.queryInputs = queryInputs
        self.queryTargets = queryTargets
    }

    /// A batch of tasks that share the shapes of the first one.
    public init(tasks: [RegressionTask]) throws(MetaLearningError) {
        guard let first = tasks.first else { throw .emptyTaskBatch }
        func rows(_ t: Tensor) -> Int { t.rank == 2 ? t.shape[0] : -1 }
        func columns(_ t: Tensor) -> Int { t.rank == 2 ? t.shape[1] : -1 }
        let k = rows(first.supportInputs), q = rows(first.queryInputs)
        let din = columns(first.supportInputs), dout = columns(first.supportTargets)
        for (index, task) in tasks.enumerated() {
            let parts: [(String, Tensor, [Int])] = [
                ("support inputs", task.supportInputs, [k, din]),
                ("support targets", task.supportTargets, [k, dout]),
                ("query inputs", task.queryInputs, [q, din]),
                ("query targets", task.queryTargets, [q, dout]),
            ]
            for (part, tensor, expected) in parts
            where tensor.shape != expected || expected.contains(where: { $0 < 0 }) {
                throw .taskShapeMismatch(task: index, part: part, expected: expected, actual: tensor.shape)
            }
        }
        try self.init(
            taskCount: tasks.count, supportSize: k, querySize: q, inputSize: din, outputSize: dout,
            supportInputs: tasks.flatMap(\.supportInputs.scalars),
            supportTargets: tasks.flatMap(\.supportTargets.scalars),
            queryInputs: tasks.flatMap(\.queryInputs.scalars),
            queryTargets: tasks.flatMap(\.queryTargets.scalars))
    }

    /// Task `index` as tensors.
    public func task(_ index: Int) -> RegressionTask {
        func slice(_ data: [Double], rows: Int, columns: Int) -> Tensor {
            let n = rows * columns
            return Tensor(shape: [rows, columns], scalars: Array(data[(index * n)..<((index + 1) * n)]))
        }
        return RegressionTask(
            supportInputs: slice(supportInputs, rows: supportSize, columns: inputSize),
            supportTargets: slice(supportTargets, rows: supportSize, columns: outputSize),
            queryInputs: slice(queryInputs, rows: querySize, columns: inputSize),
            queryTargets: slice(queryTargets, rows: querySize, columns: outputSize))
    }
}
