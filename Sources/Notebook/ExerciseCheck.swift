import Diagnostics
import Foundation
import LabLang
import Terminal

/// The verdict on an exercise after a command.
public enum ExerciseVerdict: Sendable, Equatable {
    case passed
    /// A `when` rule matched: its message.
    case misconception(String)
    /// Some `expect` failed and no rule matched; the report says which and why.
    case notYet(String)
    /// The target is not defined yet: the learner is still working.
    case incomplete
    /// A rule was stopped (past the timeout, or Ctrl-C) before it gave an answer: the lesson's
    /// check code loops. The text names the rule and its line (`when spin() == 2` on line 60).
    case stopped(String)
}

/// Checks an exercise on the resulting state, not on the typed text.
public struct ExerciseChecker {
    public var tolerance: Tolerance
    /// The language of the feedback (`Message`).
    public var language: Language

    public init(tolerance: Tolerance, language: Language = .en) {
        self.tolerance = tolerance
        self.language = language
    }

    /// Runs `rules` against the evaluator's current state. `target` (the
    /// exercise's `target=`) undefined means the learner is not done typing.
    public func verdict(rules: [CheckRule], target: String?, evaluator: any CellEvaluator, file: String) -> (
        ExerciseVerdict, report: String
    ) {
        let watched = StopWatchingEvaluator(evaluator)
        let (verdict, report) = uncheckedVerdict(rules: rules, target: target, evaluator: watched, file: file)
        if let line = watched.stoppedAt {
            let rule = rules.first { $0.line == line }?.code ?? "check"
            return (.stopped(Message.checkRuleAt.text(language, rule, "\(line)")), report)
        }
        return (verdict, report)
    }

    func uncheckedVerdict(rules: [CheckRule], target: String?, evaluator: StopWatchingEvaluator, file: String)
        -> (ExerciseVerdict, report: String)
    {
        if let target, case .failure = evaluator.value(of: target, name: file, line: 0) {
            return (.incomplete, Message.targetNotDefinedYet.text(language, target))
        }
        var failures: [String] = []
        var lines: [String] = []
        for rule in rules {
            guard case .expect(let expression, let approximately, let line) = rule else { continue }
            let (ok, detail, said) = expect(
                expression, approximately: approximately, line: line, evaluator: evaluator, file: file)
            lines.append(
                (ok ? "✓ " : "✗ ") + "expect \(expression)\(approximately.map { " ~= \($0)" } ?? "")"
                    + (detail.isEmpty ? "" : "\n    " + detail))
            if !ok {
                failures.append(said.isEmpty ? Message.expectationNotTrue.text(language, expression) : said)
            }
        }
        let report = lines.joined(separator: "\n")
        if failures.isEmpty { return (.passed, report) }
        for rule in rules {
            guard case .when(let expression, let message, let line) = rule else { continue }
            if evaluator.stoppedAt != nil { break }
            if case .success(.bool(true)) = evaluator.value(of: expression, name: file, line: line) {
                return (.misconception(message), report)
            }
        }
        return (.notYet(failures[0]), report)
    }

    /// Whether every `when` rule's condition holds in the evaluator's state (for `metalab check` reachability).
    func matches(_ expression: String, line: Int, evaluator: any CellEvaluator, file: String) -> Bool {
        if case .success(.bool(true)) = evaluator.value(of: expression, name: file, line: line) {
            return true
        }
        return false
    }

    /// One `expect`: whether it holds, the full detail for `:why` (expected against got),
    /// and what the learner is told at once, which never gives the expected value away.
    func expect(
        _ expression: String, approximately: String?, line: Int, evaluator: StopWatchingEvaluator,
        file: String
    ) -> (Bool, String, String) {
        switch evaluator.value(of: expression, name: file, line: line) {
        case .failure(let diagnostic):
            let text = "`\(expression)`: \(diagnostic.message(in: language))"
            return (false, text, text)
        case .success(let got):
            guard let approximately else {
                if case .bool(true) = got { return (true, "", "") }
                let text = Message.expressionIs.text(language, expression, describe(got))
                return (false, text, text)
            }
            switch evaluator.value(of: approximately, name: file, line: line) {
            case .failure(let diagnostic):
                let text = "`\(approximately)`: \(diagnostic.message(in: language))"
                return (false, text, text)
            case .success(let want):
                let (ok, detail) = compare(got: got, want: want, tolerance: tolerance)
                return (ok, detail, ok ? "" : feedback(got: got, want: want))
            }
        }
    }

