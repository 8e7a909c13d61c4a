import Foundation
import TestSupport
import Testing

@testable import Terminal

/// Choosing the language (issue 19): POSIX locale precedence, then `--lang` and the remembered choice.
@Suite struct LanguageTests {
    @Test func theFirstSetLocaleVariableDecides() {
        #expect(Language.fromLocale(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "zh_TW.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.fromLocale([:]) == .en)
        // LC_ALL overrides everything, LC_MESSAGES overrides LANG (POSIX).
        #expect(
            Language.fromLocale(["LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.fromLocale(["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        // Set but empty counts as not set.
        #expect(Language.fromLocale(["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]) == .zh)
    }

    @Test func askedBeatsRememberedBeatsTheLocale() {
        let chinese = ["LANG": "zh_CN.UTF-8"]
        #expect(Language.resolve(asked: .en, remembered: .zh, environment: chinese) == .en)
        #expect(Language.resolve(asked: nil, remembered: .en, environment: chinese) == .en)
        #expect(Language.resolve(asked: nil, remembered: nil, environment: chinese) == .zh)
    }

    @Test func theChoiceIsRememberedInTheStateFolder() throws {
        let folder = scratchPath("metalab-language")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(Language.remembered(in: folder) == nil)
        Language.zh.remember(in: folder)
        #expect(Language.remembered(in: folder) == .zh)
        try "klingon\n".write(toFile: folder + "/language", atomically: true, encoding: .utf8)
        #expect(Language.remembered(in: folder) == nil, "an unknown word is no choice")
    }
}
