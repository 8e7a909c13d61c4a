/// The words MetaLab says to a learner, in every language it speaks (issue 19): one
/// catalogue, so that a message cannot be added in English and forgotten in Chinese (a test
/// lists every key without a translation, another finds English sentences written outside
/// it). A template's `{0}`, `{1}`, … are filled by `text(_:_:)`.
///
/// To add a message: add a case here (grouped by who says it), its English and Chinese
/// template in `pair`, and say it with `Message.key.text(language, arguments…)`. The English
/// is what the code said before, byte for byte: lesson transcripts and tests compare it.
/// Chinese follows docs/GLOSSARY.zh.md: full-width punctuation, a space between Chinese
/// and Latin words or numbers. Where a template names a command (`:hint`) or Lab code it
/// stays as it is.
public enum Message: String, CaseIterable, Sendable {
    // MARK: exercise feedback (ExerciseChecker)
    /// "got 3.2 at index 2, with the wrong sign": value, place, how.
    case gotValue
    /// The place of the worst entry: index.
    case atIndex
    case notAFiniteNumber, tooLarge, tooSmall, answerIsNotZero
    /// place. Only the sign, never the learner's value: "got -6, with the wrong sign" would
    /// say that 6 is the answer.
    case wrongSign
    /// tolerance
    case closeButOutsideTolerance
    /// factor
    case timesTooLarge, timesTooSmall
    /// percent
    case percentTooLarge, percentTooSmall
    case targetNotDefinedYet, expectationNotTrue, expressionIs, notItYet, expectedGot, largestError
    case checkRuleAt

    // MARK: the meta-command table (:help)
    case helpEnter, helpNext, helpBack, helpGoto, helpToc, helpLessons, helpOpen, helpRestart, helpHint
    case helpSolution, helpSkip, helpCheck, helpWhy, helpQuestion, helpHelp, helpApropos, helpParams
    case helpSet, helpRerun, helpSweep, helpTime, helpHistory, helpSave, helpPresent, helpLang, helpQuit
    case helpTip

    // MARK: the shell (LabShell, MetaCommands, ShellCommands, LessonCatalogue)
    case writeGoto, writeOpen, writeTime, writeLang, writeSave, languageNow
    case unknownCommand, didYouMean, or
    case helpExampleLabel
    case nothingMatches, aproposMore, presentOn, presentOff, habitQuit, habitClear
    case symbolTyped, symbolTypedAlso, noHelp, nearNames
    case noLessonsFound, noLessonsIn, cannotBeRead, noSuchLesson, noSuchLessonOpeningCourse
    case continuing, continuingUnnamed, droppedUnfinished, droppedUnfinishedUnnamed, ctrlDAgainLeaves
    case savedSession, cannotSave, saveWouldOverwriteLesson
    case goodbye, goodbyeUnsaved, goodbyePresented, goodbyeScratch, finishTheLine
    case noTranslationYet, translationBroken
    case catalogueMinutes, catalogueDone, catalogueSteps

    // MARK: a lesson session (Notebook)
    case lessonChanged, reopenedOne, reopenedMany, resuming, exerciseWaiting, quizWaiting
    case endOfLesson, everythingDone, stillPending, lessonsAndOpen, firstStep, noSuchStep, startingOver
    case enterNextStep, enterNextStepAfter, cellRolledBack, cellTimedOut, cellTimeoutNote,
        setDroppedNoLongerRuns, setDroppedNotOneExpression
    case parametersFooter, lessonValue, parameterRange, noParameters, writeSet, setNameMissing, notAParameter
    case notAParameterSeeParams, outsideRange, giveAValue, notOneExpression
    case writeSweep, cannotReadRange, sweepOutsideRange, parameterSetUpLater, nameTheQuantity
    case sweepCellsFail, sweepNotANumber, sweepStopped, sweepError, sweepErrorCell
    case exerciseSolved, exerciseSolvedDone, exerciseHeader, exerciseDefine, exerciseHintsOne, exerciseHints
    case quizRange, commandStopped, commandFailed, checkTimedOut, checkStopped, thisExercise
    case commandUndone, correct, notYetLead, rolledBackWhy, notYet
    case parameterNote, replacedNote, remindToAssign, noExercise, nothingChecked, compareRule
    case noHints, noMoreHints, hintLabel, solutionLabel, solutionAtPrompt, skipped, leftQuestion
    case answerWithANumber, rightAnswer, notQuite, timeTaken, progressNotSaved, progressDamaged, hasNoValue
    case progressDamagedOnSave
    case anotherShellAnswers, anotherShellSteps
    case undone, undoneStopped, setAside, definitionsBack
    case nothingToRerun, parametersTakeEffect, reranSteps, stepNumber
    case theNextStep, aNumber, aBool, aVector, aTensor, aNonNumericValue, shapeSuffix
    case kindSetup, kindParams, kindLab, kindPlot, kindExercise, kindQuiz, kindMath

    // MARK: Lab errors (LabLang, LabLibrary) and their rendering (Diagnostics)
    case severityError, severityWarning, severityNote
    case undefinedName, undefinedNameDidYouMean, undefinedNameLabWrites, undefinedNameNoModules
    case undefinedNameAssignedLater, moduleMember, listOfNames
    case expectsArgument, expectsArguments, expectsArgumentNamed, expectsArgumentsNamed, atLeast, fromTo
    case unknownKeyword, validKeywords, takesNoKeywords
    case interrupted, cannotMultiplyVectors, multiplyVectorsHelp
    case shapesDoNotMatch, cannotApply, cannotCall, indexOutOfRangeListOne, indexOutOfRangeList
    case ambiguousNumberDot, numberEndsInDot, dotCompoundOnField, broadcastIntoNonArray
    case expectedFound, neverClosed, expectedNewLine, expectedExpression, closerIsAt
    case endOfLine, endOfInput, aString, numberToken, nameToken
    /// A Lab error a lesson often meets at run time: a position past the end, a missing field.
    case indexOutOfRange, indexOutOfRangeInDimension, indexOutOfRangeForDimension, indexNotAnInteger
    case expectedIntegerIndex, recordHasNoField, cannotIndexA, listTakesOneIndex
    /// A field of a value that has none (`x.shape`), with Lab's spelling when there is one.
    case cannotTakeField, cannotTakeFieldWrite, hasNoField, hasNoFieldWrite

