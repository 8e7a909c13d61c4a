import Foundation
import Terminal
import Testing

@testable import Notebook

/// Everything a lesson session prints fits the window (issue 16, "Output that fits the
/// window"): the session writes through `WindowFit.fitted`, code echoes wrap with a
/// continuation marker, inline code and formulas stay whole.
@Suite struct WindowFitSessionTests {
    final class Lines: @unchecked Sendable {
        var all: [String] = []
    }

    static func session(_ path: String, width: Int) throws -> (LessonSession, Lines) {
        let context = TerminalContext(colorMode: .none, width: width)
        let lines = Lines()
        let session = LessonSession(
            lesson: try LessonParser.parse(contentsOf: path), evaluator: LabCellEvaluator(context: context),
            renderer: ProseRenderer(context: context, math: .formulas), store: nil,
            readFolders: [SessionHarness.lessons + "/../Datasets"], write: { lines.all.append($0) })
        return (session, lines)
    }

    /// Lesson 7's heatmap line was 94 columns at 80 and the terminal cut it.
    @Test(arguments: [60, 80])
    func aLongCommandIsEchoedWrappedWithAMarker(width: Int) throws {
        let (session, _) = try Self.session(SessionHarness.lessons + "/07-pcgrad.md", width: width)
        let command =
            "heatmap((G3 * G3') ./ (n3 * n3'); labels = list(\"g₁\", \"g₂\", \"g₃\"), title = \"cosines of the task gradients\")"
        let lines = session.promptText(command).split(separator: "\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { displayWidth($0) <= width }, "\(lines)")
        #expect(lines[0].hasPrefix("> ") && lines.dropFirst().allSatisfy { $0.hasPrefix("… ") }, "\(lines)")
        // Breaks fall between tokens: the pieces joined by spaces give the command back,
        // and the title string is never cut ("co" / "sines").
        #expect(lines.map { String($0.dropFirst(2)) }.joined(separator: " ") == command)
        #expect(lines.contains { $0.contains("\"cosines of the task gradients\")") })
    }

    @Test func aShortCommandIsEchoedAsTyped() throws {
        let (session, _) = try Self.session(SessionHarness.lessons + "/07-pcgrad.md", width: 80)
        #expect(session.promptText("x = 1\ny = 2") == "> x = 1\n+ y = 2")
    }

    /// The hint `Fb = copy(train_fixed.F); Fb[:, 11] = zeros(size(Fb, 1));` broke as
    /// `zeros(size(Fb,` / `1))`: inline code that fits a line moves to its own line whole.
    @Test func inlineCodeInAHintMovesToItsOwnLineWhole() {
        let code = "Fb = copy(train_fixed.F); Fb[:, 11] = zeros(size(Fb, 1));"
        let blocks = LessonParser.markdown("Copy the matrix, then zero its last column:\n`\(code)`")
        for width in [60, 70, 80] {
            let text = ProseRenderer(context: TerminalContext(colorMode: .none, width: width)).render(blocks)
            #expect(text.split(separator: "\n").contains { $0.contains("`\(code)`") }, "\(width): \(text)")
        }
    }

    /// A `when` message with `$\alpha = 0.25$` broke as "α" / "= 0.25" when wrapped.
    @Test func aFormulaInAMessageIsNotBrokenAtItsSpaces() throws {
        for width in 40...70 {
            let (session, lines) = try Self.session(SessionHarness.lessons + "/07-pcgrad.md", width: width)
            session.writeWrapped(
                "✗ ",
                session.inlineMarkdown(
                    "Take two steps of plain gradient descent on the loss with $\\alpha = 0.25$ from the start."
                ))
            let text = lines.all.joined(separator: "\n")
            #expect(text.contains("α = 0.25"), "\(width): \(text)")
            #expect(text.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= width })
        }
    }

    /// "vₐ" and "v_b" sat in one paragraph (lesson 14): a paragraph's formulas agree.
    @Test func oneParagraphWritesSubscriptsOneWay() {
        let renderer = ProseRenderer(context: TerminalContext(colorMode: .none, width: 80), math: .formulas)
        let text = renderer.render(LessonParser.markdown("The head $v_a$ and the body $v_b$ and $x_1$."))
        #expect(text == "The head v_a and the body v_b and x_1.", "\(text)")
        let alone = renderer.render(LessonParser.markdown("Only $x_1$ and $v_a$ here."))
        #expect(alone == "Only x₁ and vₐ here.", "\(alone)")
    }
}

/// Every lesson (English and Chinese), every builtin's help and the common errors, walked at
/// 60, 80 and 120 columns: no line is wider than the window (East Asian Width aware) and no
/// word or number is split across lines.
// Serialized for the CPU, not for Ctrl-C: tests here run whole lessons; all started
// at once on 2 cores, they starved the rest of the process past its time limits (a limit
// counts from a test's start, queue time included).
@Suite(.serialized) struct EverythingFitsTheWindowTests {
    static let lessons: [String] = {
        let folder = SessionHarness.lessons
        let english = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let chinese = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/zh")) ?? []
        return english.filter { $0.hasSuffix(".md") }.sorted().map { folder + "/" + $0 }
            + chinese.filter { $0.hasSuffix(".md") }.sorted().map { folder + "/zh/" + $0 }
    }()

    /// Letters and digits runs of `text`: the words a broken line may not split.
    static func words(_ text: String) -> Set<String> {
        Set(text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init))
    }

