import TestSupport
import Testing

@testable import Terminal

/// Chinese line breaking in `wordWrapped` (issue 19): between CJK characters, never a line
/// starting with closing or ending with opening punctuation, never a Latin word split.
@Suite struct LineBreakingTests {
    static let text =
        "多任务学习（multi-task learning）让几个任务共享参数 θ：当梯度 g₁ 与 g₂ 冲突时，PCGrad把一个梯度投影到另一个的法平面上，"
        + "结果约为原来的 0.5 倍。元学习（meta-learning）学习一个初始化，使得在支持集上走几步梯度下降之后，查询集上的损失最小；"
        + "这就是MAML的思想，见 Finn、Abbeel 与 Levine（2017）。「负迁移」指共享反而有害的情形！"

    @Test(arguments: [20, 40, 80])
    func chineseWrapsWithinTheWidthAndByTheRules(width: Int) {
        let lines = Self.text.wordWrapped(toWidth: width)
        #expect(lines.count > 1)
        expectWellBroken(lines, width: width, source: Self.text)
    }

    @Test func breaksBetweenChineseCharactersWithoutSpaces() {
        // Six wide characters are twelve columns: at width 6 two lines, no spaces added.
        #expect("元学习内循环".wordWrapped(toWidth: 6) == ["元学习", "内循环"])
        #expect("使用PCGrad方法".wordWrapped(toWidth: 8) == ["使用", "PCGrad方", "法"])
        #expect("使用PCGrad方法".wordWrapped(toWidth: 10) == ["使用PCGrad", "方法"])
    }

    @Test func closingPunctuationStaysWithTheCharacterBeforeIt() {
        // A greedy break after 习 would start the next line with ，.
        #expect("元学习，内循环".wordWrapped(toWidth: 6) == ["元学", "习，内", "循环"])
        // An opening bracket goes to the next line with what follows it.
        #expect("甲乙（丙）".wordWrapped(toWidth: 6) == ["甲乙", "（丙）"])
    }

    @Test func latinTextWrapsAsBefore() {
        #expect(
            "save progress and leave (also Ctrl-D)".wordWrapped(toWidth: 16) == [
                "save progress", "and leave (also", "Ctrl-D)",
            ])
        #expect(LineBreaking.units("a b").map(\.text) == ["a", "b"])
    }

    @Test func aLongWordIsCutByColumnsNotCharacters() {
        for line in "一二三四五六七八".wordWrapped(toWidth: 5) { #expect(displayWidth(line) <= 5, "\(line)") }
    }
}