    // MARK: a training builtin stopped by Ctrl-C (LabLibrary): it keeps what it learned
    case fitStopped, trainingStoppedAtIteration, trainingStoppedEarly, pathStoppedEarly
    /// What the parser expected (`expected WHAT, found …`).
    case wantOpenAfterFunctionName, wantCloseAfterParameters, wantCloseArguments, wantCloseGenerator,
        wantCloseRecord
    case wantCloseTuple, wantRightParen, wantArrow, wantConditionalColon, wantEqualsAfterField
    case wantVectorCloseOrComma, wantCloseComprehension, wantCloseIndex, wantEndFunction, wantEndIf
    case wantEndLoop, wantEnd, wantFieldAfterDot, wantFieldName, wantFunctionName
    case wantLoopVariable, wantNameAfterQuestion, wantNameAfterGlobal, wantName, wantParameterName
    case wantCloseMatrix, wantRightBracket, wantLoopIn, wantKeywordArgument, wantCloseInterpolation

    // MARK: live sliders (:slide, Notebook/Slide.swift, Shell/SlideTerminal.swift)
    case helpSlide, writeSlide, parametersFooterSlide, parameterSlideStep
    case slideNoRange, slideNotANumber, slideNeedsTerminal, slideInstead, slideInsteadAny, slideHeading,
        slideComputing
    /// The slide's key hints in a narrower window: the step only; the keys only.
    case slideHeadingShort, slideHeadingKeys
    case slideStopped, slideRestored, slideStays, slideKept

    /// The template in each language.
    public var templates: [Language: String] {
        let (en, zh) = pair
        var out: [Language: String] = [.en: en]
        if let zh { out[.zh] = zh }
        return out
    }

