import Foundation
import Notebook
import Terminal
import TestSupport
import Testing

@testable import Shell

/// The shell in Chinese (issue 19): what a learner walking Lessons/zh/07-pcgrad.md with
/// `--lang zh` sees is Chinese everywhere, from the one catalogue, and `:lang` switches.
@Suite(.timeLimit(.minutes(3))) struct ChineseShellTests {
    static func pcgrad(_ lines: [String?], language: Language = .zh, state: String? = nil, width: Int = 80)
        -> ScriptedSession
    {
        ScriptedSession(
            lines, lesson: "mtl.pcgrad", state: state, width: width, courseFolder: ScriptedSession.lessons,
            language: language)
    }

    /// A Chinese translation that fails to parse fell back to the English in silence: the
    /// learner could not tell a broken file from a missing translation, nor where it broke.
    @Test func aBrokenTranslationSaysWhereItBrokeThenShowsTheEnglish() throws {
        let course = scratchPath("metalab-course")
        try FileManager.default.createDirectory(atPath: course + "/zh", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: ScriptedSession.fixtures + "/every-kind.md", toPath: course + "/01-every-kind.md")
        let broken = "---\nid: fixture.every-kind\ntitle: 坏的\n---\n\n```lab id=a rtol=abc\n> 1\n1\n```\n"
        try broken.write(toFile: course + "/zh/01-every-kind.md", atomically: true, encoding: .utf8)
        let s = ScriptedSession([], courseFolder: course, language: .zh)
        let said = try #require(s.text.range(of: "第 1 课的中文版无法读取（原因见下）；下面是英文原文。\n"))
        let after = s.text[said.upperBound...].replacingOccurrences(of: "\n", with: "")
        #expect(after.hasPrefix(course + "/zh/01-every-kind.md:6:13: 错误："), "located: \(s.text)")
        #expect(after.contains("```lab id=a rtol=abc"), "with the line it is in")
        #expect(s.text.contains("Every cell kind"), "then the English lesson")
        #expect(!s.text.contains("还没有中文版"), "the translation exists: it is not 'missing'")
        // In English nothing is said: the translation is not read.
        let en = ScriptedSession([], courseFolder: course, language: .en)
        #expect(!en.text.contains("rtol") && !en.text.contains("cannot be read"))
    }

    /// `?norm` in Chinese said "example:"; the reference itself stays English (as Julia's
    /// docstrings do, and docs/LESSONS.md says), its labels are Chinese.
    @Test func builtinHelpHasChineseLabelsAroundTheEnglishReference() {
        let zh = ScriptedSession(["?norm"], language: .zh)
        #expect(zh.text.contains("  示例：norm("), "\(zh.text)")
        #expect(!zh.text.contains("example:"))
        let en = ScriptedSession(["?norm"], language: .en)
        #expect(en.text.contains("  example: norm("))
    }

    /// "Finish the line after d_pc = with your answer (or :hint, :solution, :next)." was English.
    @Test func theStarterSentBackAsksForTheRestInChinese() {
        let s = Self.pcgrad([":goto ex-project", "d_pc = "])
        #expect(s.text.contains("请在 `d_pc =` 之后写出你的答案（或输入 :hint、:solution、:next）。"))
        #expect(!s.text.contains("Finish the line"))
        #expect(s.text.contains("现在对一对新的任务梯度"), "the lesson is the translation")
    }

    /// "Answer with the number of an option (or :next to leave the question for later)." was English.
    /// (On the fixture's quiz: reaching lesson 07's runs its training, slow on a loaded machine.)
    @Test func enterAtAQuizAsksForANumberInChinese() {
        let s = ScriptedSession([":goto q1", "", "7"], language: .zh)
        #expect(s.text.contains("请输入选项的编号作答（或输入 :next 把这道题留到以后）。"))
        #expect(s.text.contains("（输入编号作答）"))
        #expect(s.text.contains("请输入选项的编号作答，1 到 "), "a number out of range is told the range")
        #expect(!s.text.contains("Answer with the number"))
    }

    /// "End of “梯度冲突：PCGrad”. Still pending: …" and ":lessons lists the course; :open ID opens
    /// a lesson." were English. (On the fixture: reaching the end of lesson 07 runs its
    /// training, which a loaded machine may stop at the cell's timeout.)
    @Test func theEndOfTheLessonIsSaidInChinese() {
        let s = ScriptedSession([":goto q1", ":next", ":next", ":next", ":next"], width: 200, language: .zh)
        let end = s.output.first { $0.contains("到此结束") } ?? ""
        #expect(end.hasPrefix("“Every cell kind”到此结束。尚未完成："), "\(end)")
        #expect(end.contains("ex1") && end.contains("（:goto ID）。"))
        #expect(s.text.contains("`:lessons` 列出课程目录；`:open ID` 打开一课。"))
        #expect(!s.text.contains("End of") && !s.text.contains("lists the course"))
    }

    @Test func exerciseFeedbackHintsAndWhyAreChinese() {
        let s = Self.pcgrad([
            ":goto ex-project", ":hint", "d_pc = [0.9, -2.7]", ":why", ":toc", "d_pc = [0.9, 2.7]",
        ])
        #expect(s.text.contains("练习 ex-project：定义 d_pc。（3 条提示，:hint；:solution；:skip）"))
        #expect(s.text.contains("提示 1/3：先检查二者是否冲突"))
        #expect(s.text.contains("✗ 还不对：符号不对（位置 [2]）"))
        #expect(s.text.contains("（已撤销；:why 对照期望值与实际值，:hint 给出提示）"))
        #expect(s.text.contains("最大误差（位置 [2]）：得到 -2.7，期望 2.7"))
        #expect(s.text.contains("数值按 |got − want| ≤ atol + rtol·|want| 比较"))
        #expect(s.text.contains(" 练习") && s.text.contains(" 代码"), ":toc names the kinds in Chinese")
        #expect(s.text.contains("✓ 正确。（回车：下一步）"))
        for english in [
            "Not yet", "hint 1/3", "rolled back", "Correct", "Numbers compare", "Exercise ex-project",
        ] {
            #expect(!s.text.contains(english), "\(english)")
        }
    }

    @Test func labErrorsAreChineseAndTheirEnglishIsUnchanged() {
        let lines = ["nrm([3, 4])", "norm()", "1 + * 2", "[1, 2] + [1, 2, 3]", ":nex", "?nrom"]
        let zh = Self.pcgrad(lines)
        #expect(zh.text.contains("<input>:1:1: 错误：未定义的名称 nrm；你是想写 norm 吗？"))
        #expect(zh.text.contains("错误：norm 需要"))
        #expect(zh.text.contains("错误：这里应为一个表达式，却遇到了 '*'"))
        #expect(zh.text.contains("错误：+：形状 2 与 3 不匹配"))
        #expect(zh.text.contains("没有 `:nex` 这个命令。你是想输入 :next 吗？:help 列出全部命令。"))
        #expect(zh.text.contains("运行失败；一切都回到这条命令之前的样子。"))
        #expect(zh.text.contains("没有 `nrom` 的帮助。"))
        let en = Self.pcgrad(lines, language: .en)
        #expect(en.text.contains("<input>:1:1: error: undefined name nrm; did you mean norm?"))
        #expect(en.text.contains("error: expected an expression, found '*'"))
        #expect(en.text.contains("error: +: shapes 2 and 3 do not match"))
        #expect(en.text.contains("Unknown command `:nex`. Did you mean :next? :help lists them."))
        #expect(!en.text.contains("错误"))
    }

    /// The run-time errors a lesson meets most after the parser's: a position past the end of
    /// a Vector, a Matrix or a Range, a field a Record lacks. They were English under 错误：.
    @Test func indexAndFieldErrorsAreChinese() {
        let lines = [
            "v = [1, 2, 3]; v[5]", "A = ones(2, 2); A[3, 1]", "(1:3)[7]", "[1, 2, 3][1.5]",
            "r = (a = 1,); r.b", "[1, 2].shape", "(1).x", "list(1, 2)[1, 1]",
        ]
        let zh = Self.pcgrad(lines, width: 120)
        #expect(zh.text.contains("错误：索引 5 超出范围：大小是 3（一个 3-element Vector）"), "\(zh.text)")
        #expect(zh.text.contains("错误：索引 3 在第 1 维超出范围：这一维的大小是 2（一个 2×2 Matrix）"), "\(zh.text)")
        #expect(zh.text.contains("错误：索引 7 超出范围：大小是 3"), "\(zh.text)")
        #expect(zh.text.contains("错误：索引 1.5 不是整数"), "\(zh.text)")
        #expect(zh.text.contains("错误：这个 Record 没有字段 b；它的字段是 a"), "\(zh.text)")
        #expect(zh.text.contains("错误：Vector 没有字段 .shape：请写 size(x)"), "\(zh.text)")
        #expect(zh.text.contains("错误：Number 没有字段，不能取 .x"), "\(zh.text)")
        #expect(zh.text.contains("错误：List 只接受一个索引，这里给了 2 个"), "\(zh.text)")
        #expect(!zh.text.contains("out of range") && !zh.text.contains("has no field"), "\(zh.text)")
        #expect(!zh.text.contains("cannot take field") && !zh.text.contains("takes one index"), "\(zh.text)")
        let en = Self.pcgrad(lines, language: .en, width: 120)
        #expect(en.text.contains("error: index 5 is out of range: the size is 3 (a 3-element Vector)"))
        #expect(
            en.text.contains("error: index 3 is out of range in dimension 1: the size is 2 (a 2×2 Matrix)"))
        #expect(en.text.contains("error: the Record has no field b; its fields are a"))
    }

    @Test func helpIsChineseAndFitsTheWindow() {
        for width in [40, 80] {
            let s = ScriptedSession([], width: width, language: .zh)
            let before = s.output.count
            _ = s.shell.handle(":help")
            let help = s.output[before...].joined(separator: "\n")
            #expect(help.contains("下一步"))
            #expect(help.contains("Tab 可补全名称"))
            #expect(!help.contains("the next step"))
            for line in help.split(separator: "\n") { #expect(displayWidth(String(line)) < width, "\(line)") }
        }
    }

    /// `:lang zh` switches at once, shows the current step again in Chinese, remembers the
    /// choice where `--lang` does, and keeps the learner's place and answers (progress is by id).
    @Test func langSwitchesAtOnceAndKeepsProgress() throws {
        let state = scratchPath("metalab-lang")
        let s = Self.pcgrad(
            [":goto ex-project", "d_pc = [0.9, 2.7]", ":lang zh"], language: .en, state: state)
        let switched = try #require(s.output.firstIndex(of: "现在使用中文。"))
        let after = s.output[switched...].joined(separator: "\n")
        #expect(after.contains("现在对一对新的任务梯度"), "the step is shown again from the translation")
        #expect(after.contains("练习 ex-project ✓ "), "the solved exercise stays solved")
        #expect(!after.contains("改动"), "the translation is the same lesson, not a changed one")
        #expect(s.shell.session.language == .zh && s.shell.session.lesson.path.contains("/zh/"))
        #expect(s.shell.session.progress.answers["ex-project"]?.hasSuffix("d_pc = [0.9, 2.7]") == true)
        #expect(s.shell.session.lesson.steps[s.shell.session.current].cell?.id == "ex-project")
        #expect(Language.remembered(in: state) == .zh)
        _ = s.shell.handle(":lang en")
        #expect(s.output.contains("The shell speaks English now."))
        #expect(!s.text.contains("The lesson has changed"))
        #expect(s.shell.session.language == .en && !s.shell.session.lesson.path.contains("/zh/"))
        #expect(Language.remembered(in: state) == .en)
        _ = s.shell.handle(":lang fr")
        #expect(s.output.last == "Write :lang zh or :lang en.")
    }
}

