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