    private var pair: (String, String?) {
        switch self {
        // exercise feedback
        case .gotValue: return ("got {0}{1}, {2}", "得到 {0}{1}，{2}")
        case .atIndex: return (" at index {0}", "（位置 {0}）")
        case .notAFiniteNumber: return ("which is not a finite number", "这不是一个有限数")
        case .tooLarge: return ("too large", "偏大")
        case .tooSmall: return ("too small", "偏小")
        case .answerIsNotZero: return ("but the answer is not 0", "但答案不是 0")
        case .wrongSign: return ("the sign is wrong{0}", "符号不对{0}")
        case .closeButOutsideTolerance: return ("close, but outside the tolerance ({0})", "很接近，但超出了容差（{0}）")
        case .timesTooLarge: return ("about {0} times too large", "偏大，约为答案的 {0} 倍")
        case .timesTooSmall: return ("about {0} times too small", "偏小，约为答案的 1/{0}")
        case .percentTooLarge: return ("about {0}% too large", "偏大约 {0}%")
        case .percentTooSmall: return ("about {0}% too small", "偏小约 {0}%")
        case .targetNotDefinedYet: return ("`{0}` is not defined yet", "`{0}` 还没有定义")
        case .expectationNotTrue: return ("`{0}` is not true", "`{0}` 不成立")
        case .expressionIs: return ("`{0}` is {1}", "`{0}` 的值是 {1}")
        case .notItYet: return ("got {0}, which is not it yet", "得到 {0}，还不是答案")
        case .expectedGot: return ("expected {0}, got {1}", "期望 {0}，得到 {1}")
        case .largestError:
            return (
                "largest error{0}: got {1}, expected {2} (|error| = {3}, {4})",
                "最大误差{0}：得到 {1}，期望 {2}（|误差| = {3}，{4}）"
            )
        case .checkRuleAt: return ("`{0}` on line {1}", "第 {1} 行的 `{0}`")

        // the meta-command table
        case .helpEnter: return ("on an empty line: show / run the next step", "在空行上按：显示并运行下一步")
        case .helpNext: return ("the next step", "下一步")
        case .helpBack: return ("the previous step again", "回到上一步")
        case .helpGoto: return ("jump to a cell, step number or section", "跳到某个单元、步骤编号或小节")
        case .helpToc:
            return (
                "table of contents (✓ done, ▸ here, · an exercise or quiz to do)",
                "目录（✓ 已完成，▸ 当前位置，· 待做的练习或小测验）"
            )
        case .helpLessons: return ("the course catalogue with progress", "课程目录及进度")
        case .helpOpen: return ("open a lesson", "打开一课")
        case .helpRestart: return ("start this lesson over", "从头开始本课")
        case .helpHint: return ("the next hint of this exercise", "本练习的下一条提示")
        case .helpSolution: return ("show the reference answer", "显示参考答案")
        case .helpSkip: return ("run the solution and move on", "运行参考答案并继续")
        case .helpCheck: return ("check this exercise now", "现在检查本练习")
        case .helpWhy: return ("expected against got, with the tolerance", "对照期望值与实际值，并给出容差")
        case .helpQuestion:
            return ("help for a builtin, or how to type a symbol (?α)", "内置函数的帮助，或某个符号的输入方法（?α）")
        case .helpHelp: return ("this list", "本列表")
        case .helpApropos: return ("search the builtins", "搜索内置函数")
        case .helpParams: return ("this lesson's parameters", "本课的参数")
        case .helpSet: return ("change one and re-run what depends on it", "修改一个参数，并重新运行依赖它的单元")
        case .helpRerun: return ("re-run the cells after the parameters", "重新运行参数之后的单元")
        case .helpSweep: return ("a table and a plot over a range", "在一个范围内取值，给出表格和图")
        case .helpTime: return ("time one evaluation", "为一次求值计时")
        case .helpHistory: return ("numbered history", "带编号的历史记录")
        case .helpSave: return ("save the session as a lesson transcript", "把本次会话保存为课程记录")
        case .helpPresent: return ("presentation pacing on/off", "开启或关闭演示节奏")
        case .helpLang: return ("the language: zh (中文) or en (English)", "界面语言：zh（中文）或 en（英文）")
        case .helpQuit: return ("save progress and leave (also Ctrl-D)", "保存进度并退出（也可按 Ctrl-D）")
        case .helpTip:
            return (
                "Tab completes names, meta-commands and LaTeX (\\alpha Tab → α). "
                    + "Ctrl-C stops a computation; Ctrl-D saves and leaves.",
                "Tab 可补全名称、元命令和 LaTeX（\\alpha Tab → α）。Ctrl-C 中止计算；Ctrl-D 保存并退出。"
            )

        // the shell
        case .writeGoto:
            return (
                "Write :goto ID, :goto N or :goto SECTION; :toc lists them.",
                "请写 :goto ID、:goto N 或 :goto SECTION（小节名）；:toc 列出全部步骤。"
            )
        case .writeOpen: return ("Write :open ID; :lessons lists them.", "请写 :open ID；:lessons 列出全部课程。")
        case .writeTime: return ("Write :time EXPR", "请写 :time EXPR（一个表达式）")
        case .writeLang: return ("Write :lang zh or :lang en.", "请写 :lang zh 或 :lang en。")
        case .writeSave: return ("Write :save FILE.md", "请写 :save FILE.md")
        case .languageNow: return ("The shell speaks English now.", "现在使用中文。")
        case .unknownCommand:
            return ("Unknown command {0}.{1} :help lists them.", "没有 {0} 这个命令。{1}:help 列出全部命令。")
        case .didYouMean: return (" Did you mean {0}?", "你是想输入 {0} 吗？")
        case .or: return (" or ", " 或 ")
        case .helpExampleLabel: return ("example: ", "示例：")
        case .nothingMatches: return ("Nothing matches {0}.", "没有与 {0} 相符的内置函数。")
        case .aproposMore: return ("?NAME shows one in full.", "?NAME 显示其完整说明。")
        case .presentOn:
            return ("Presentation pacing on: each Enter reveals the next step.", "演示节奏已开启：每按一次回车显示下一步。")
        case .presentOff: return ("Presentation pacing off.", "演示节奏已关闭。")
        case .habitQuit:
            return (
                "To leave, type :quit or press Ctrl-D; your place in the lesson is saved.",
                "要退出，请输入 :quit 或按 Ctrl-D；你在课程中的位置会保存下来。"
            )
        case .habitClear: return ("Ctrl-L clears the screen.", "按 Ctrl-L 清屏。")
        case .symbolTyped: return ("{0} is typed {1} then Tab.", "{0} 的输入方法：{1} 再按 Tab。")
        case .symbolTypedAlso:
            return ("{0} is typed {1} then Tab (also {2}).", "{0} 的输入方法：{1} 再按 Tab（也可用 {2}）。")
        case .noHelp: return ("No help for {0}.{1}", "没有 {0} 的帮助。{1}")
        case .nearNames: return (" Near: {0}.", "相近的有：{0}。")
        case .noLessonsFound: return ("No lessons found in {0}.", "在 {0} 中没有找到课程。")
        case .noLessonsIn: return ("No lessons in {0}.", "{0} 中没有课程。")
        case .cannotBeRead:
            return ("✗ {0}: cannot be read (metalab lint shows why)", "✗ {0}：无法读取（metalab lint 会说明原因）")
        case .noSuchLesson:
            return ("There is no lesson {0}; :lessons lists them.", "没有 {0} 这一课；:lessons 列出全部课程。")
        case .noSuchLessonOpeningCourse:
            return ("There is no lesson `{0}`; opening the course instead.", "没有 `{0}` 这一课，改为打开课程。")
        case .savedSession:
            return (
                "Saved the session to {0} (`metalab check {0}` runs it again).",
                "会话已保存到 {0}（用 `metalab check {0}` 可以再次运行）。"
            )
        case .cannotSave: return ("Cannot save to {0}: {1}", "无法保存到 {0}：{1}")
        case .continuing:
            return (
                "(continuing: close the `{0}` from {1} with `{2}`, or press Ctrl-C to cancel)",
                "（续行：用 `{2}` 闭合 {1} 处的 `{0}`，或按 Ctrl-C 取消）"
            )
        case .continuingUnnamed:
            return (
                "(continuing: the command is not finished; press Ctrl-C to cancel)",
                "（续行：命令还没有写完；按 Ctrl-C 取消）"
            )
        case .droppedUnfinished:
            return (
                "Dropped the unfinished command: the `{0}` from {1} was never closed.",
                "已丢弃未写完的命令：{1} 处的 `{0}` 没有闭合。"
            )
        case .droppedUnfinishedUnnamed: return ("Dropped the unfinished command.", "已丢弃未写完的命令。")
        case .ctrlDAgainLeaves: return (" Ctrl-D at an empty prompt leaves.", "在空白提示符处按 Ctrl-D 退出。")
        case .saveWouldOverwriteLesson:
            return (
                "{0} is the lesson itself; save the session under another name.",
                "{0} 就是这一课的文件；请用别的名字保存会话。"
            )
        case .goodbye: return ("Progress saved. See you soon.", "进度已保存。下次见！")
        case .goodbyeUnsaved:
            return ("Progress was not saved (see the warning above). See you soon.", "进度没有保存（见上面的警告）。下次见！")
        case .goodbyePresented:
            return ("End of the presentation (it keeps no progress). See you soon.", "演示结束（演示不记录进度）。下次见！")
        case .goodbyeScratch:
            return ("The scratch pad keeps no progress. See you soon.", "草稿区不记录进度。下次见！")
        case .finishTheLine:
            return (
                "Finish the line after {0} with your answer (or :hint, :solution, :next).",
                "请在 {0} 之后写出你的答案（或输入 :hint、:solution、:next）。"
            )
        case .noTranslationYet:
            return (
                "Lesson {0} has no Chinese translation yet; here is the English.", "第 {0} 课还没有中文版，下面是英文原文。"
            )
        case .translationBroken:
            return (
                "The Chinese translation of lesson {0} cannot be read (below); here is the English.",
                "第 {0} 课的中文版无法读取（原因见下）；下面是英文原文。"
            )
        case .catalogueMinutes: return ("{0} min", "{0} 分钟")
        case .catalogueDone: return ("done", "已完成")
        case .catalogueSteps: return ("{0}/{1} steps", "{0}/{1} 步")

        // a lesson session
        case .lessonChanged:
            return (
                "The lesson has changed since your last visit; keeping what still applies.",
                "自你上次学习以来，本课有了改动；仍然适用的进度都保留了。"
            )
        case .reopenedOne:
            return (
                "Changed since you solved it, and open again: {0}. Their solutions ran, so the lesson goes on.",
                "你解答之后题目有了改动，需要重新作答：{0}。已运行其参考答案，课程可以继续。"
            )
        case .reopenedMany:
            return (
                "Changed since you solved them, and open again: {0}. Their solutions ran, so the lesson goes on.",
                "你解答之后题目有了改动，需要重新作答：{0}。已运行它们的参考答案，课程可以继续。"
            )
        case .resuming: return ("Resuming “{0}” at step {1} of {2}.", "继续学习“{0}”：第 {1} 步，共 {2} 步。")
        case .exerciseWaiting:
            return (
                "Exercise {0} is waiting for your answer: {1} for a hint, {2} to see one, {3} to leave it for later.",
                "练习 {0} 正在等你的答案：{1} 看提示，{2} 看参考答案，{3} 留到以后再做。"
            )
        case .quizWaiting:
            return (
                "Answer with the number of an option (or :next to leave the question for later).",
                "请输入选项的编号作答（或输入 :next 把这道题留到以后）。"
            )
        case .endOfLesson: return ("End of “{0}”. ", "“{0}”到此结束。")
        case .everythingDone: return ("Everything is done.", "全部完成。")
        case .stillPending: return ("Still pending: {0} (:goto ID).", "尚未完成：{0}（:goto ID）。")
        case .lessonsAndOpen: return ("{0} lists the course; {1} opens a lesson.", "{0} 列出课程目录；{1} 打开一课。")
        case .firstStep: return ("This is the first step.", "这已经是第一步。")
        case .noSuchStep:
            return (
                "No step, cell or section called {0} in this lesson; :toc lists them.",
                "本课没有名为 {0} 的步骤、单元或小节；:toc 列出全部步骤。"
            )
        case .startingOver: return ("Starting “{0}” over.", "从头开始“{0}”。")
        case .enterNextStep: return ("(Enter: next step)", "（回车：下一步）")
        case .enterNextStepAfter: return (" (Enter: next step)", "（回车：下一步）")
        case .cellRolledBack:
            return ("The cell was rolled back; the lesson state is as before it.", "这个单元已撤销，课程状态回到运行它之前。")
        case .cellTimeoutNote: return (" (the cell's {0} s timeout)", "（单元的 {0} 秒时限）")
        case .cellTimedOut:
            return ("the cell ran past its {0} s timeout and was stopped", "单元运行超过了 {0} 秒的时限，已被中止")
        case .setDroppedNoLongerRuns:
            return (
                "(Your :set {0}={1} no longer runs, so it was dropped; {0} is the lesson's {2} again.)",
                "（你的 :set {0}={1} 已无法运行，所以被舍弃了；{0} 恢复为课程的 {2}。）"
            )
        case .setDroppedNotOneExpression:
            return (
                "(Your :set {0}={1} is not one Lab expression, so it was dropped; {0} is the lesson's {2} again.)",
                "（你的 :set {0}={1} 不是单个 Lab 表达式，所以被舍弃了；{0} 恢复为课程的 {2}。）"
            )
        case .parametersFooter:
            return (
                "Change one with :set NAME=VALUE, or try a range with :sweep NAME LOW:STEP:HIGH.",
                "用 :set NAME=VALUE 修改参数，或用 :sweep NAME LOW:STEP:HIGH 试一个范围。"
            )
        case .lessonValue: return ("  (lesson: {0})", "  （课程中为 {0}）")
        case .parameterRange: return ("  range {0}..{1}", "  范围 {0}..{1}")
        case .noParameters: return ("This lesson has no parameters.", "本课没有参数。")
        case .writeSet:
            return (
                "Write :set NAME=VALUE, for instance :set alpha=0.1", "请写 :set NAME=VALUE，例如 :set alpha=0.1"
            )
        case .setNameMissing:
            return (
                "A parameter name is missing before `=`: write :set NAME=VALUE, for instance :set {0}={1}",
                "`=` 前面缺少参数名：请写 :set NAME=VALUE，例如 :set {0}={1}"
            )
        case .notAParameter: return ("{0} is not a parameter of this lesson.", "{0} 不是本课的参数。")
        case .notAParameterSeeParams:
            return (
                "{0} is not a parameter of this lesson; :params lists them.", "{0} 不是本课的参数；:params 列出全部参数。"
            )
        case .outsideRange: return ("{0} = {1} is outside its range {2}..{3}.", "{0} = {1} 超出了它的范围 {2}..{3}。")
        case .giveAValue: return ("Give a value: :set {0}=VALUE", "请给出一个值：:set {0}=VALUE")
        case .notOneExpression:
            return (
                "{0} is not one Lab expression, so {1} keeps {2}. "
                    + "Write :set {1}=VALUE with a single value, for instance :set {1}={3}",
                "{0} 不是单个 Lab 表达式，所以 {1} 仍为 {2}。请用单个值写 :set {1}=VALUE，例如 :set {1}={3}"
            )
        case .writeSweep:
            return (
                "Write :sweep NAME LOW:STEP:HIGH [EXPR], for instance :sweep alpha 0:0.1:0.5",
                "请写 :sweep NAME LOW:STEP:HIGH [EXPR]，例如 :sweep alpha 0:0.1:0.5"
            )
        case .cannotReadRange:
            return (
                "Cannot read the range {0}: write LOW:STEP:HIGH or LOW..HIGH (at most 200 values).",
                "无法读取范围 {0}：请写 LOW:STEP:HIGH 或 LOW..HIGH（最多 200 个值）。"
            )
        case .sweepOutsideRange:
            return (
                "{0} = {1} is outside its range {2}..{3}; sweep inside it.",
                "{0} = {1} 超出了它的范围 {2}..{3}；请在范围之内扫描。"
            )
        case .parameterSetUpLater:
            return (
                "The parameter {0} is set up by a later step; go there first.", "参数 {0} 在后面的步骤中才设置；请先到那一步。"
            )
        case .nameTheQuantity:
            return ("Name the quantity to sweep: :sweep {0} {1} EXPR", "请写出要扫描的量：:sweep {0} {1} EXPR")
        case .sweepCellsFail: return ("the lesson's cells fail for {0} = {1}", "{0} = {1} 时课程的单元运行失败")
        case .sweepNotANumber: return ("{0} is {1}, not one number", "{0} 是 {1}，不是单个数")
        case .sweepStopped:
            return (
                "Stopped: :sweep was undone; the values, parameters and marks are as before it.",
                "已中止：:sweep 已撤销；变量值、参数和完成标记都回到它之前的样子。"
            )
        case .sweepError:
            return (
                "error: {0}. Sweep a number, for instance :sweep {1} {2} EXPR with EXPR a number.",
                "错误：{0}。请扫描一个数，例如 :sweep {1} {2} EXPR，其中 EXPR 是一个数。"
            )
        case .sweepErrorCell: return ("error", "错误")
        case .exerciseSolved: return ("Exercise {0} ✓ ", "练习 {0} ✓ ")
        case .exerciseSolvedDone:
            return (
                "done; your answer is in place ({0}). Type another to try again, or press Enter.",
                "已完成；你的答案已经就位（{0}）。可以输入另一个答案再试，或按回车继续。"
            )
        case .exerciseHeader: return ("Exercise {0}", "练习 {0}")
        case .exerciseDefine: return (": define {0}.", "：定义 {0}。")
        case .exerciseHintsOne:
            return (" ({0} hint, :hint; :solution; :skip)", "（{0} 条提示，:hint；:solution；:skip）")
        case .exerciseHints:
            return (" ({0} hints, :hint; :solution; :skip)", "（{0} 条提示，:hint；:solution；:skip）")
        case .quizRange: return ("Answer with the number of an option, 1 to {0}.", "请输入选项的编号作答，1 到 {0}。")
        case .commandStopped:
            return ("Stopped; everything is as before the command.", "已中止；一切都回到这条命令之前的样子。")
        case .commandFailed:
            return ("That failed; everything is as before the command.", "运行失败；一切都回到这条命令之前的样子。")
        case .checkTimedOut:
            return (
                "The check of {0} ran past its {1} s timeout in {2} and was stopped",
                "{0} 的检查在{2} 超过了 {1} 秒的时限，已被中止"
            )
        case .checkStopped: return ("The check of {0} was stopped", "{0} 的检查被中止了")
        case .thisExercise: return ("this exercise", "本练习")
        case .commandUndone: return ("{0}; your command was undone.", "{0}；你的命令已撤销。")
        case .correct: return ("✓ Correct.", "✓ 正确。")
        case .notYetLead: return ("✗ Not yet: ", "✗ 还不对：")
        case .rolledBackWhy:
            return (
                "(rolled back; :why shows expected and got, :hint gives a hint)",
                "（已撤销；:why 对照期望值与实际值，:hint 给出提示）"
            )
        case .notYet: return ("Not yet: {0}.", "还不对：{0}。")
        case .parameterNote:
            return (
                "({0} is a parameter of this lesson: :set {0}=… also re-runs the cells that use it.)",
                "（{0} 是本课的参数：用 :set {0}=… 还会重新运行用到它的单元。）"
            )
        case .replacedNote:
            return (
                "(This replaced the lesson's {0}; later cells may need it. :goto {1} brings the lesson's back.)",
                "（这替换了课程中的 {0}，后面的单元可能还要用到它。:goto {1} 可以恢复课程的值。）"
            )
        case .remindToAssign:
            return (
                "(A value on its own is not checked: to answer, store it with {0} = …)",
                "（单独的值不会被检查：要作答，请用 {0} = … 把它存起来）"
            )
        case .noExercise: return ("There is no exercise at this step.", "这一步没有练习。")
        case .nothingChecked: return ("Nothing has been checked yet at this step.", "这一步还没有检查过任何答案。")
        case .compareRule:
            return (
                "Numbers compare as |got − want| ≤ atol + rtol·|want| with {0}.",
                "数值按 |got − want| ≤ atol + rtol·|want| 比较，其中 {0}。"
            )
        case .noHints:
            return (
                "This exercise has no hints; :solution shows the reference answer.",
                "本练习没有提示；:solution 显示参考答案。"
            )
        case .noMoreHints:
            return ("No more hints; :solution shows the reference answer.", "没有更多提示了；:solution 显示参考答案。")
        case .hintLabel: return ("hint {0}/{1}: ", "提示 {0}/{1}：")
        case .solutionLabel: return ("solution:", "参考答案：")
        case .solutionAtPrompt:
            return ("(it is at the prompt: press Enter to run it, or :skip)", "（它已放在提示符后：按回车运行，或输入 :skip）")
        case .skipped: return ("Skipped {0}: its solution ran.", "已跳过 {0}：运行了它的参考答案。")
        case .leftQuestion: return ("Left the question {0} for later.", "题目 {0} 留到以后再做。")
        case .answerWithANumber: return ("(answer with a number)", "（输入编号作答）")
        case .rightAnswer: return ("✓ Right. ", "✓ 答对了。")
        case .notQuite: return ("Not quite; try another option.", "不太对；再试试别的选项。")
        case .timeTaken: return ("time: {0} s", "用时：{0} 秒")
        case .progressDamaged:
            return (
                "warning: progress file {0} was damaged; kept it as {1} and started the lesson fresh",
                "警告：进度文件 {0} 已损坏；已另存为 {1}，本课从头开始"
            )
        case .progressDamagedOnSave:
            return (
                "warning: progress file {0} was damaged; kept it as {1} and saved this session's progress",
                "警告：进度文件 {0} 已损坏；已另存为 {1}，并保存了本次的进度"
            )
        case .hasNoValue: return ("`{0}` has no value", "`{0}` 没有值")
        case .progressNotSaved: return ("warning: progress not saved: {0}", "警告：进度没有保存：{0}")
        case .anotherShellAnswers:
            return (
                "Another shell on this lesson saved meanwhile; kept its answers to {0}, marked done here too.",
                "另一个终端同时保存了本课的进度；已保留它对 {0} 的答案，这里也标为完成。"
            )
        case .anotherShellSteps:
            return (
                "Another shell on this lesson saved meanwhile; kept the {0} steps it finished, marked done here too.",
                "另一个终端同时保存了本课的进度；已保留它完成的 {0} 个步骤，这里也标为完成。"
            )
        case .undone:
            return (
                "That failed: {0} was undone; the values, parameters and marks are as before it.",
                "运行失败：{0} 已撤销；变量值、参数和完成标记都回到它之前的样子。"
            )
        case .undoneStopped:
            return (
                "Stopped: {0} was undone; the values, parameters and marks are as before it.",
                "已中止：{0} 已撤销；变量值、参数和完成标记都回到它之前的样子。"
            )
        case .setAside:
            return ("(Your {0} no longer runs here and was set aside.)", "（你的 {0} 在这里已无法运行，已放到一边。）")
        case .definitionsBack: return ("Your own definitions came back: {0}.", "你自己的定义已恢复：{0}。")
        case .nothingToRerun:
            return (
                "Nothing to re-run: no parameters have been set up yet in this lesson.",
                "没有可重新运行的：本课还没有设置任何参数。"
            )
        case .parametersTakeEffect:
            return ("The parameters take effect when their cell is reached.", "参数在运行到它们的单元时生效。")
        case .reranSteps:
            return (
                "Re-ran steps {0}–{1}; no shown cell depends on the change.",
                "重新运行了第 {0}–{1} 步；没有显示的单元依赖这一改动。"
            )
        case .stepNumber: return ("step {0}", "第 {0} 步")
        case .theNextStep: return ("the next step", "下一步")
        case .aNumber: return ("a number", "一个数")
        case .aBool: return ("a Bool", "一个 Bool")
        case .aVector: return ("a {0}-element Vector", "一个 {0} 元 Vector")
        case .aTensor: return ("{0} tensor", "{0} 张量")
        case .aNonNumericValue: return ("a non-numeric value", "一个非数值")
        case .shapeSuffix: return (" (shape {0})", "（形状 {0}）")
        case .kindSetup: return ("setup", "准备")
        case .kindParams: return ("params", "参数")
        case .kindLab: return ("lab", "代码")
        case .kindPlot: return ("plot", "绘图")
        case .kindExercise: return ("exercise", "练习")
        case .kindQuiz: return ("quiz", "小测验")
        case .kindMath: return ("math", "公式")

        // Lab errors
        case .severityError: return ("error:", "错误：")
        case .severityWarning: return ("warning:", "警告：")
        case .severityNote: return ("note:", "注：")
        case .undefinedName: return ("undefined name {0}", "未定义的名称 {0}")
        case .undefinedNameDidYouMean:
            return ("undefined name {0}; did you mean {1}?", "未定义的名称 {0}；你是想写 {1} 吗？")
        case .undefinedNameLabWrites: return ("undefined name {0}: Lab writes {1}", "未定义的名称 {0}：Lab 的写法是 {1}")
        case .undefinedNameNoModules:
            return (
                "undefined name {0}: Lab has no modules; its functions are builtins (write zeros(3), not {0}.zeros(3))",
                "未定义的名称 {0}：Lab 没有模块，函数都是内置函数（写 zeros(3)，而不是 {0}.zeros(3)）"
            )
        case .undefinedNameAssignedLater:
            return ("undefined name {0} (assigned later in this function?)", "未定义的名称 {0}（是不是在这个函数里稍后才赋值？）")
        case .moduleMember:
            return (
                "undefined name {0}: Lab has no modules; its functions are builtins, so write {1} without {0}.",
                "未定义的名称 {0}：Lab 没有模块，函数都是内置函数，所以请写 {1}，不要 {0}。"
            )
        case .listOfNames: return ("{0} or {1}", "{0} 或 {1}")
        case .expectsArgument: return ("{0} expects {1} argument, got {2}", "{0} 需要 {1} 个参数，实际给了 {2} 个")
        case .expectsArguments: return ("{0} expects {1} arguments, got {2}", "{0} 需要 {1} 个参数，实际给了 {2} 个")
        case .expectsArgumentNamed:
            return ("{0} expects {1} argument ({2}), got {3}", "{0} 需要 {1} 个参数（{2}），实际给了 {3} 个")
        case .expectsArgumentsNamed:
            return ("{0} expects {1} arguments ({2}), got {3}", "{0} 需要 {1} 个参数（{2}），实际给了 {3} 个")
        case .atLeast: return ("at least {0}", "至少 {0}")
        case .fromTo: return ("{0} to {1}", "{0} 到 {1}")
        case .unknownKeyword: return ("unknown keyword {0} for {1}; {2}", "{1} 没有关键字参数 {0}；{2}")
        case .validKeywords: return ("valid keywords: {0}", "可用的关键字：{0}")
        case .takesNoKeywords: return ("it takes no keywords", "它不接受关键字参数")
        case .interrupted: return ("interrupted", "已中断")
        case .cannotMultiplyVectors:
            return ("cannot multiply two Vectors ({0} and {1}) with *", "不能用 * 把两个 Vector（{0} 和 {1}）相乘")
        case .multiplyVectorsHelp:
            return (
                "help: use dot(u, v) for the inner product, u .* v elementwise, or u * v' for the outer product",
                "提示：内积用 dot(u, v)，逐元素相乘用 u .* v，外积用 u * v'"
            )
        case .shapesDoNotMatch: return ("{0}: shapes {1} and {2} do not match", "{0}：形状 {1} 与 {2} 不匹配")
        case .cannotApply: return ("cannot apply {0} to {1} and {2}", "不能对 {1} 和 {2} 使用 {0}")
        case .cannotCall: return ("cannot call a {0}: expected a function", "不能调用 {0}：这里需要一个函数")
        case .indexOutOfRange:
            return ("index {0} is out of range: the size is {1} (a {2})", "索引 {0} 超出范围：大小是 {1}（一个 {2}）")
        case .indexOutOfRangeInDimension:
            return (
                "index {0} is out of range in dimension {1}: the size is {2} (a {3})",
                "索引 {0} 在第 {1} 维超出范围：这一维的大小是 {2}（一个 {3}）"
            )
        case .indexOutOfRangeForDimension:
            return (
                "index {0} is out of range for dimension {1} of size {2}", "索引 {0} 超出第 {1} 维的范围（大小为 {2}）"
            )
        case .indexNotAnInteger: return ("index {0} is not an integer", "索引 {0} 不是整数")
        case .expectedIntegerIndex: return ("expected an integer index, found {0}", "这里应为整数索引，却遇到了 {0}")
        case .recordHasNoField:
            return ("the Record has no field {0}; its fields are {1}", "这个 Record 没有字段 {0}；它的字段是 {1}")
        case .cannotIndexA: return ("cannot index a {0}", "不能对 {0} 取索引")
        case .listTakesOneIndex: return ("a List takes one index, got {0}", "List 只接受一个索引，这里给了 {0} 个")
        case .cannotTakeField: return ("cannot take field .{0} of a {1}", "{1} 没有字段，不能取 .{0}")
        case .cannotTakeFieldWrite:
            return ("cannot take field .{0} of a {1}: write {2}", "{1} 没有字段，不能取 .{0}：请写 {2}")
        case .hasNoField: return ("a {0} has no field .{1}", "{0} 没有字段 .{1}")
        case .hasNoFieldWrite: return ("a {0} has no field .{1}: write {2}", "{0} 没有字段 .{1}：请写 {2}")
        case .fitStopped:
            return (
                "fit stopped in epoch {0} of {1}; the result keeps what it learned",
                "fit 在第 {0} 轮（共 {1} 轮）停止；结果保留了已学到的内容"
            )
        case .trainingStoppedAtIteration:
            return (
                "{0} stopped at iteration {1} of {2}; the result keeps what it learned",
                "{0} 在第 {1} 次迭代（共 {2} 次）停止；结果保留了已学到的内容"
            )
        case .trainingStoppedEarly:
            return ("{0} stopped early; the result keeps what it learned", "{0} 提前停止；结果保留了已学到的内容")
        case .pathStoppedEarly:
            return ("{0} stopped early; the result keeps the path so far", "{0} 提前停止；结果保留了到目前为止的路径")
        case .indexOutOfRangeListOne:
            return ("index {0} is out of range for a List of {1} element", "索引 {0} 超出范围：这个 List 只有 {1} 个元素")
        case .indexOutOfRangeList:
            return ("index {0} is out of range for a List of {1} elements", "索引 {0} 超出范围：这个 List 只有 {1} 个元素")
        case .expectedFound: return ("expected {0}, found {1}", "这里应为 {0}，却遇到了 {1}")
        case .ambiguousNumberDot:
            return (
                "'{0}{1}' is ambiguous: write {0}0 {1} … for the number {0}0, or {2} .{1} … elementwise",
                "'{0}{1}' 有歧义：数 {0}0 请写 {0}0 {1} …，逐元素运算请写 {2} .{1} …"
            )
        case .dotCompoundOnField:
            return (
                "{0} works elementwise on a tensor: write x {0} v or x[i] {0} v, not on a field",
                "{0} 对张量逐元素运算：请写 x {0} v 或 x[i] {0} v，不能用于字段"
            )
        case .broadcastIntoNonArray:
            return (
                "cannot assign into a {0} by index: x .= v and x .+= v change an array's elements; "
                    + "for a {0} write x = v or x += v",
                "不能按下标给 {0} 赋值：x .= v 和 x .+= v 修改数组的元素；{0} 请写 x = v 或 x += v"
            )
        case .numberEndsInDot:
            return (
                "the number '{0}' ends in '.' right before {1}: write {0}0",
                "数字 '{0}' 以 '.' 结尾，紧接着 {1}：请写 {0}0"
            )
        case .neverClosed:
            return ("this '{0}' is never closed: expected {1} before {2}", "这个 '{0}' 没有闭合：在 {2} 之前应有 {1}")
        case .expectedNewLine:
            return ("expected a new line or ';' after the statement, found {0}", "语句之后应换行或写 ';'，却遇到了 {0}")
        case .expectedExpression: return ("expected an expression, found {0}", "这里应为一个表达式，却遇到了 {0}")
        case .closerIsAt:
            return ("note: the '{0}' it closes is at line {1}, column {2}", "注：与之配对的 '{0}' 在第 {1} 行第 {2} 列")
        case .endOfLine: return ("end of line", "行尾")
        case .endOfInput: return ("end of input", "输入的结尾")
        case .aString: return ("a string", "一个字符串")
        case .numberToken: return ("number {0}", "数字 {0}")
        case .nameToken: return ("name {0}", "名称 {0}")

        // live sliders
        case .helpSlide:
            return (
                "move a parameter with ←/→ (h/l) and watch what depends on it redraw; Enter keeps the value, Esc puts it back",
                "用 ←/→（h/l）移动一个参数，依赖它的单元随之重画；Enter 保留新值，Esc 恢复原值"
            )
        case .writeSlide:
            return ("Write :slide NAME; :params lists the parameters.", "请写 :slide NAME；:params 列出全部参数。")
        case .parametersFooterSlide:
            return (
                "Change one with :set NAME=VALUE or :slide {0} to move it with ←/→, or try a range with :sweep NAME LOW:STEP:HIGH.",
                "用 :set NAME=VALUE 修改参数，用 :slide {0} 以 ←/→ 移动它，或用 :sweep NAME LOW:STEP:HIGH 试一个范围。"
            )
        case .parameterSlideStep: return (", :slide by {0}", "，:slide 步长 {0}")
        case .slideNoRange:
            return (
                "{0} has no declared range to slide in; change it with :set {0}=VALUE.",
                "{0} 没有声明范围，无法滑动；请用 :set {0}=VALUE 修改它。"
            )
        case .slideNotANumber:
            return (
                "{0} = {1} is not a number to slide; change it with :set {0}=VALUE.",
                "{0} = {1} 不是可以滑动的数；请用 :set {0}=VALUE 修改它。"
            )
        case .slideNeedsTerminal:
            return (
                ":slide needs an interactive terminal (it reads ←/→ as they are pressed); here, try {0}.",
                ":slide 需要交互式终端（它随按随读 ←/→）；这里请试试 {0}。"
            )
        case .slideInstead: return ("{0} or :set {1}=VALUE", "{0} 或 :set {1}=VALUE")
        case .slideInsteadAny:
            return (
                ":sweep NAME LOW:STEP:HIGH or :set NAME=VALUE", ":sweep NAME LOW:STEP:HIGH 或 :set NAME=VALUE"
            )
        case .slideHeading:
            return (
                "   ←/→ by {0} in {1}..{2} · Enter keeps it · Esc puts {3} back",
                "   ←/→ 步长 {0}，范围 {1}..{2} · Enter 保留 · Esc 恢复为 {3}"
            )
        case .slideHeadingShort:
            return ("   ←/→ by {0} · Enter keeps it · Esc undoes", "   ←/→ 步长 {0} · Enter 保留 · Esc 恢复")
        case .slideHeadingKeys: return ("   ←/→ · Enter · Esc", "   ←/→ · Enter · Esc")
        case .slideComputing: return ("   computing {0} = {1} …", "   正在计算 {0} = {1} …")
        case .slideStopped:
            return (
                "Stopped: :slide {0} was undone; the values, parameters and marks are as before it.",
                "已中止：:slide {0} 已撤销；变量值、参数和完成标记都回到它之前的样子。"
            )
        case .slideRestored:
            return (
                "{0} is {1} again; every value and output is as before :slide.",
                "{0} 恢复为 {1}；所有变量值和输出都回到 :slide 之前的样子。"
            )
        case .slideStays: return ("{0} stays {1}.", "{0} 仍为 {1}。")
        case .slideKept:
            return (
                "{0} = {1} (it was {2}); :params lists it, :set {0}={2} puts it back.",
                "{0} = {1}（原来是 {2}）；:params 列出它，:set {0}={2} 可以改回。"
            )
        case .wantOpenAfterFunctionName: return ("'(' after the function name", "函数名之后的 '('")
        case .wantCloseAfterParameters: return ("')' after the parameters", "参数之后的 ')'")
        case .wantCloseArguments: return ("')' to close the argument list", "结束参数列表的 ')'")
        case .wantCloseGenerator: return ("')' to close the generator", "结束生成器的 ')'")
        case .wantCloseRecord: return ("')' to close the record", "结束记录的 ')'")
        case .wantCloseTuple: return ("')' to close the tuple", "结束元组的 ')'")
        case .wantRightParen: return ("')'", "')'")
        case .wantArrow: return ("'->'", "'->'")
        case .wantConditionalColon:
            return ("':' in the conditional expression a ? b : c", "条件表达式 a ? b : c 中的 ':'")
        case .wantEqualsAfterField: return ("'=' after the field name", "字段名之后的 '='")
        case .wantVectorCloseOrComma: return ("']' or ',' in the vector", "向量中的 ']' 或 ','")
        case .wantCloseComprehension: return ("']' to close the comprehension", "结束推导式的 ']'")
        case .wantCloseIndex: return ("']' to close the index", "结束索引的 ']'")
        case .wantEndFunction: return ("'end' to close the function", "结束函数的 'end'")
        case .wantEndIf: return ("'end' to close the if", "结束 if 的 'end'")
        case .wantEndLoop: return ("'end' to close the loop", "结束循环的 'end'")
        case .wantEnd: return ("'end'", "'end'")
        case .wantFieldAfterDot: return ("a field name after '.'", "'.' 之后的字段名")
        case .wantFieldName: return ("a field name", "字段名")
        case .wantFunctionName: return ("a function name after 'function'", "'function' 之后的函数名")
        case .wantLoopVariable: return ("a loop variable after 'for'", "'for' 之后的循环变量")
        case .wantNameAfterQuestion: return ("a name after '?'", "'?' 之后的名称")
        case .wantNameAfterGlobal: return ("a name after 'global'", "'global' 之后的名称")
        case .wantName: return ("a name", "名称")
        case .wantParameterName: return ("a parameter name", "参数名")
        case .wantRightBracket: return ("']'", "']'")
        case .wantCloseMatrix: return ("']' to close the matrix", "结束矩阵的 ']'")
        case .wantLoopIn: return ("'in', '=' or '∈' after the loop variable", "循环变量之后的 'in'、'=' 或 '∈'")
        case .wantKeywordArgument:
            return ("a keyword argument name = value after ';'", "';' 之后的关键字参数 name = value")
        case .wantCloseInterpolation: return ("')' to end the interpolated expression", "结束插值表达式的 ')'")
        }
    }

