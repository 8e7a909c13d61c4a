import Foundation

/// The language MetaLab speaks (issue 19): lessons from `Lessons/zh/` and, as the message
/// catalogue grows, the shell's own words.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// The language of the locale as POSIX reads it: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty decides (so `LC_ALL=C` beats `LANG=zh_CN.UTF-8`);
    /// a value starting with `zh` is Chinese, anything else English.
    public static func fromLocale(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Language
    {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// The language to use: the one asked for (`--lang`), else the one remembered from the
    /// last time it was asked for, else the locale's.
    public static func resolve(
        asked: Language?, remembered: Language?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Language {
        asked ?? remembered ?? fromLocale(environment)
    }

    /// The language remembered in `folder/language` (one word), if any.
    public static func remembered(in folder: String) -> Language? {
        (try? String(contentsOfFile: folder + "/language", encoding: .utf8))
            .flatMap { Language(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Remembers `self` in `folder/language` (written whole, then renamed); errors are ignored,
    /// since a choice not remembered costs only the flag next time.
    public func remember(in folder: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? (rawValue + "\n").write(toFile: folder + "/language", atomically: true, encoding: .utf8)
    }
}