    /// What is wrong with `got`, without saying what `want` is: the shape, or at the worst
    /// entry the sign (alone, without the value) or how much too large or small (a factor
    /// of 2 is a clue in itself).
    func feedback(got: CheckValue, want: CheckValue) -> String {
        guard let g = got.numbers, let w = want.numbers else {
            return Message.notItYet.text(language, describe(got))
        }
        // safe to say
        if !Self.sameShape(got, want) { return compare(got: got, want: want, tolerance: tolerance).1 }
        var worst = 0
        for k in w.indices where abs(g[k] - w[k]) > abs(g[worst] - w[worst]) || (g[k] - w[k]).isNaN {
            worst = k
        }
        let (a, b) = (g[worst], w[worst])
        let place = w.count == 1 ? "" : Message.atIndex.text(language, multiIndex(worst, shape: want.shape))
        let how: String
        if !a.isFinite {
            how = Message.notAFiniteNumber.text(language)
        } else if b == 0 {
            how = (a > 0 ? Message.tooLarge : .tooSmall).text(language)
        } else if a == 0 {
            how = Message.answerIsNotZero.text(language)
        } else if (a > 0) != (b > 0) {
            // Only the sign: with the learner's value beside it, "wrong sign" gives the magnitude away.
            return Message.wrongSign.text(language, place)
        } else {
            let ratio = a / b
            how =
                abs(ratio - 1) < 0.005
                ? Message.closeButOutsideTolerance.text(language, "\(tolerance)")
                : ratio >= 1.95
                    ? Message.timesTooLarge.text(language, formatNumber((ratio * 10).rounded() / 10))
                    : ratio <= 0.513
                        ? Message.timesTooSmall.text(language, formatNumber((1 / ratio * 10).rounded() / 10))
                        : ratio > 1
                            ? Message.percentTooLarge.text(language, "\(Int((100 * (ratio - 1)).rounded()))")
                            : Message.percentTooSmall.text(language, "\(Int((100 * (1 - ratio)).rounded()))")
        }
        return Message.gotValue.text(language, formatNumber(a), place, how)
    }

    /// `got ~= want`: same shape, every element within tolerance; the report
    /// names the largest error and its (1-based) index. An n-vector, a 1×n row and
    /// an n×1 column count as the same shape: a learner's `[a b]` answers `[a, b]`.
    func compare(got: CheckValue, want: CheckValue, tolerance: Tolerance) -> (Bool, String) {
        guard let g = got.numbers, let w = want.numbers else {
            return got == want
                ? (true, "") : (false, Message.expectedGot.text(language, describe(want), describe(got)))
        }
        guard Self.sameShape(got, want) else {
            return (
                false,
                Message.expectedGot.text(
                    language, want.shapeDescription(language), got.shapeDescription(language))
            )
        }
        var worst: (Int, Double)? = nil
        for k in w.indices where !tolerance.allows(got: g[k], want: w[k]) {
            let error = abs(g[k] - w[k])
            if worst == nil || error > worst!.1 || error.isNaN { worst = (k, error) }
        }
        guard let (k, error) = worst else { return (true, "") }
        let index = w.count == 1 ? "" : Message.atIndex.text(language, multiIndex(k, shape: want.shape))
        return (
            false,
            Message.largestError.text(
                language, index, formatNumber(g[k]), formatNumber(w[k]),
                String(format: "%.3g", error), "\(tolerance)")
        )
    }

    /// Both numeric with one shape, where an n-vector, a 1×n row and an n×1 column are one shape.
    static func sameShape(_ got: CheckValue, _ want: CheckValue) -> Bool {
        guard let g = got.numbers, let w = want.numbers else { return false }
        func vectorLike(_ shape: [Int]) -> Bool { shape.filter { $0 != 1 }.count <= 1 }
        return got.shape == want.shape
            || (g.count == w.count && vectorLike(got.shape) && vectorLike(want.shape))
    }

    func describe(_ value: CheckValue) -> String {
        switch value {
        case .number(let x): return formatNumber(x)
        case .bool(let b): return b ? "true" : "false"
        case .tensor(let shape, let v):
            return v.count <= 6
                ? "[" + v.map(formatNumber).joined(separator: ", ") + "]"
                : value.shapeDescription(language) + Message.shapeSuffix.text(language, "\(shape)")
        case .text(let s): return s
        }
    }
}

/// Passes `value(of:)` through and remembers the first rule that was interrupted, so that
/// a looping rule is reported as stopped, not as a wrong answer; after it, nothing more runs.
final class StopWatchingEvaluator {
    let base: any CellEvaluator
    var stoppedAt: Int?
    init(_ base: any CellEvaluator) { self.base = base }

    func value(of expression: String, name: String, line: Int) -> Result<CheckValue, Diagnostic> {
        if stoppedAt != nil { return .failure(Diagnostic(kind: .interrupted, message: "interrupted")) }
        let result = base.value(of: expression, name: name, line: line)
        if case .failure(let d) = result, d.kind == .interrupted { stoppedAt = line }
        return result
    }
}

/// `[i, j]` (1-based) for flat row-major index `k` in `shape`.
func multiIndex(_ k: Int, shape: [Int]) -> String {
    guard shape.count > 1 else { return "[\(k + 1)]" }
    var rest = k
    var parts: [Int] = []
    for size in shape.reversed() {
        parts.append(rest % max(size, 1) + 1)
        rest /= max(size, 1)
    }
    return "[" + parts.reversed().map(String.init).joined(separator: ", ") + "]"
}
