import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Notebook

/// Translated lessons against their English source (issue 19): small fixture pairs, each
/// translation edited in one way from an in-step one.
@Suite struct TranslationCheckTests {
    static let english = """
        ---
        id: fixture.pair
        title: A pair
        order: 3
        seed: 5
        ---

        # A pair

        Some prose with $\\alpha$.

        ```lab id=first
        > 1 + 2
        3
        ```

        ```plot id=picture
        > plot(x -> x^2, -1, 1; title = "a parabola", label = "x²")
        (drawing)
        ```

        Double it:

        ```exercise id=ex target=y
        y = 
        ```

        ```check for=ex
        expect y ~= 6
        when y == 3: "you forgot to double"
        ```

        ```hint for=ex
        Multiply by two.
        ```

        ```hint for=ex
        y = 2 * 3
        ```

        ```solution for=ex
        y = 2 * 3
        ```

        ```math id=f
        f(x) = x \\quad\\text{for all } x
        ```

        ```params id=knobs
        alpha = 0.5  range=0..1  "step size α"
        ```

        """

    /// The Chinese translation of `english`: prose, `\text{}`, `when` message, hints,
    /// parameter description and the plot's title translated; everything that runs unchanged.
    static let chinese = """
        ---
        id: fixture.pair
        title: 一对课
        order: 3
        seed: 5
        ---

        # 一对课

        一段含 $\\alpha$ 的文字。

        ```lab id=first
        > 1 + 2
        3
        ```

        ```plot id=picture
        > plot(x -> x^2, -1, 1; title = "抛物线", label = "x²")
        (图)
        ```

        把它加倍：

        ```exercise id=ex target=y
        y = 
        ```

        ```check for=ex
        expect y ~= 6
        when y == 3: "忘了乘以 2"
        ```

        ```hint for=ex
        乘以 2。
        ```

        ```hint for=ex
        y = 2 * 3
        ```

        ```solution for=ex
        y = 2 * 3
        ```

        ```math id=f
        f(x) = x \\quad\\text{对所有 } x
        ```

        ```params id=knobs
        alpha = 0.5  range=0..1  "步长 α"
        ```

        """

    func problems(_ translation: String, source: String = english) throws -> [Diagnostic] {
        let zh = try LessonParser.parse(translation, path: "Lessons/zh/03-pair.md")
        let en = try LessonParser.parse(source, path: "Lessons/03-pair.md")
        return TranslationCheck.compare(translation: zh, source: en)
    }

    /// The one problem `edited` has, checked to name both files and to sit on `line`.
    func single(_ edited: String, line: Int, containing phrase: String) throws {
        let found = try problems(edited)
        try #require(found.count == 1, "\(found.map(\.description))")
        let d = found[0]
        #expect(d.sourceName == "Lessons/zh/03-pair.md")
        #expect(d.message.contains("Lessons/03-pair.md"))
        #expect(d.message.contains(phrase), "\(d.message)")
        #expect(d.range?.start.line == line, "\(d.description)")
    }

    @Test func aTranslationInStepPasses() throws {
        #expect(try problems(Self.chinese).isEmpty)
        let zh = try LessonParser.parse(Self.chinese, path: "Lessons/zh/03-pair.md")
        let en = try LessonParser.parse(Self.english, path: "Lessons/03-pair.md")
        // The plot's title is translated, so the translation must run on its own.
        #expect(!TranslationCheck.runsIdentically(zh, en))
        #expect(TranslationCheck.runsIdentically(en, en))
    }

    @Test func aMissingCellIsNamedWhereItShouldStand() throws {
        let edited = Self.chinese.replacingOccurrences(of: "```lab id=first\n> 1 + 2\n3\n```\n", with: "")
        // The plot cell, which now stands where `first` stood, is on line 13.
        try single(edited, line: 13, containing: "`lab id=first` cell is missing")
    }

    @Test func anAddedCellIsNamed() throws {
        let edited = Self.chinese.replacingOccurrences(
            of: "```plot id=picture", with: "```lab id=extra\n> 2\n2\n```\n\n```plot id=picture")
        try single(edited, line: 17, containing: "`lab id=extra` cell is not in the English lesson")
    }

