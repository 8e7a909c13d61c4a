import Foundation
import Terminal

/// The presenter's pacing on the session core (`:present`, `metalab present`): a clear
/// screen at each section, speaker notes to their own sink, and "predict first" (the
/// code shows, the room thinks, then it runs). Off, each of these does nothing.
extension LessonSession {
    /// Clears the screen when step `k` opens the lesson or a section; plain output
    /// (`--plain`, or not a terminal) has no escapes, so there a rule line marks the new slide.
    func clearScreenAtSection(_ k: Int) {
        guard presenting, k == 0 || lesson.sections.contains(where: { $0.firstStep == k }) else { return }
        let context = renderer.context
        if context.colorMode == .none {
            let rule = context.ascii ? "-" : "─"
            if k > 0 { write(String(repeating: rule, count: min(context.width - 1, 79))) }
        } else {
            write(TerminalText.clearScreen)
        }
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