    /// The message in `language` (English where a translation is missing), `{k}` replaced by `arguments[k]`.
    public func text(_ language: Language, _ arguments: String...) -> String {
        text(language, arguments)
    }

    /// The message in `language` with `arguments` filled in (one pass: an argument that
    /// itself contains `{1}` is not filled again).
    public func text(_ language: Language, _ arguments: [String]) -> String {
        let template = templates[language] ?? templates[.en] ?? rawValue
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let k = Int(rest[afterOpen..<close]),
                arguments.indices.contains(k)
            {
                out += arguments[k]
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return language == .zh ? Self.joiningChinese(out) : out
    }

    /// Chinese puts no space between two Chinese characters (or full-width punctuation); one
    /// left where an argument meets its template (`应为 {0}` with a Chinese {0}) goes.
    static func joiningChinese(_ text: String) -> String {
        func wide(_ c: Character) -> Bool {
            c.unicodeScalars.first.map {
                (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
            }
                ?? false
        }
        let chars = Array(text)
        var out = ""
        for (k, c) in chars.enumerated() {
            if c == " ", k > 0, k + 1 < chars.count, wide(chars[k - 1]), wide(chars[k + 1]) { continue }
            out.append(c)
        }
        return out
    }

    /// This message with `arguments`, to be said later in whichever language is chosen then.
    public func localized(_ arguments: String...) -> LocalizedText {
        LocalizedText(self, arguments.map { .verbatim($0) })
    }
}

/// A catalogue message with its arguments, kept whole so that it can be said in any language
/// later: a Lab error is made deep in the interpreter, before anyone knows who reads it.
/// An argument is a word as it is (a name, a number) or another message (`expected {0}`).
public struct LocalizedText: Sendable, Equatable {
    public indirect enum Argument: Sendable, Equatable {
        case verbatim(String)
        case localized(LocalizedText)
        /// Names joined as `Language.list` does: "a, b or c", "a、b 或 c".
        case list([String])

        func text(_ language: Language) -> String {
            switch self {
            case .verbatim(let s): return s
            case .localized(let t): return t.text(language)
            case .list(let names): return language.list(names)
            }
        }
    }

    public var message: Message
    public var arguments: [Argument]

    public init(_ message: Message, _ arguments: [Argument] = []) {
        self.message = message
        self.arguments = arguments
    }

    public func text(_ language: Language) -> String {
        message.text(language, arguments.map { $0.text(language) })
    }
}

extension Language {
    /// "a, b or c" in English, "a、b 或 c" in Chinese.
    public func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let head = items.dropLast().joined(separator: self == .zh ? "、" : ", ")
        return Message.listOfNames.text(self, head, items.last!)
    }

    /// A cell kind's name as `:toc` shows it.
    public func cellKind(_ raw: String) -> String {
        let key: Message? = [
            "setup": .kindSetup, "params": .kindParams, "lab": .kindLab, "plot": .kindPlot,
            "exercise": .kindExercise, "quiz": .kindQuiz, "math": .kindMath,
        ][raw]
        return key.map { $0.text(self) } ?? raw
    }
}
