import Foundation
import Yams

/// What a learner has done in one lesson: small, human-readable, and enough
/// to rebuild the state by replay (never a serialised interpreter).
public struct LessonProgress: Codable, Equatable, Sendable {
    public var id: String
    /// The content hash of the lesson file this was recorded against.
    public var hash: String
    /// The index of the step last shown (-1: not started).
    public var current: Int
    /// Names of finished steps (cell ids, or `step N` for prose).
    public var done: [String]
    /// Exercise id → the commands that passed its check (replayed on resume).
    public var answers: [String: String]
    /// Exercise id → failed attempts.
    public var attempts: [String: Int]
    /// Exercise id → hints shown.
    public var hints: [String: Int]
    /// Parameter name → Lab source of its override.
    public var parameters: [String: String]
    /// The learner's own definitions typed at the prompt, replayed at their steps (nil: none).
    public var learnerCells: [LearnerCell]?

    public init(id: String, hash: String) {
        self.id = id
        self.hash = hash
        current = -1
        done = []
        answers = [:]
        attempts = [:]
        hints = [:]
        parameters = [:]
    }

    public func isDone(_ name: String) -> Bool { done.contains(name) }

    public mutating func markDone(_ name: String) {
        if !done.contains(name) { done.append(name) }
    }
}

/// Which lesson the learner was in last (`metalab` with no arguments resumes it).
public struct CourseState: Codable, Equatable, Sendable {
    public var current: String?
    public init(current: String? = nil) { self.current = current }
}

/// Progress files under `$XDG_STATE_HOME/metalab/progress/` (default
/// `~/.local/state/metalab/progress/`), one per lesson, named by its id.
/// Writes are atomic (temporary file, then rename). A file that cannot be
/// read is moved aside as `NAME.bad` with a one-line warning and the lesson
/// starts fresh: never a crash.
public struct ProgressStore: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The store under the XDG state directory of `environment`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        ProgressStore(folder: stateDirectory(environment: environment) + "/progress")
    }

    /// `$XDG_STATE_HOME/metalab`, or `~/.local/state/metalab`.
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/metalab" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/metalab"
    }

    func path(for id: String) -> String { folder + "/" + id + ".yaml" }

    /// Loads a lesson's progress. Returns nil when there is none; a damaged
    /// file is moved aside and reported in `warning`.
    public func load(id: String, warning: inout String?) -> LessonProgress? {
        let file = path(for: id)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        do {
            guard let text = String(data: data, encoding: .utf8) else { throw CocoaError(.fileReadInapplicableStringEncoding) }
            let progress = try YAMLDecoder().decode(LessonProgress.self, from: text)
            guard progress.id == id else { throw CocoaError(.coderInvalidValue) }
            return progress
        } catch {
            let aside = file + ".bad"
            try? FileManager.default.removeItem(atPath: aside)
            try? FileManager.default.moveItem(atPath: file, toPath: aside)
            warning = "warning: progress file \(file) was damaged; kept it as \(aside) and started the lesson fresh"
            return nil
        }
    }

    public func save(_ progress: LessonProgress) throws {
        try writeAtomically(try YAMLEncoder().encode(progress), to: path(for: progress.id))
    }

    public func remove(id: String) {
        try? FileManager.default.removeItem(atPath: path(for: id))
    }

    public func loadCourse() -> CourseState {
        guard let data = FileManager.default.contents(atPath: folder + "/course.yaml"),
              let text = String(data: data, encoding: .utf8),
              let state = try? YAMLDecoder().decode(CourseState.self, from: text) else { return CourseState() }
        return state
    }

    public func saveCourse(_ state: CourseState) throws {
        try writeAtomically(try YAMLEncoder().encode(state), to: folder + "/course.yaml")
    }

    func writeAtomically(_ text: String, to file: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = file + ".tmp.\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, file) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