extension ChineseShellTests {
    @Test func tabCompletesTheLanguages() {
        let s = ScriptedSession([])
        #expect(s.shell.completer().complete(lineBeforeCursor: ":lang z", word: "z").candidates == ["zh"])
        #expect(s.shell.completer().complete(lineBeforeCursor: ":la", word: ":la").candidates == [":lang"])
    }
}

extension ChineseShellTests {
    /// A parse error's "expected WHAT" is Chinese too; in English it is as before.
    @Test func parseErrorsSayWhatWasExpectedInChinese() {
        let zh = Self.pcgrad(["norm(1 2)"])
        #expect(zh.text.contains("错误：这里应为结束参数列表的 ')'，却遇到了数字 2"))
        let en = Self.pcgrad(["norm(1 2)"], language: .en)
        #expect(en.text.contains("error: expected ')' to close the argument list, found number 2"))
    }
}

extension ChineseShellTests {
    /// `:lessons` and `:toc` in Chinese: the catalogue's columns and the cell kinds.
    @Test func theCatalogueAndTableOfContentsAreChinese() {
        let s = Self.pcgrad([":goto ex-project", "d_pc = [0.9, 2.7]", ":lessons", ":toc"], width: 120)
        #expect(s.text.contains("梯度冲突：PCGrad") && s.text.contains(" 分钟"))
        #expect(s.text.contains(" 步"), "a lesson in progress shows its steps done")
        #expect(!s.text.contains(" min ") && !s.text.contains(" steps"))
        #expect(s.text.contains("✓ ") && s.text.contains("ex-project 练习"))
    }
}

extension ChineseShellTests {
    /// A Chinese input method types the full-width space U+3000; the shell trims what
    /// Terminal's one `trimmingWhitespace` trims, so `:lang zh　` switches (it answered
    /// "Write :lang zh or :lang en." when the shell kept its own trim of spaces and tabs).
    @Test func aFullWidthSpaceAfterACommandIsTrimmed() {
        let s = Self.pcgrad([":lang zh\u{3000}"], language: .en)
        #expect(s.output.contains("现在使用中文。"), "\(s.output.suffix(3))")
        #expect(s.shell.session.language == .zh)
    }
}