    @Test func reorderedCellsAreNamed() throws {
        let lab = "```lab id=first\n> 1 + 2\n3\n```\n"
        let math = "```math id=f\nf(x) = x \\quad\\text{对所有 } x\n```\n"
        let edited = Self.chinese.replacingOccurrences(of: lab, with: "@@").replacingOccurrences(
            of: math, with: lab
        )
        .replacingOccurrences(of: "@@", with: math)
        try single(edited, line: 12, containing: "another order")
    }

    @Test func changedCodeIsNamedOnItsLine() throws {
        try single(
            Self.chinese.replacingOccurrences(of: "> 1 + 2", with: "> 1 + 3").replacingOccurrences(
                of: "\n3\n", with: "\n4\n"),
            line: 13, containing: "runs other code: `1 + 3`")
        try single(
            Self.chinese.replacingOccurrences(of: "y = 2 * 3\n```\n\n```math", with: "y = 6\n```\n\n```math"),
            line: 42, containing: "has other code: the English lesson has `y = 2 * 3`")
        // Translating a plot's code beyond its labels is a change.
        try single(
            Self.chinese.replacingOccurrences(of: "x^2, -1, 1", with: "x^2, -2, 1"), line: 18,
            containing: "only title/label")
    }

    @Test func changedExpectedOutputIsNamedOnItsLine() throws {
        try single(
            Self.chinese.replacingOccurrences(of: "> 1 + 2\n3\n", with: "> 1 + 2\n3.0\n"), line: 14,
            containing: "expects other output from `1 + 2`: the English lesson has `3`")
    }

