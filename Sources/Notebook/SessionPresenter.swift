import Foundation

/// The presenter's pacing on the session core (`:present`, `metalab present`): a clear
/// screen at each section, speaker notes to their own sink, and "predict first" (the
/// code shows, the room thinks, then it runs). Off, each of these does nothing.
extension LessonSession {
    /// Clears the screen when step `k` opens the lesson or a section.
    func clearScreenAtSection(_ k: Int) {
        guard presenting, k == 0 || lesson.sections.contains(where: { $0.firstStep == k }) else { return }
        write("\u{1B}[2J\u{1B}[H")
    }

    /// Speaker notes never reach the audience's screen: only the presenter's sink.
    func sendSpeakerNotes(of step: LessonStep, at k: Int) {
        guard presenting, let speakerNotes else { return }
        for case .speakerNote(let note) in step.items { speakerNotes("step \(k + 1): " + note) }
    }

    /// Between a command and its output, waits for the presenter (Enter).
    func pauseToPredict() {
        if presenting, let pauseBeforeOutput { pauseBeforeOutput() }
    }
}
