import Notebook
import Terminal

/// The course catalogue shown by `metalab lessons` and `:lessons`: one line per lesson,
///
///     ▸  3  Hard and soft parameter sharing   30 min  4/12 steps  mtl.sharing
///
/// (▸ marks the current lesson). Fitted to the width: the id column goes first when
/// the window is narrow, then titles are cut with "…", so no line ever wraps.
public enum LessonCatalogue {
    /// One catalogue line per lesson; `progress` gives a lesson's saved progress, if any.
    public static func lines(
        _ lessons: [Lesson], current: String?, progress: (Lesson) -> LessonProgress?,
        context: TerminalContext,
        language: Language = .en
    ) -> [String] {
        let rows = lessons.map {
            lesson -> (
                here: String, order: String, title: String, minutes: String, status: String, id: String
            ) in
            let total = lesson.steps.count
            let done =
                progress(lesson).map { p in
                    lesson.steps.indices.filter { p.isDone(lesson.steps[$0].name(at: $0)) }.count
                } ?? 0
            return (
                lesson.meta.id == current ? context.glyphs("▸") : " ", String(lesson.meta.order),
                lesson.meta.title,
                lesson.meta.minutes.map { Message.catalogueMinutes.text(language, "\($0)") } ?? "",
                done == 0
                    ? ""
                    : done >= total
                        ? Message.catalogueDone.text(language)
                        : Message.catalogueSteps.text(language, "\(done)", "\(total)"),
                lesson.meta.id
            )
        }
        let orderWidth = rows.map { displayWidth($0.order) }.max() ?? 1
        let minutesWidth = rows.map { displayWidth($0.minutes) }.max() ?? 0
        let statusWidth = rows.map { displayWidth($0.status) }.max() ?? 0
        let idWidth = rows.map { displayWidth($0.id) }.max() ?? 0
        var titleWidth = rows.map { displayWidth($0.title) }.max() ?? 0
        // "▸ NN  title  MM min  status" — two spaces between columns; a trailing column only when non-empty.
        let fixed = 2 + orderWidth + 2 + 2 + minutesWidth + (statusWidth > 0 ? 2 + statusWidth : 0)
        let width = max(context.width - 1, 20)
        let showID = fixed + titleWidth + 2 + idWidth <= width
        if !showID { titleWidth = max(8, min(titleWidth, width - fixed)) }
        return rows.map { row in
            var line =
                "\(row.here) \(row.order.leftPadded(toWidth: orderWidth))  "
                + row.title.truncated(toWidth: titleWidth, ellipsis: context.glyphs("…")).padded(
                    toWidth: titleWidth)
                + "  " + row.minutes.leftPadded(toWidth: minutesWidth)
            if statusWidth > 0 { line += "  " + row.status.padded(toWidth: statusWidth) }
            if showID { line += "  " + TextStyle(dim: true).apply(row.id, mode: context.colorMode) }
            return line.trimmingTrailingWhitespace
        }
    }
}