    @Test func aPlotTitledEarlierInTheCellMayBeDrawnDifferentlyLater() throws {
        let plot =
            "```plot id=picture\n> plot(x -> x^2, -1, 1; title = \"a parabola\", label = \"x²\")\n(drawing)\n```"
        let later =
            "```plot id=picture\n> p = plot(x -> x^2, -1, 1; title = \"a parabola\", label = \"x²\");\n> p\n(drawing)\n```"
        let english = Self.english.replacingOccurrences(of: plot, with: later)
        let chinese = english.replacingOccurrences(of: "\"a parabola\"", with: "\"抛物线\"")
            .replacingOccurrences(of: "(drawing)", with: "(图)")
        let zh = try LessonParser.parse(chinese, path: "Lessons/zh/03-pair.md")
        let en = try LessonParser.parse(english, path: "Lessons/03-pair.md")
        #expect(TranslationCheck.compare(translation: zh, source: en).isEmpty)
        // Without a relabelled command before it, the same output change is a problem.
        let redrawn = english.replacingOccurrences(of: "(drawing)", with: "(图)")
        let other = try LessonParser.parse(redrawn, path: "Lessons/zh/03-pair.md")
        #expect(
            TranslationCheck.compare(translation: other, source: en).map(\.message).first?.contains(
                "expects other output from `p`") == true)
    }

    @Test func checksAndParamsMustNotChangeButTheirWordsMay() throws {
        try single(
            Self.chinese.replacingOccurrences(of: "when y == 3:", with: "when y == 4:"), line: 30,
            containing: "checks `when y == 4`")
        try single(
            Self.chinese.replacingOccurrences(of: "alpha = 0.5  range=0..1", with: "alpha = 0.5  range=0..2"),
            line: 50,
            containing: "defines other parameters")
        try single(
            Self.chinese.replacingOccurrences(of: "\\quad\\text{对所有 } x", with: "\\quad\\text{对所有 } y"),
            line: 45,
            containing: "another formula")
    }

    @Test func frontMatterIdMustBeTheEnglishOne() throws {
        try single(
            Self.chinese.replacingOccurrences(of: "id: fixture.pair", with: "id: fixture.pair-zh"), line: 2,
            containing: "progress is kept by id")
    }

    @Test func sourcePathIsTheParentFolder() {
        #expect(
            TranslationCheck.sourcePath(ofTranslation: "Lessons/zh/07-pcgrad.md") == "Lessons/07-pcgrad.md")
        #expect(
            TranslationCheck.sourcePath(ofTranslation: "/a/Lessons/zh/00-welcome.md")
                == "/a/Lessons/00-welcome.md")
    }

    @Test func glossaryVariantsAreReportedButNotInsideTheChosenWord() throws {
        let glossary = Glossary.parse(
            """
            | English | 中文 | not | note |
            |---|---|---|---|
            | few-shot learning | 少样本学习 | 小样本学习 | |
            | episode | 情节 | 回合 | |
            | turn-based | 回合制 | | |
            | prior / posterior | 先验 / 后验 | | |
            """)
        #expect(glossary.terms.count == 4)
        #expect(glossary.terms[3].chosen == ["先验", "后验"])
        let text = Self.chinese.replacingOccurrences(of: "一段含", with: "少样本学习与回合制，一段含小样本学习")
        let lesson = try LessonParser.parse(text, path: "Lessons/zh/03-pair.md")
        let found = glossary.problems(in: lesson)
        #expect(found.count == 1, "\(found.map(\.description))")
        #expect(found.first?.message.contains("`少样本学习`") == true)
        #expect(found.first?.range?.start == SourceLocation(line: 10, column: 14))
    }

    @Test func theFirstUseOfATermCarriesItsEnglish() throws {
        let glossary = Glossary.parse(
            """
            | English | 中文 | not | note |
            |---|---|---|---|
            | meta-learning | 元学习 | | |
            | Pareto optimal | 帕累托最优 | | |
            | task | 任务 | | basic |
            """)
        #expect(glossary.terms.map(\.basic) == [false, false, true])
        func problems(_ prose: String) throws -> [Diagnostic] {
            let text = Self.chinese.replacingOccurrences(of: "一段含 $\\alpha$ 的文字。", with: prose)
            return glossary.missingEnglish(in: try LessonParser.parse(text, path: "Lessons/zh/03-pair.md"))
        }
        // The heading does not count; the first use in prose has no English; the second does not matter.
        let found = try problems("每个任务都用元学习，元学习（meta-learning）很好。")
        #expect(found.count == 1, "\(found.map(\.description))")
        #expect(found.first?.message.contains("`元学习（meta-learning）`") == true)
        #expect(found.first?.range?.start == SourceLocation(line: 10, column: 7))
        #expect(try problems("元学习（meta-learning）与**帕累托最优**（Pareto optimal）。任务。").isEmpty)
    }

    // Seen translating lesson 12: 原型 ("prototype") was found inside 原型网络 ("prototypical
    // network"), so the shorter term demanded its English there.
    @Test func aTermInsideALongerTermIsNotItsFirstUse() throws {
        let glossary = Glossary.parse(
            """
            | English | 中文 | not | note |
            |---|---|---|---|
            | prototype | 原型 | | |
            | prototypical network | 原型网络 | | |
            """)
        func problems(_ prose: String) throws -> [Diagnostic] {
            let text = Self.chinese.replacingOccurrences(of: "一段含 $\\alpha$ 的文字。", with: prose)
            return glossary.missingEnglish(in: try LessonParser.parse(text, path: "Lessons/zh/03-pair.md"))
        }
        #expect(try problems("原型网络（prototypical network）用类别原型（prototype）分类。").isEmpty)
        let found = try problems("原型网络（prototypical network）用类别原型分类，原型（prototype）。")
        #expect(
            found.map(\.range?.start) == [SourceLocation(line: 10, column: 30)], "\(found.map(\.description))"
        )
    }

    @Test func theCourseGlossaryHasTheTermsTheIssueNames() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/GLOSSARY.zh.md").path
        let glossary = try #require(Glossary.load(path: path))
        #expect(glossary.terms.count >= 60)
        let words = Set(glossary.terms.flatMap(\.chosen))
        for word in ["多任务学习", "元学习", "支持集", "查询集", "内循环", "外循环", "海森矩阵", "负迁移", "帕累托最优", "原型网络"] {
            #expect(words.contains(word), "\(word)")
        }
    }

    /// `Lessons/03-pair.md` and `Lessons/zh/03-pair.md` in a fresh folder.
    func course(translation: String) throws -> (folder: String, english: String, chinese: String) {
        let folder = try scratchFolder("metalab-notebook") + "/Lessons"
        try FileManager.default.createDirectory(atPath: folder + "/zh", withIntermediateDirectories: true)
        try Self.english.write(toFile: folder + "/03-pair.md", atomically: true, encoding: .utf8)
        try translation.write(toFile: folder + "/zh/03-pair.md", atomically: true, encoding: .utf8)
        return (folder, folder + "/03-pair.md", folder + "/zh/03-pair.md")
    }

    /// A translation of prose only: every cell that runs is the English one.
    static let proseOnly = english.replacingOccurrences(of: "Some prose with", with: "一段含")
        .replacingOccurrences(of: "Multiply by two.", with: "乘以 2。")

    @Test func anIdenticalTranslationIsCheckedByItsSourcesRun() throws {
        let (folder, english, chinese) = try course(translation: Self.proseOnly)
        #expect(LessonChecker.lessonFiles([folder]) == [english, chinese])
        #expect(LessonChecker.lessonFiles([folder + "/"]) == [english, chinese])
        // The evaluator is never made: nothing runs when the source's report is at hand.
        let checker = LessonChecker(makeEvaluator: { preconditionFailure("the translation must not run") })
        let passed = LessonCheckReport(
            path: english, failures: [], source: nil, cells: 9, seconds: 1, updated: 0)
        let report = try #require(
            checker.checkByIdentity(path: chinese, sourceReport: { $0 == english ? passed : nil }))
        #expect(report.passed, "\(report.failures.map(\.description))")
        #expect(report.identicalTo == english)

        var failed = passed
        failed.failures = [Diagnostic(kind: .check, message: "wrong")]
        let proof = try #require(checker.checkByIdentity(path: chinese, sourceReport: { _ in failed }))
        #expect(!proof.passed)
        #expect(proof.failures.first?.message.contains("fails its check") == true)
        #expect(
            checker.checkByIdentity(path: english, sourceReport: { _ in passed }) == nil,
            "an English lesson runs")
    }

    @Test func aTranslatedPlotRunsAndAnOutOfStepOneFailsWithoutRunning() throws {
        let checker = LessonChecker(makeEvaluator: { preconditionFailure("nothing runs here") })
        let passed = LessonCheckReport(path: "", failures: [], source: nil, cells: 9, seconds: 1, updated: 0)
        let (_, _, chinese) = try course(translation: Self.chinese)
        #expect(checker.checkByIdentity(path: chinese, sourceReport: { _ in passed }) == nil)
        let (_, _, edited) = try course(
            translation: Self.chinese.replacingOccurrences(of: "> 1 + 2", with: "> 1 + 3"))
        let report = try #require(checker.checkByIdentity(path: edited, sourceReport: { _ in passed }))
        #expect(report.failures.map(\.kind) == [.translation])
        #expect(report.identicalTo == nil)
    }
}

