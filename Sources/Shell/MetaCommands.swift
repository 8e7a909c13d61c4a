import Foundation
import Notebook
import Terminal

/// One meta-command: its name and aliases, the usage and line `:help` shows, and what
/// it does. The one table that `:help`, Tab completion, "did you mean" and dispatch read.
struct MetaCommand: Sendable {
    let name: String
    var aliases: [String] = []
    /// As `:help` shows it (`:goto ID|N|section`).
    let usage: String
    let help: String
    /// Runs it with the text after the name; false leaves the shell. Nil: a help row only
    /// (Enter, `?NAME`), handled before meta-commands.
    let run: (@Sendable (LabShell, String) -> Bool)?

    /// A command that never leaves the shell.
    static func command(_ name: String, aliases: [String] = [], usage: String? = nil, _ help: String,
                        _ body: @escaping @Sendable (LabShell, String) -> Void) -> MetaCommand {
        MetaCommand(name: name, aliases: aliases, usage: usage ?? name, help: help, run: { body($0, $1); return true })
    }

    /// `body` with a required argument; without one, `hint` is said instead.
    static func needing(_ hint: String, _ body: @escaping @Sendable (LabShell, String) -> Void)
        -> @Sendable (LabShell, String) -> Void {
        { shell, argument in argument.isEmpty ? shell.environment.write(hint) : body(shell, argument) }
    }
}

extension LabShell {
    static let table: [MetaCommand] = [
        MetaCommand(name: "Enter", usage: "Enter", help: "on an empty line: show / run the next step", run: nil),
        .command(":next", aliases: [":n"], "the next step") { shell, _ in shell.session.next() },
        .command(":back", aliases: [":b"], "the previous step again") { shell, _ in shell.session.back() },
        .command(":goto", aliases: [":g"], usage: ":goto ID|N|section", "jump to a cell, step number or section",
                 MetaCommand.needing("Write :goto ID, :goto N or :goto SECTION; :toc lists them.") { $0.session.goto($1) }),
        .command(":toc", "table of contents (✓ done, ▸ here, · an exercise or quiz to do)") { shell, _ in shell.session.toc() },
        .command(":lessons", "the course catalogue with progress") { shell, _ in shell.lessons() },
        .command(":open", usage: ":open ID", "open a lesson", MetaCommand.needing("Write :open ID; :lessons lists them.") { $0.open($1) }),
        .command(":restart", "start this lesson over") { shell, _ in shell.session.restart() },
        .command(":hint", "the next hint of this exercise") { shell, _ in shell.session.hint() },
        .command(":solution", "show the reference answer") { shell, _ in shell.session.solution() },
        .command(":skip", "run the solution and move on") { shell, _ in shell.session.skip() },
        .command(":check", "check this exercise now") { shell, _ in shell.session.check() },
        .command(":why", "expected against got, with the tolerance") { shell, _ in shell.session.why() },
        MetaCommand(name: "?NAME", usage: "?NAME", help: "help for a builtin, or how to type a symbol (?α)", run: nil),
        .command(":help", "this list") { shell, _ in shell.helpTable() },
        .command(":apropos", usage: ":apropos WORD", "search the builtins") { shell, word in shell.apropos(word) },
        .command(":params", "this lesson's parameters") { shell, _ in shell.session.listParameters() },
        .command(":set", usage: ":set NAME=VALUE", "change one and re-run what depends on it") { $0.session.set($1) },
        .command(":rerun", "re-run the cells after the parameters") { shell, _ in shell.session.rerun() },
        .command(":sweep", usage: ":sweep NAME RANGE [EXPR]", "a table and a plot over a range") { $0.session.sweep($1) },
        .command(":slide", usage: ":slide NAME", "move a parameter with ←/→ (h/l) and watch what depends on it redraw;"
                 + " Enter keeps the value, Esc puts it back",
                 MetaCommand.needing("Write :slide NAME; :params lists the parameters.") { $0.slide($1) }),
        .command(":time", usage: ":time EXPR", "time one evaluation", MetaCommand.needing("Write :time EXPR") { $0.session.time($1) }),
        .command(":history", "numbered history") { shell, _ in shell.history() },
        .command(":save", usage: ":save FILE.md", "save the session as a lesson transcript") { $0.save($1) },
        .command(":present", "presentation pacing on/off") { shell, _ in shell.togglePresenting() },
        MetaCommand(name: ":quit", aliases: [":q", ":exit"], usage: ":quit", help: "save progress and leave (also Ctrl-D)",
                    run: { shell, _ in shell.quit(); return false }),
    ]

    /// `:help`'s rows: usage and description.
    public static var metaCommands: [(String, String)] { table.map { ($0.usage, $0.help) } }

    /// The names Tab completes after `:`.
    static var commandNames: [String] { table.filter { $0.run != nil }.map(\.name) }

    /// Runs one `:`-line from the table; false when the shell should stop.
    func meta(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0], argument = parts.count > 1 ? parts[1].stripped : ""
        if let command = LabShell.table.first(where: { $0.run != nil && ($0.name == name || $0.aliases.contains(name)) }),
           let run = command.run {
            return run(self, argument)
        }
        let near = LabShell.commandNames.filter { $0.hasPrefix(String(name.prefix(3))) }
        environment.write("Unknown command \(code(name))." + (near.isEmpty ? "" : " Did you mean \(near.joined(separator: " or "))?")
                          + " :help lists them.")
        return true
    }

    /// `:apropos WORD`: one line per builtin, cut to the window; ?NAME gives the whole entry.
    func apropos(_ word: String) {
        let width = environment.context().width - 1
        let lines = session.evaluator.apropos(word).map { $0.truncated(toWidth: width) }
        environment.write(lines.isEmpty ? "Nothing matches \(code(word))."
                          : (lines + [styled("?NAME shows one in full.", TextStyle(dim: true))]).joined(separator: "\n"))
    }

    /// `:history`: the last 50 entries, numbered.
    func history() {
        for (k, entry) in historyEntries.enumerated().suffix(50) {
            environment.write(String(k + 1).leftPadded(toWidth: 5) + "  " + entry.replacingOccurrences(of: "\n", with: "\n       "))
        }
    }

    func togglePresenting() {
        session.presenting.toggle()
        environment.write(session.presenting ? "Presentation pacing on: each Enter reveals the next step." : "Presentation pacing off.")
    }
}
