import Tensors

/// A named column of numbers that is neither a feature nor the target
/// (Grunfeld's and the penguins' `year`).
public struct DataColumn: Sendable, Equatable {
    public var name: String
    public var values: Tensor
}

/// A real data set loaded from `Datasets/NAME.csv`.
///
/// `features` is X (N×D, one example per row, the numeric feature columns in
/// file order). The target is either class labels — `labels` as numbers
/// (numeric labels as they are in the file; text labels numbered 0, 1, … in
/// order of first appearance) with `classes` naming them — or a matrix of
/// regression `targets` (N×k) named by `targetNames`. Grouped data (Grunfeld's
/// firms) also carries each row's group index and the group names.
public struct Dataset: Sendable, Equatable, CustomStringConvertible {
    public enum Target: Sendable, Equatable {
        /// Class labels, one per row, and the class names (index = label for
        /// text labels; for numeric labels the names of the distinct values, sorted).
        case labels(Tensor, classes: [String])
        /// Regression targets, N×k, and their column names.
        case regression(Tensor, names: [String])
    }

    public var name: String
    public var features: Tensor
    public var featureNames: [String]
    public var target: Target
    /// The group index of each row (0, 1, … in order of first appearance), if grouped.
    public var groups: [Int]?
    /// The group names, index = group.
    public var groupNames: [String]?
    /// Other numeric columns kept for lessons (for instance `year`).
    public var extras: [DataColumn]
    /// Rows left out because a needed field was empty (penguins' missing values).
    public var droppedRows: Int

    public var exampleCount: Int { features.shape[0] }

    /// The labels as integers, for episode sampling; nil for regression data.
    public var integerLabels: [Int]? {
        guard case let .labels(y, _) = target else { return nil }
        return y.scalars.map { Int($0) }
    }

    public var description: String {
        let kind: String
        switch target {
        case let .labels(_, classes): kind = "\(classes.count) classes"
        case let .regression(y, _): kind = "\(y.shape[1]) regression targets"
        }
        return "dataset \"\(name)\": \(features.shape[0]) examples × \(features.shape[1]) features, \(kind)"
    }
}

/// How one named data set maps its CSV columns.
struct DatasetSpec: Sendable {
    enum TargetColumns: Sendable {
        case label(String)
        case regression([String])
    }
    var features: [String]
    var target: TargetColumns
    var group: String? = nil
    var extras: [String] = []
    /// Drop rows with an empty needed field instead of reporting them.
    var dropsIncompleteRows = false
}

/// The data sets `dataset(name)` knows, in the order help lists them.
public let datasetNames = ["digits", "linnerud", "iris", "wine", "grunfeld", "penguins"]

let datasetSpecs: [String: DatasetSpec] = [
    "digits": DatasetSpec(features: (0..<64).map { "p\($0)" }, target: .label("label")),
    "linnerud": DatasetSpec(
        features: ["Chins", "Situps", "Jumps"], target: .regression(["Weight", "Waist", "Pulse"])),
    "iris": DatasetSpec(
        features: ["sepal_length", "sepal_width", "petal_length", "petal_width"], target: .label("species")),
    "wine": DatasetSpec(
        features: [
            "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
            "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
            "od280/od315_of_diluted_wines",
            "proline",
        ], target: .label("class")),
    "grunfeld": DatasetSpec(
        features: ["value", "capital"], target: .regression(["invest"]), group: "firm", extras: ["year"]),
    "penguins": DatasetSpec(
        features: ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"],
        target: .label("species"), extras: ["year"], dropsIncompleteRows: true),
]

/// The file name `dataset(name)` reads from the project's `Datasets/` folder.
/// - Throws: `DataError.unknownDataset` listing the known names.
public func datasetFileName(_ name: String) throws(DataError) -> String {
    guard datasetSpecs[name] != nil else { throw .unknownDataset(name: name, known: datasetNames) }
    return name + ".csv"
}