/// With Chinese chosen, the course reads a lesson's translation where one exists (same id,
/// so progress carries over) and the English lesson elsewhere.
@Suite struct ChineseCourseTests {
    @Test func aChineseCourseUsesTheTranslationsItHas() throws {
        let folder = try scratchFolder("metalab-notebook") + "/Lessons"
        try FileManager.default.createDirectory(atPath: folder + "/zh", withIntermediateDirectories: true)
        try TranslationCheckTests.english.write(
            toFile: folder + "/03-pair.md", atomically: true, encoding: .utf8)
        try TranslationCheckTests.chinese.write(
            toFile: folder + "/zh/03-pair.md", atomically: true, encoding: .utf8)
        let other = TranslationCheckTests.english.replacingOccurrences(
            of: "fixture.pair", with: "fixture.other"
        )
        .replacingOccurrences(of: "order: 3", with: "order: 4")
        try other.write(toFile: folder + "/04-other.md", atomically: true, encoding: .utf8)

        let english = Course(folder: folder)
        #expect(
            english.lessons.map(\.meta.title) == ["A pair", "A pair"],
            "zh/ is no lesson of the English course")
        #expect(english.broken.isEmpty)
        let chinese = Course(folder: folder, language: .zh)
        #expect(chinese.lessons.map(\.meta.title) == ["一对课", "A pair"])
        #expect(chinese.lesson(id: "3")?.meta.id == "fixture.pair")
        #expect(chinese.lesson(id: "3").map { TranslationCheck.isTranslation($0.path) } == true)
        #expect(chinese.lesson(id: "4").map { TranslationCheck.isTranslation($0.path) } == false)
        #expect(TranslationCheck.untranslated(in: folder) == ["04-other.md"])
    }
}
