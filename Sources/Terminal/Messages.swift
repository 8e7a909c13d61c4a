/// The shell's own words, in every language MetaLab speaks (issue 19): one catalogue, so
/// that a message cannot be added in English and forgotten in Chinese (a test lists every
/// key without a translation). A template's `{0}`, `{1}`, … are filled by `text(_:_:)`.
///
/// The catalogue starts with the exercise feedback of `ExerciseChecker`; the shell's help,
/// meta-command output and errors move here one by one.
public enum Message: String, CaseIterable, Sendable {
    /// "got 3.2 at index 2, with the wrong sign": value, place, how.
    case gotValue
    /// The place of the worst entry: index.
    case atIndex
    case notAFiniteNumber
    case tooLarge
    case tooSmall
    case answerIsNotZero
    /// place. Only the sign, never the learner's value: "got -6, with the wrong sign" would
    /// say that 6 is the answer.
    case wrongSign
    /// tolerance
    case closeButOutsideTolerance
    /// factor
    case timesTooLarge
    /// factor
    case timesTooSmall
    /// percent
    case percentTooLarge
    /// percent
    case percentTooSmall

    /// The template in each language.
    public var templates: [Language: String] {
        switch self {
        case .gotValue: return [.en: "got {0}{1}, {2}", .zh: "得到 {0}{1}，{2}"]
        case .atIndex: return [.en: " at index {0}", .zh: "（位置 {0}）"]
        case .notAFiniteNumber: return [.en: "which is not a finite number", .zh: "这不是一个有限数"]
        case .tooLarge: return [.en: "too large", .zh: "偏大"]
        case .tooSmall: return [.en: "too small", .zh: "偏小"]
        case .answerIsNotZero: return [.en: "but the answer is not 0", .zh: "但答案不是 0"]
        case .wrongSign: return [.en: "the sign is wrong{0}", .zh: "符号不对{0}"]
        case .closeButOutsideTolerance:
            return [.en: "close, but outside the tolerance ({0})", .zh: "很接近，但超出了容差（{0}）"]
        case .timesTooLarge: return [.en: "about {0} times too large", .zh: "偏大，约为答案的 {0} 倍"]
        case .timesTooSmall: return [.en: "about {0} times too small", .zh: "偏小，约为答案的 1/{0}"]
        case .percentTooLarge: return [.en: "about {0}% too large", .zh: "偏大约 {0}%"]
        case .percentTooSmall: return [.en: "about {0}% too small", .zh: "偏小约 {0}%"]
        }
    }

    /// The message in `language` (English where a translation is missing), `{k}` replaced by `arguments[k]`.
    public func text(_ language: Language, _ arguments: String...) -> String {
        var out = templates[language] ?? templates[.en] ?? rawValue
        for (k, argument) in arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(k)}", with: argument)
        }
        return out
    }
}
