import Foundation
import Terminal

/// The lessons of a folder, in course order.
public struct Course: Sendable {
    public var folder: String
    public var lessons: [Lesson]
    /// Files that failed to parse, with their problems.
    public var broken: [LessonProblems]
    /// Translations that exist but fail to parse, by file name (`07-pcgrad.md`): those
    /// lessons are read in English, and the shell says why (`brokenTranslation(of:)`).
    public var brokenTranslations: [String: LessonProblems]
    /// The language the lessons were read in: with `.zh`, a lesson that has a translation in
    /// `folder/zh/` (same file name, same id) is that translation.
    public var language: Language

    /// Reads every `*.md` in `folder` (README.md aside), sorted by `order`, then file name;
    /// subfolders (the translations in `zh/`) are not lessons of their own.
    public init(folder: String, language: Language = .en) {
        self.folder = folder
        self.language = language
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var lessons: [Lesson] = []
        var broken: [LessonProblems] = []
        var brokenTranslations: [String: LessonProblems] = [:]
        for name in names.sorted() where name.hasSuffix(".md") && name.lowercased() != "readme.md" {
            let translation =
                TranslationCheck.translationFolder(of: folder, language: language.rawValue) + "/" + name
            if language != .en, FileManager.default.fileExists(atPath: translation) {
                do {
                    lessons.append(try LessonParser.parse(contentsOf: translation))
                    continue
                } catch { brokenTranslations[name] = error }
            }
            do { lessons.append(try LessonParser.parse(contentsOf: folder + "/" + name)) } catch {
                broken.append(error)
            }
        }
        self.lessons = lessons.sorted { ($0.meta.order, $0.path) < ($1.meta.order, $1.path) }
        self.broken = broken
        self.brokenTranslations = brokenTranslations
    }

    /// The parse problems of `lesson`'s translation when it has one that cannot be read
    /// (so `lesson` is the English it fell back to); nil otherwise.
    public func brokenTranslation(of lesson: Lesson) -> LessonProblems? {
        guard language != .en, !TranslationCheck.isTranslation(lesson.path) else { return nil }
        return brokenTranslations[(lesson.path as NSString).lastPathComponent]
    }

    public func lesson(id: String) -> Lesson? {
        lessons.first { $0.meta.id == id }
            ?? Int(id).flatMap { n in lessons.first { $0.meta.order == n } }  // `1` is lesson 1, not 10-….md
            ?? lessons.first { ($0.path as NSString).lastPathComponent.hasPrefix(id) }
    }

    /// The project root: the first of the current folder and the executable's
    /// ancestors that holds `Lessons/` (so `make run` and an installed binary both find the course).
    public static func locateRoot(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let home = environment["METALAB_HOME"], FileManager.default.fileExists(atPath: home + "/Lessons") {
            return home
        }
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Lessons") { return cwd }
        var dir = (CommandLine.arguments[0] as NSString).resolvingSymlinksInPath
        dir = ((dir.hasPrefix("/") ? dir : cwd + "/" + dir) as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            if FileManager.default.fileExists(atPath: dir + "/Lessons") { return dir }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return cwd
    }
}
