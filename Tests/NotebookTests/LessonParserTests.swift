import Diagnostics
import Foundation
import Testing

@testable import Notebook

/// The fixture lessons beside this file.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        .path
}

@Suite struct LessonParserTests {
    @Test func readsFrontMatter() throws {
        let lesson = try LessonParser.parse(contentsOf: fixture("every-kind.md"))
        #expect(lesson.meta.id == "fixture.every-kind")
        #expect(lesson.meta.title == "Every cell kind")
        #expect(lesson.meta.order == 1)
        #expect(lesson.meta.seed == 7)
        #expect(lesson.meta.timeout == 5)
        #expect(lesson.meta.minutes == 3)
        #expect(lesson.meta.tolerance == Tolerance(rtol: 1e-6, atol: 1e-9))
    }

    @Test func findsEveryCellKindWithItsLine() throws {
        let lesson = try LessonParser.parse(contentsOf: fixture("every-kind.md"))
        let kinds = Set(lesson.cells.map(\.kind))
        #expect(kinds == Set(CellKind.allCases))
        let setup = try #require(lesson.cell(id: "data"))
        #expect(setup.bodyFirstLine == 23)
        #expect(setup.body == "w = 3\n")
        let lab = try #require(lesson.cell(id: "first"))
        #expect(lab["rtol"] == "1e-3")
        #expect(lab.transcript.map(\.input) == ["w + 1", "w * alpha"])
        #expect(lab.transcript[0].expected == ["4"])
        #expect(lab.transcript[0].line == 41)
        #expect(lab.infoRange.start == SourceLocation(line: 40, column: 4))
        let params = try #require(lesson.cell(id: "knobs"))
        #expect(
            params.parameters == [
                ParameterSpec(name: "alpha", value: "0.5", range: 0...1, description: "step size α", line: 27)
            ])
        let check = try #require(lesson.cells(.check, for: "ex1").first)
        #expect(
            check.rules == [
                .expect("double", approximately: "2w", line: 56),
                .when("double == w", message: "that is `w` itself: multiply it by 2", line: 57),
            ])
        #expect(lesson.cells(.hint, for: "ex1").count == 2)
        let quiz = try #require(lesson.cell(id: "q1")?.quiz)
        #expect(quiz.question == "What is $2 + 2$?")
        #expect(quiz.options.map(\.correct) == [false, true, false])
        #expect(quiz.options[0].feedback == "one short")
    }

    @Test func protectsMathFromMarkdown() throws {
        let lesson = try LessonParser.parse(contentsOf: fixture("every-kind.md"))
        let paragraphs = lesson.items.compactMap { item -> [MarkdownInline]? in
            if case .prose(.paragraph(let inlines)) = item { return inlines } else { return nil }
        }
        let first = try #require(paragraphs.first)
        #expect(first.contains(.math("\\alpha_1 * \\beta_2")))
        #expect(first.contains(.emphasis([.text("every")])))
        #expect(first.plainText.contains("costs $5 and $6"))
        let display = lesson.items.contains {
            if case .prose(.displayMath(let l)) = $0 {
                return l == "\\mathcal L(\\theta) = \\sum_i \\ell_i"
            } else {
                return false
            }
        }
        #expect(display)
    }

    @Test func stepsEndAtCellsAndPauses() throws {
        let lesson = try LessonParser.parse(contentsOf: fixture("every-kind.md"))
        #expect(
            lesson.steps.map { $0.cell?.id } == [nil, "data", "knobs", nil, "first", "ex1", "q1", "pic", nil])
        #expect(lesson.sections.map(\.title) == ["Setting up", "Running"])
        #expect(lesson.steps[4].endsWithPause == false)
        let table = lesson.items.contains {
            if case .prose(.table(let h, let rows)) = $0 {
                return h.count == 2 && rows.count == 1
            } else {
                return false
            }
        }
        #expect(table)
    }

    @Test func everyProblemIsLocated() {
        #expect(throws: LessonProblems.self) { try LessonParser.parse(contentsOf: fixture("broken.md")) }
        do {
            _ = try LessonParser.parse(contentsOf: fixture("broken.md"))
        } catch {
            let messages = error.diagnostics.map { "\($0.range?.start.description ?? "-") \($0.message)" }
            #expect(messages.contains("4:1 unknown front matter key `colour`"))
            #expect(messages.contains("7:13 `rtol` must be a number ≥ 0, found `abc`"))
            #expect(messages.contains("8:1 expected a `> ` command line before output in a lab cell"))
            #expect(messages.contains("13:8 `bogus` is not an attribute of a lab cell"))
            #expect(messages.contains { $0.hasPrefix("13:4 a lab cell needs a stable `id=`") })
            #expect(messages.contains("18:4 unknown cell kind `exercize`"))
            #expect(error.diagnostics.allSatisfy { $0.sourceName == fixture("broken.md") })
            let rendered = error.rendered()
            #expect(
                rendered.contains(
                    "broken.md:7:13: error: `rtol` must be a number ≥ 0, found `abc`\n 7 | ```lab id=a rtol=abc\n   |             ^~~~~~~~"
                ))
        }
    }

    @Test func missingFrontMatterAndBadYAMLAreLocated() {
        for (text, expected) in [
            ("# no front matter\n", "1:1 a lesson starts with `---` YAML front matter (id, title, …)"),
            ("---\nid: a\ntitle: [unclosed\n---\n", "the front matter is not valid YAML"),
            ("---\ntitle: T\n---\n", "the front matter needs an `id`"),
        ] {
            do {
                _ = try LessonParser.parse(text, path: "x.md")
                Issue.record("parsed \(text)")
            } catch {
                let all = error.diagnostics.map { "\($0.range?.start.description ?? "-") \($0.message)" }
                    .joined(separator: "\n")
                #expect(all.contains(expected), "\(all)")
            }
        }
    }

    @Test func lintFindsUnresolvedReferences() throws {
        let text = """
            ---
            id: l
            title: L
            ---

            ```exercise id=e
            ```

            ```hint for=f
            h
            ```

            ```lab id=e
            > 1
            1
            ```
            """
        let lesson = try LessonParser.parse(text, path: "l.md")
        let messages = LessonLinter.lint(lesson).map(\.message)
        #expect(messages.contains("the id `e` is used twice"))
        #expect(messages.contains("`for=f` names no exercise in this lesson"))
        #expect(messages.contains("exercise `e` has no `check for=e` cell with an `expect` line"))
        #expect(messages.contains("exercise `e` has no `solution for=e` cell"))
    }

    // Issue 16: checks that flattened the answer accepted a 5×5 for a 25-vector.
    @Test func lintFlagsACheckThatFlattensTheAnswer() throws {
        let text = """
            ---
            id: l
            title: L
            ---

            ```exercise id=e target=x
            x =
            ```

            ```check for=e
            expect vec(x) ~= [1, 2]
            expect vec(x .+ 1) ~= [2, 3]
            ```

            ```solution for=e
            x = [1, 2]
            ```
            """
        let problems = LessonLinter.lint(try LessonParser.parse(text, path: "l.md"))
        #expect(
            problems.map(\.message) == [
                "`expect vec(x) ~= …` accepts any shape with the right numbers; compare `x` itself (a row or a column already answers a vector)"
            ])
        #expect(problems.first?.range?.start.line == 11)
    }
}
