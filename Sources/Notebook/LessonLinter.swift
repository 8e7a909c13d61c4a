import Diagnostics

/// `metalab lint`: a lesson's structure alone, nothing run — ids unique,
/// every `for=` names an exercise, every exercise has a check and a solution.
public enum LessonLinter {
    public static func lint(_ lesson: Lesson) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let file = lesson.path
        var seen: [String: Cell] = [:]
        for cell in lesson.cells {
            guard let id = cell.id else { continue }
            if let first = seen[id] {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "the id `\(id)` is used twice", range: cell.range(of: "id"),
                        sourceName: file,
                        notes: ["note: first used on line \(first.infoRange.start.line)"]))
            } else {
                seen[id] = cell
            }
        }
        let exercises = lesson.cells.filter { $0.kind == .exercise }
        let exerciseIDs = Set(exercises.compactMap(\.id))
        for cell in lesson.cells where [.check, .hint, .solution].contains(cell.kind) {
            guard let owner = cell["for"] else { continue }
            if !exerciseIDs.contains(owner) {
                let nearest =
                    exerciseIDs.sorted().first.map {
                        " (the exercises here: \(exerciseIDs.sorted().joined(separator: ", ")); first \($0))"
                    } ?? ""
                problems.append(
                    Diagnostic(
                        kind: .lesson,
                        message: "`for=\(owner)` names no exercise in this lesson"
                            + (nearest.isEmpty ? "" : ""),
                        range: cell.range(of: "for"), sourceName: file,
                        notes: exerciseIDs.isEmpty
                            ? []
                            : ["note: the exercises here are " + exerciseIDs.sorted().joined(separator: ", ")]
                    ))
            }
        }
        for exercise in exercises {
            guard let id = exercise.id else { continue }
            let checks = lesson.cells(.check, for: id)
            if checks.isEmpty
                || !checks.flatMap(\.rules).contains(where: {
                    if case .expect = $0 { return true } else { return false }
                })
            {
                problems.append(
                    Diagnostic(
                        kind: .lesson,
                        message: "exercise `\(id)` has no `check for=\(id)` cell with an `expect` line",
                        range: exercise.infoRange, sourceName: file))
            }
            // `expect vec(x) ~= …` flattens the answer, so a 2×2 passes for a 4-vector and the
            // feedback names the wrong shape; the checker already takes a row or column for a vector.
            let target = exercise["target"] ?? id
            for check in checks {
                for case .expect(let lhs, let approximately, let line) in check.rules
                where approximately != nil && lhs.filter({ $0 != " " }) == "vec(\(target))" {
                    problems.append(
                        Diagnostic(
                            kind: .lesson,
                            message: "`expect vec(\(target)) ~= …` accepts any shape with the right numbers; "
                                + "compare `\(target)` itself (a row or a column already answers a vector)",
                            range: SourceRange(.init(line: line, column: 1)), sourceName: file))
                }
            }
            let solutions = lesson.cells(.solution, for: id)
            if solutions.isEmpty {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "exercise `\(id)` has no `solution for=\(id)` cell",
                        range: exercise.infoRange, sourceName: file))
            } else if solutions.count > 1 {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "exercise `\(id)` has \(solutions.count) solutions; keep one",
                        range: solutions[1].infoRange, sourceName: file))
            }
        }
        for cell in lesson.cells where cell.kind == .params {
            var names = Set<String>()
            for spec in cell.parameters where !names.insert(spec.name).inserted {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "parameter `\(spec.name)` is defined twice",
                        range: SourceRange(.init(line: spec.line, column: 1)), sourceName: file))
            }
        }
        return problems
    }

    /// Course-wide: lesson ids unique, every `requires` names a lesson of the course.
    public static func lint(_ course: Course) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var ids: [String: String] = [:]
        for lesson in course.lessons {
            if let other = ids[lesson.meta.id] {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "lesson id `\(lesson.meta.id)` is also used by \(other)",
                        range: SourceRange(.init(line: 2, column: 1)), sourceName: lesson.path))
            }
            ids[lesson.meta.id] = lesson.path
        }
        for lesson in course.lessons {
            for required in lesson.meta.requires where ids[required] == nil {
                problems.append(
                    Diagnostic(
                        kind: .lesson,
                        message: "`requires` names `\(required)`, which is no lesson of the course",
                        range: SourceRange(.init(line: 2, column: 1)), sourceName: lesson.path))
            }
        }
        return problems
    }
}
