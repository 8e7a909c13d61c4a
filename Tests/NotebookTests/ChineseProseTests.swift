import Terminal
import TestSupport
import Testing

@testable import Notebook

/// Chinese prose in the lesson renderer (issue 19): CJK line breaking, inline math and code
/// kept whole, soft line breaks between Chinese characters dropped.
@Suite struct ChineseProseTests {
    /// Inline math as the formula typesetter would give it, for the few commands used here.
    static let typesetter = MathTypesetter(
        inline: { latex, _ in
            latex.replacingOccurrences(of: "\\text{", with: "").replacingOccurrences(of: "}", with: "")
                .replacingOccurrences(of: "\\theta", with: "θ").replacingOccurrences(
                    of: "\\sum_i ", with: "∑ᵢ"
                )
                .replacingOccurrences(of: "_1", with: "₁").replacingOccurrences(of: "_2", with: "₂")
                .replacingOccurrences(of: "_i", with: "ᵢ")
        }, display: { latex, _ in [latex] })

    static let paragraph =
        "多任务学习（multi-task learning）让几个任务共享参数 $\\theta$：当梯度 $g_1$ 与 $g_2$ 冲突时，`pcgrad`把一个梯度投影到另一个的法平面上，"
        + "结果约为原来的 0.5 倍。元学习（meta-learning）学习一个初始化，使得在支持集上走几步梯度下降之后，查询集上的损失最小；"
        + "这就是MAML的思想，见 Finn、Abbeel 与 Levine（2017）。公式 $\\text{损失} = \\sum_i w_i L_i$ 也可以内联。「负迁移」指共享反而有害的情形！"

    /// The paragraph as it reads on one line, math typeset and code in backticks.
    static let typeset = paragraph.replacingOccurrences(of: "$\\theta$", with: "θ").replacingOccurrences(
        of: "$g_1$", with: "g₁"
    )
    .replacingOccurrences(of: "$g_2$", with: "g₂").replacingOccurrences(
        of: "$\\text{损失} = \\sum_i w_i L_i$", with: "损失 = ∑ᵢwᵢ Lᵢ")

    @Test(arguments: [20, 40, 80])
    func mixedChineseLatinAndMathWrapWithinTheWidth(width: Int) {
        let renderer = ProseRenderer(
            context: TerminalContext(colorMode: .none, width: width), math: Self.typesetter)
        let lines = renderer.render(LessonParser.markdown(Self.paragraph)).split(separator: "\n").map(
            String.init)
        #expect(lines.count > 1)
        expectWellBroken(lines, width: width, source: Self.typeset)
        // A formula with Chinese in it stays whole on one line.
        #expect(lines.contains { $0.contains("损失 = ∑ᵢwᵢ Lᵢ") }, "\(lines)")
        #expect(!lines.joined().contains("\u{2060}"), "word joiners do not reach the screen")
    }

    @Test func aSoftBreakBetweenChineseCharactersIsNoSpace() {
        let renderer = ProseRenderer(context: TerminalContext(colorMode: .none, width: 80))
        #expect(renderer.render(LessonParser.markdown("多任务\n学习与 meta\nlearning")) == "多任务学习与 meta learning")
        #expect(renderer.render(LessonParser.markdown("## 第一\n\n元学习")) == "第一\n────\n\n元学习")
    }
}

/// Exercise feedback in Chinese, from the message catalogue.
@Suite struct ChineseFeedbackTests {
    let checker = ExerciseChecker(tolerance: Tolerance(rtol: 1e-6, atol: 1e-9), language: .zh)

    @Test func feedbackSpeaksChinese() {
        func said(_ got: Double, _ want: Double) -> String {
            checker.feedback(got: .number(got), want: .number(want))
        }
        #expect(said(12, 6) == "得到 12，偏大，约为答案的 2 倍")
        #expect(said(3, 6) == "得到 3，偏小，约为答案的 1/2")
        #expect(said(-6, 6) == "符号不对", "only the sign, not the value typed")
        #expect(
            checker.feedback(
                got: .tensor(shape: [2], values: [1, -4]), want: .tensor(shape: [2], values: [1, 4]))
                == "符号不对（位置 [2]）")
        #expect(said(7, 6) == "得到 7，偏大约 17%")
        let row = checker.feedback(
            got: .tensor(shape: [2], values: [1, 5]), want: .tensor(shape: [2], values: [1, 4]))
        #expect(row == "得到 5（位置 [2]），偏大约 25%")
    }
}