    /// The problems in `lines` at `width`: too wide, or a word of `dictionary` / a number split.
    static func problems(_ lines: [String], width: Int, dictionary: Set<String>) -> [String] {
        var found: [String] = []
        for line in lines where displayWidth(line) > width {
            found.append("\(displayWidth(line)) columns: \(line)")
        }
        func isWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        for (a, b) in zip(lines, lines.dropFirst()) {
            var tail = Substring(a)
            while tail.last == " " { tail = tail.dropLast() }
            var head = Substring(b).drop { $0 == " " }
            if head.hasPrefix("… ") { head = head.dropFirst(2) }
            guard let last = tail.last, let first = head.first else { continue }
            let before = String(tail.split(separator: " ").last ?? "")
            let after = String(head.split(separator: " ").first ?? "")
            // A number: "1.69e+0" / "3", "[4" / ".79498".
            let number =
                before.range(of: #"[0-9]\.$"#, options: .regularExpression) != nil && first.isNumber
                || last.isNumber && after.hasPrefix(".")
                    && after.dropFirst().first?.isNumber == true
                || before.range(of: #"[0-9]e[+-]?[0-9]*$"#, options: .regularExpression) != nil
                    && first.isNumber
            if number { found.append("number split: \(a) / \(b)") }
            // A word: "xs" / "cale", "itera" / "tions".
            if isWordChar(last) && isWordChar(first) {
                let t1 = String(tail.reversed().prefix(while: isWordChar).reversed())
                let t2 = String(head.prefix(while: isWordChar))
                if dictionary.contains(t1 + t2) && !(dictionary.contains(t1) && dictionary.contains(t2)) {
                    found.append("word split: \(t1) / \(t2)")
                }
            }
        }
        return found
    }

    static func walk(_ path: String, width: Int) throws -> [String] {
        let (session, lines) = try WindowFitSessionTests.session(path, width: width)
        session.start()
        for _ in 0...session.lesson.steps.count {
            if session.activeExercise != nil {
                for _ in 0..<4 { session.hint() }
                session.check()
                session.why()
                session.solution()
                session.skip()
            }
            session.next()
        }
        return lines.all.flatMap {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test(.timeLimit(.minutes(10)), arguments: [60, 80, 120])
    func everyLessonFits(width: Int) throws {
        #expect(Self.lessons.count > 30)
        for path in Self.lessons {
            let dictionary = Self.words(try String(contentsOfFile: path, encoding: .utf8))
            let problems = Self.problems(
                try Self.walk(path, width: width), width: width, dictionary: dictionary)
            #expect(problems.isEmpty, "\(path) at \(width): \(problems.prefix(5))")
        }
    }

    /// `?plot`, `?maml` …, and the errors a learner meets, through the session's writer.
    @Test(.timeLimit(.minutes(5)), arguments: [60, 80, 120])
    func everyHelpAndErrorFits(width: Int) throws {
        let (session, lines) = try WindowFitSessionTests.session(
            SessionHarness.lessons + "/00-welcome.md", width: width)
        let names = LabCellEvaluator().completionNames().filter { $0.first?.isLetter == true }
        #expect(names.count > 100)
        for name in names { session.enter("help(\"\(name)\")") }
        let errors = [
            "lenght([1, 2, 3])", "x = (1 + 2", "sin(1, 2, 3, 4, 5)", "[1, 2, 3] + [1, 2]",
            "ones(2, 3) * ones(2, 3)",
            "zeros(3)[7]",
            "maml(1; iterations = \"many\", meta_batch = 2, inner_steps = 3, learning_rate = 0.1)",
            "plot(1:3, [1, 2]; title = \"a title that is long enough to need more than one line of text anyway\")",
            "x**2", "np.zeros(3)", "undefined_function_with_a_rather_long_name_that_is_not_defined(1, 2, 3)",
            "\"a\" + 1", "reshape(1:6, 4, 4)", "inv([1 2; 2 4])",
        ]
        for source in errors { session.enter(source) }
        let all = lines.all.flatMap {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let dictionary = Set(all.flatMap { Self.words($0) })
        #expect(all.count > 500)
        let problems = Self.problems(all, width: width, dictionary: dictionary)
        #expect(problems.isEmpty, "\(problems.prefix(8))")
    }

    /// The checker itself: it finds the splits quoted in issue 16.
    @Test func theCheckerFindsTheQuotedSplits() {
        let dictionary: Set<String> = ["xscale", "xs", "iterations", "the"]
        #expect(!Self.problems(["use xs", "cale = :log"], width: 80, dictionary: dictionary).isEmpty)
        #expect(!Self.problems(["run for itera", "tions"], width: 80, dictionary: dictionary).isEmpty)
        #expect(!Self.problems(["loss = 1.69e+0", "3"], width: 80, dictionary: dictionary).isEmpty)
        #expect(!Self.problems(["w = [4", ".79498]"], width: 80, dictionary: dictionary).isEmpty)
        #expect(!Self.problems(["中文中文中文"], width: 10, dictionary: dictionary).isEmpty)
        #expect(Self.problems(["use xs", "the scale"], width: 80, dictionary: dictionary).isEmpty)
        #expect(Self.problems(["0.2 0.3", "0.4 0.5"], width: 80, dictionary: dictionary).isEmpty)
        #expect(
            Self.problems(["  1. The experts.", "  2. The gates."], width: 80, dictionary: dictionary).isEmpty
        )
        #expect(!Self.problems(["x = 12.", "5 more"], width: 80, dictionary: dictionary).isEmpty)
    }
}
