import Foundation
import LabLang
import Terminal

/// The lesson's parameters and the what-ifs on them: `:params`, `:set`, `:rerun`.
extension LessonSession {
    /// The parameter specs of every params cell, in order.
    public var parameters: [ParameterSpec] {
        lesson.cells.filter { $0.kind == .params }.flatMap(\.parameters)
    }

    func parameterSource(_ cell: Cell) -> String {
        cell.parameters.map { "\($0.name) = \(progress.parameters[$0.name] ?? $0.value);" }.joined(
            separator: "\n")
    }

    /// Runs a params cell: the lesson's values, located in the lesson file, then the
    /// learner's `:set` overrides, each located as `<:set NAME>`. A saved override that no
    /// longer runs (an old `:set`, a changed lesson) is dropped with a note, and the lesson's
    /// value stays.
    func runParameters(_ cell: Cell, showErrors: Bool) -> Bool {
        let lessonSource = cell.parameters.map { "\($0.name) = \($0.value);" }.joined(separator: "\n")
        guard
            runSilently(
                lessonSource, line: cell.bodyFirstLine, timeout: timeout(cell), showErrors: showErrors)
        else { return false }
        for spec in cell.parameters {
            guard let value = progress.parameters[spec.name] else { continue }
            let source = "\(spec.name) = \(value);"
            let before = evaluator.snapshot()
            if isParameterValue(spec.name, value) {
                let run = timedRun(source, line: 1, timeout: timeout(cell), name: "<:set \(spec.name)>")
                if run.succeeded {
                    journal.append(.setup(source))
                    continue
                }
                evaluator.restore(before)
                if externalStop?() == true { return false }
                report(run)
                if spec.name == settingParameter { return false }  // the `:set` itself failed: undo it
            }
            progress.parameters[spec.name] = nil
            saveProgress()
            let why: Message =
                isParameterValue(spec.name, value) ? .setDroppedNoLongerRuns : .setDroppedNotOneExpression
            writeWrapped("", styled(words(why, spec.name, value, spec.value), TextStyle(dim: true)))
        }
        return true
    }

    func showParameters(_ cell: Cell) {
        for spec in cell.parameters { writeParameter(spec) }
        let footer = cell.parameters.first { $0.slideStep != nil }.map {
            words(.parametersFooterSlide, $0.name)
        }
        writeWrapped("", styled(footer ?? words(.parametersFooter), TextStyle(dim: true)))
    }

    /// One parameter's line, its description wrapped under itself when the window is narrow.
    func writeParameter(_ spec: ParameterSpec) {
        let line = parameterLine(spec)
        guard displayWidth(line) >= context.width, !spec.description.isEmpty else { write(line); return }
        let head = String(line.dropLast(spec.description.count + 2))
        write(head)
        writeWrapped("      ", spec.description)
    }

    func parameterLine(_ spec: ParameterSpec) -> String {
        let value = progress.parameters[spec.name] ?? spec.value
        var line = "  " + styled(spec.name, TextStyle(bold: true)) + " = " + value
        if progress.parameters[spec.name] != nil {
            line += styled(words(.lessonValue, spec.value), TextStyle(dim: true))
        }
        if let range = spec.range {
            let (low, high) = (formatNumber(range.lowerBound), formatNumber(range.upperBound))
            line += styled(words(.parameterRange, low, high), TextStyle(dim: true))
        }
        if let step = spec.slideStep {
            line += styled(words(.parameterSlideStep, formatNumber(step)), TextStyle(dim: true))
        }
        if !spec.description.isEmpty { line += "  " + spec.description }
        return line
    }

    /// `:params`.
    public func listParameters() {
        let specs = parameters
        if specs.isEmpty { write(words(.noParameters)); return }
        for spec in specs { writeParameter(spec) }
    }

    /// `:set NAME=VALUE`: override a parameter and re-run what depends on it.
    public func set(_ assignment: String) {
        guard let eq = assignment.firstIndex(of: "=") else { write(words(.writeSet)); return }
        let name = assignment[..<eq].stripping(" "),
            value = assignment[assignment.index(after: eq)...].stripping(" ")
        if name.isEmpty {
            // `:set =1`: no name at all, not a name that is not a parameter.
            guard let example = parameters.first else { write(words(.noParameters)); return }
            writeWrapped(
                "", words(.setNameMissing, example.name, progress.parameters[example.name] ?? example.value))
            return
        }
        guard let spec = parameters.first(where: { $0.name == name }) else {
            write(words(parameters.isEmpty ? .notAParameter : .notAParameterSeeParams, code(name)))
            return
        }
        if let range = spec.range, let x = Double(value), !range.contains(x) {
            write(
                words(
                    .outsideRange, name, value, formatNumber(range.lowerBound), formatNumber(range.upperBound)
                ))
            return
        }
        guard !value.isEmpty else { write(words(.giveAValue, name)); return }
        // One expression, nothing after it: `:set eta=0.5; while true end` is not a value.
        guard isParameterValue(name, value) else {
            writeWrapped(
                "",
                words(
                    .notOneExpression, code(value), name, progress.parameters[name] ?? spec.value, spec.value)
            )
            return
        }
        settingParameter = name
        defer { settingParameter = nil }
        transaction(":set \(name)=\(value)") {
            progress.parameters[name] = value
            guard rerunGraph(changed: [name]) else { return false }
            saveProgress()
            return true
        }
    }

    /// The first params step at or before the current one that defines any of `names` (all params cells when nil).
    func parameterStep(for names: Set<String>?) -> Int? {
        steps.indices.first { k in
            guard k <= current, let cell = steps[k].cell, cell.kind == .params else { return false }
            return names.map { n in cell.parameters.contains { n.contains($0.name) } } ?? true
        }
    }

    /// Whether `value` is one Lab expression that `name = value` assigns, with nothing after it.
    func isParameterValue(_ name: String, _ value: String) -> Bool {
        onLargeStack(for: value) {
            let (statements, errors) = Parser.parse("\(name) = \(value)")
            guard errors.isEmpty, statements.count == 1 else { return false }
            guard case .assign(.name, .none, _, _) = statements[0] else { return false }
            return true
        }
    }

    /// `:rerun`: the cells downstream of the first parameters cell run again (`rerunGraph`);
    /// the shown ones show their new output. All or nothing.
    public func rerun() {
        transaction(":rerun") { rerunGraph(changed: nil) }
    }
}