/// Builds the named data set from the text of its CSV file.
///
/// Pure: the caller (LabLibrary's `dataset`) reads `Datasets/NAME.csv` and
/// passes its contents, because the numeric stack does no I/O. `file` labels
/// the error messages (`digits.csv:12: column "p3": …`).
/// - Throws: `DataError` — unknown name, missing column, or a bad row with
///   its line and column (wrong field count, a non-number where a number
///   belongs, an empty field where a value is needed).
public func loadDataset(_ name: String, contents: String, file: String? = nil) throws(DataError) -> Dataset {
    guard let spec = datasetSpecs[name] else { throw .unknownDataset(name: name, known: datasetNames) }
    let fileName = file ?? name + ".csv"
    let table = try parseCSV(contents, file: fileName)
    func index(_ column: String) throws(DataError) -> Int {
        guard let i = table.header.firstIndex(of: column) else {
            throw .missingColumn(file: fileName, column: column)
        }
        return i
    }
    let featureColumns = try spec.features.map { (c) throws(DataError) in try index(c) }
    let extraColumns = try spec.extras.map { (c) throws(DataError) in try index(c) }
    let groupColumn = try spec.group.map { (c) throws(DataError) in try index(c) }

    var x: [Double] = []
    var extras = [[Double]](repeating: [], count: extraColumns.count)
    var groups: [Int] = []
    var groupNames: [String] = []
    var dropped = 0
    var kept: [Int] = []

    func number(_ row: Int, _ column: Int) throws(DataError) -> Double? {
        let text = table.field(row, column)
        if text.isEmpty {
            if spec.dropsIncompleteRows { return nil }
            throw .badRow(
                file: fileName, line: table.lineNumbers[row], column: table.header[column],
                reason: "the field is empty")
        }
        guard let value = Double(text) else {
            throw .badRow(
                file: fileName, line: table.lineNumbers[row], column: table.header[column],
                reason: "expected a number, found \"\(text)\"")
        }
        return value
    }

    /// Row `row`'s numbers in `columns`, or nil when one is missing (then the row is dropped).
    func numbers(_ row: Int, _ columns: [Int]) throws(DataError) -> [Double]? {
        var out: [Double] = []
        for c in columns {
            guard let v = try number(row, c) else { return nil }
            out.append(v)
        }
        return out
    }

    var targetColumns: [Int] = []
    var labelColumn: Int?
    switch spec.target {
    case .label(let c): labelColumn = try index(c)
    case .regression(let cs): targetColumns = try cs.map { (c) throws(DataError) in try index(c) }
    }

    var targets: [Double] = []
    var labelTexts: [String] = []
    rows: for r in 0..<table.rows.count {
        guard let features = try numbers(r, featureColumns) else {
            dropped += 1
            continue rows
        }
        guard let rowTargets = try numbers(r, targetColumns) else {
            dropped += 1
            continue rows
        }
        var labelText = ""
        if let c = labelColumn {
            labelText = table.field(r, c)
            if labelText.isEmpty {
                if spec.dropsIncompleteRows {
                    dropped += 1
                    continue rows
                }
                throw .badRow(
                    file: fileName, line: table.lineNumbers[r], column: table.header[c],
                    reason: "the label is empty")
            }
        }
        guard let rowExtras = try numbers(r, extraColumns) else {
            dropped += 1
            continue rows
        }
        x += features
        targets += rowTargets
        labelTexts.append(labelText)
        for (k, v) in rowExtras.enumerated() { extras[k].append(v) }
        if let g = groupColumn {
            let name = table.field(r, g)
            if let i = groupNames.firstIndex(of: name) {
                groups.append(i)
            } else {
                groups.append(groupNames.count)
                groupNames.append(name)
            }
        }
        kept.append(r)
    }

    let n = kept.count
    let target: Dataset.Target
    if labelColumn != nil {
        let numeric = labelTexts.map { Double($0) }
        if numeric.allSatisfy({ $0 != nil }) {
            let values = numeric.map { $0! }
            let distinct = Array(Set(values)).sorted()
            target = .labels(Tensor(values), classes: distinct.map { formatLabel($0) })
        } else {
            var classes: [String] = []
            var values: [Double] = []
            for text in labelTexts {
                if let i = classes.firstIndex(of: text) {
                    values.append(Double(i))
                } else {
                    values.append(Double(classes.count))
                    classes.append(text)
                }
            }
            target = .labels(Tensor(values), classes: classes)
        }
    } else {
        target = .regression(
            Tensor(shape: [n, targetColumns.count], scalars: targets), names: spec.targetNames)
    }
    return Dataset(
        name: name, features: Tensor(shape: [n, featureColumns.count], scalars: x),
        featureNames: spec.features,
        target: target, groups: groupColumn == nil ? nil : groups,
        groupNames: groupColumn == nil ? nil : groupNames,
        extras: zip(spec.extras, extras).map { DataColumn(name: $0, values: Tensor($1)) },
        droppedRows: dropped)
}

extension DatasetSpec {
    var targetNames: [String] {
        switch target {
        case .label(let c): return [c]
        case .regression(let cs): return cs
        }
    }
}

/// "3" for 3.0, the shortest form otherwise.
func formatLabel(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}
