import Foundation
import LabLang
import Terminal

/// `:sweep`: one quantity over a range of a parameter's values, as a table and a plot.
extension LessonSession {
    /// `:sweep NAME RANGE [EXPR]`: EXPR (default: the last command of the last
    /// cell that depends on NAME) for each value of RANGE (`low:step:high`, or
    /// `low..high` for 11 values), as a table and a plot. The state is restored after.
    public func sweep(_ arguments: String) {
        let parts = arguments.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2 else { write(words(.writeSweep)); return }
        let name = parts[0]
        guard let spec = parameters.first(where: { $0.name == name }) else {
            write(words(.notAParameterSeeParams, code(name))); return
        }
        guard let values = sweepValues(parts[1]), !values.isEmpty, values.count <= Self.maximumSweep else {
            write(words(.cannotReadRange, code(parts[1])))
            return
        }
        // The parameter's declared range holds for a sweep as for :set (a value outside it may
        // not even run: lesson 22's σ = 0 makes its least squares singular).
        if let range = spec.range, let outside = values.first(where: { !range.contains($0) }) {
            write(
                words(
                    .sweepOutsideRange, name, formatSweep(outside), formatNumber(range.lowerBound),
                    formatNumber(range.upperBound)))
            return
        }
        guard let p = parameterStep(for: [name]) else { write(words(.parameterSetUpLater, name)); return }
        var expression = parts.count == 3 ? parts[2] : nil
        if expression == nil {
            var names: Set<String> = [name]
            for k in p...current {
                guard let cell = steps[k].cell else { continue }
                let reached = reachedNames(cell, forward: k < current, dirty: names)
                if !reached.isEmpty {
                    names.formUnion(reached)
                    if cell.kind == .lab, let last = cell.transcript.last?.input, !last.contains("\n") {
                        expression = last
                    }
                }
            }
        }
        guard let expression else { write(words(.nameTheQuantity, name, parts[1])); return }
        let saved = captureState()
        var rows: [(Double, Double?)] = []
        var problem: String? = nil
        for x in values {
            progress.parameters[name] = formatNumber(x)
            stopSeen = false
            failureSeen = false
            transactionDepth += 1
            let ran = rerunGraph(changed: [name], quiet: true)
            transactionDepth -= 1
            if stopSeen { break }
            guard ran else {
                rows.append((x, nil))
                problem = problem ?? words(.sweepCellsFail, name, formatNumber(x))
                restoreState(saved)
                continue
            }
            switch evaluator.value(of: expression, name: "<sweep>", line: 1) {
            case .success(let v):
                if let n = v.numbers, n.count == 1 {
                    rows.append((x, n[0]))
                } else {
                    rows.append((x, nil))
                    problem =
                        problem ?? words(.sweepNotANumber, code(expression), v.shapeDescription(language))
                }
            case .failure(let d):
                rows.append((x, nil))
                problem = problem ?? "\(code(expression)): \(d.message)"
            }
            restoreState(saved)
        }
        let stopped = stopSeen
        restoreState(saved)
        stopSeen = false
        failureSeen = false
        if stopped {
            write(styled(words(.sweepStopped), TextStyle(dim: true)))
            return
        }
        let header = [name, expression]
        let cells = rows.map { [formatSweep($0.0), $0.1.map(formatSweep) ?? words(.sweepErrorCell)] }
        let w0 = max(displayWidth(header[0]), cells.map { displayWidth($0[0]) }.max() ?? 0)
        write(styled(header[0].padded(toWidth: w0) + "  " + header[1], TextStyle(bold: true)))
        for c in cells { write(c[0].leftPadded(toWidth: w0) + "  " + c[1]) }
        if let problem {
            writeWrapped("", words(.sweepError, problem, name, parts[1]))
        }
        let good = rows.compactMap { r in r.1.map { (r.0, $0) } }
        if good.count >= 2 {
            let plotSource =
                "plot([\(good.map { formatSweep($0.0) }.joined(separator: ", "))], [\(good.map { "\($0.1)" }.joined(separator: ", "))]; xlabel = \"\(name)\", title = \(quoteLab(expression)))"
            let run = evaluator.run(plotSource, name: "<sweep>", firstLine: 1)
            if run.succeeded, !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
            evaluator.restore(saved.evaluator)
        }
        _ = spec
    }

    /// The values of `LOW:STEP:HIGH` or `LOW..HIGH` (11 values), nil when they are not
    /// finite numbers or more than `maximumSweep`: counted before any is made, since
    /// `0:1e-300:1e308` has ∞ of them (it crashed) and `0:1e-9:1` a billion.
    func sweepValues(_ text: String) -> [Double]? {
        let values: [Double]
        if text.contains("..") {
            let ends = text.components(separatedBy: "..").compactMap { Double($0) }
            guard ends.count == 2 else { return nil }
            values = (0...10).map { ends[0] + (ends[1] - ends[0]) * Double($0) / 10 }
        } else {
            let parts = text.split(separator: ":").compactMap { Double($0) }
            guard parts.count == text.split(separator: ":").count else { return nil }
            let (low, step, high) =
                parts.count == 3
                ? (parts[0], parts[1], parts[2]) : parts.count == 2 ? (parts[0], 1, parts[1]) : (0, 0, 0)
            let steps = ((high - low) / step + 1e-9).rounded(.down)
            guard step != 0, steps >= 0, steps < Double(Self.maximumSweep) else { return nil }
            values = (0...Int(steps)).map { low + Double($0) * step }
        }
        return values.allSatisfy(\.isFinite) ? values : nil
    }

    /// The most values a sweep takes (`cannotReadRange` says so).
    static let maximumSweep = 200

    func formatSweep(_ x: Double) -> String {
        let r = (x * 1e12).rounded() / 1e12
        return String(format: "%g", r)
    }

    func quoteLab(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
