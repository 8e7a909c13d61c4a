import Foundation
import Testing

@testable import Terminal

/// The message catalogue (issue 19): no key without a Chinese entry.
@Suite struct MessagesTests {
    @Test func everyKeyHasEveryLanguage() {
        let missing = Message.allCases.flatMap { key in
            Language.allCases.filter { (key.templates[$0] ?? "").isEmpty }.map {
                "\(key.rawValue) (\($0.rawValue))"
            }
        }
        #expect(missing.isEmpty, "keys without a translation: \(missing.joined(separator: ", "))")
    }

    @Test func everyTranslationTakesTheSameArguments() throws {
        let placeholder = try NSRegularExpression(pattern: #"\{\d\}"#)
        func slots(_ s: String) -> Set<String> {
            Set(
                placeholder.matches(in: s, range: NSRange(s.startIndex..., in: s)).map {
                    (s as NSString).substring(with: $0.range)
                })
        }
        for key in Message.allCases {
            let english = slots(key.templates[.en] ?? "")
            for language in Language.allCases {
                #expect(
                    slots(key.templates[language] ?? "") == english, "\(key.rawValue) in \(language.rawValue)"
                )
            }
        }
    }

    @Test func argumentsFillTheTemplate() {
        #expect(Message.timesTooLarge.text(.en, "2") == "about 2 times too large")
        #expect(Message.timesTooLarge.text(.zh, "2") == "偏大，约为答案的 2 倍")
        #expect(Message.gotValue.text(.zh, "12", "", "符号反了") == "得到 12，符号反了")
    }
}

/// Chinese text uses full-width punctuation (docs/GLOSSARY.zh.md, "Style"): no ASCII `,;?!()`
/// next to a Chinese character in a zh template (code such as `:set NAME=…` keeps its own).
@Suite struct MessagesPunctuationTests {
    static func isChinese(_ c: Character) -> Bool {
        c.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test func chineseTemplatesUseFullWidthPunctuation() {
        var offenders: [String] = []
        for key in Message.allCases {
            guard let zh = key.templates[.zh] else { continue }
            let chars = Array(zh)
            for k in chars.indices where ",;?!()".contains(chars[k]) {
                let before = k > 0 && Self.isChinese(chars[k - 1])
                let after = k + 1 < chars.count && Self.isChinese(chars[k + 1])
                if before || after { offenders.append("\(key.rawValue): \(zh)") }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test func aLocalizedTextIsSaidInEitherLanguage() {
        let text = LocalizedText(.undefinedNameDidYouMean, [.verbatim("alpah"), .list(["alpha", "aleph"])])
        #expect(text.text(.en) == "undefined name alpah; did you mean alpha or aleph?")
        #expect(text.text(.zh) == "未定义的名称 alpah；你是想写 alpha 或 aleph 吗？")
        #expect(Language.zh.list(["a", "b", "c"]) == "a、b 或 c")
        #expect(Language.en.list(["a", "b", "c"]) == "a, b or c")
    }
}
