import Diagnostics
import Testing

@testable import LabLang

/// The forms added for Julia and NumPy users: comprehensions and generators,
/// interpolated strings, `.=`, `%`, and `push!` as a rebinding statement.
@Suite struct JuliaFormsTests {
    func expression(_ source: String) throws -> Expr {
        let (statements, errors) = Parser.parse(source)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        guard case let .expression(e, _)? = statements.first else {
            Issue.record("not an expression statement: \(source)")
            throw CancellationError()
        }
        return e
    }

    func firstError(_ source: String) -> Diagnostic? { Parser.parse(source).errors.first }

    @Test func aComprehensionHasItsClausesAndFilter() throws {
        guard
            case let .comprehension(c, range) = try expression(
                "[x^2 for x in 1:3, y in xs for z in y if z > 0]")
        else {
            Issue.record("not a comprehension")
            return
        }
        #expect(c.clauses.map(\.name) == ["x", "y", "z"])
        #expect(c.clauses.map(\.nested) == [false, false, true])
        #expect(c.condition != nil)
        #expect(range.start.column == 1 && range.end.column == 48)
    }

    @Test func aGeneratorIsAnArgumentOrParenthesised() throws {
        guard case let .call(_, args, _) = try expression("sum(x for x in xs, y in ys)"), args.count == 1,
            case let .comprehension(c, _) = args[0].value
        else {
            Issue.record("sum(x for …) is not a call with one generator")
            return
        }
        #expect(c.clauses.map(\.name) == ["x", "y"])
        // A comma not followed by `name in` ends the generator: a second argument.
        guard case let .call(_, two, _) = try expression("f(x for x in xs, 2)") else {
            Issue.record("f(x for x in xs, 2) is not a call")
            return
        }
        #expect(two.count == 2)
        guard case .comprehension = try expression("(k for k = 1:3)") else {
            Issue.record("(k for k = 1:3) is not a generator")
            return
        }
    }

    @Test func interpolationSplitsTextAndCode() throws {
        guard case let .interpolation(parts, _) = try expression(#""a $x b $(f(1) + "c") d \$e""#) else {
            Issue.record("not an interpolation")
            return
        }
        #expect(parts.count == 5)
        if case let .text(t) = parts[0] { #expect(t == "a ") } else { Issue.record("part 1 is not text") }
        if case let .expr(.name(n, r)) = parts[1] {
            #expect(n == "x" && r.start.column == 5)
        } else {
            Issue.record("part 2")
        }
        if case let .expr(.binary(.add, _, .string(s, _), _)) = parts[3] {
            #expect(s == "c")
        } else {
            Issue.record("part 4")
        }
        if case let .text(t) = parts[4] { #expect(t == " d $e") } else { Issue.record("part 5 is not text") }
        // A plain string stays a string; a `$` before anything but a name or `(` is itself.
        guard case let .string(s, _) = try expression(#""costs $5""#) else {
            Issue.record("\"costs $5\" is not a plain string")
            return
        }
        #expect(s == "costs $5")
    }

    @Test func anErrorInsideInterpolationIsLocatedInTheString() {
        let error = firstError("y = 1\n  \"v = $(y +* 2)\"")
        #expect(error?.message == "expected an expression, found '*'")
        #expect(error?.range?.start == SourceLocation(line: 2, column: 13))
    }

    @Test func broadcastAssignmentRebindsThroughAnIndex() throws {
        let (statements, errors) = Parser.parse("A[1, :] .= 0\nx .= 1")
        #expect(errors.isEmpty)
        guard case let .assign(.index("A", _, indices, _), nil, _, _) = statements[0], indices.count == 2
        else {
            Issue.record("A[1, :] .= 0 is not an indexed assignment")
            return
        }
        guard case let .assign(.index("x", _, all, _), nil, _, _) = statements[1], all.count == 1,
            case .all = all[0]
        else {
            Issue.record("x .= 1 is not x[:] = 1")
            return
        }
    }

    /// `push!(xs, 1)` rebinds xs through the one mechanism of every `!` builtin (the call's
    /// first name is updated), wherever the call stands; `ys = push!(xs, 2)` binds ys and xs.
    @Test func pushRebindsItsFirstName() {
        #expect(CellNames.of("push!(xs, 1)") == CellNames(defines: ["xs"], reads: ["push!", "xs"]))
        #expect(
            CellNames.of("ys = push!(xs, 2)") == CellNames(defines: ["xs", "ys"], reads: ["push!", "xs"]))
    }

    @Test func percentBindsLikeTimes() throws {
        guard case .binary(.add, .number(1, _), .binary(.remainder, _, _, _), _) = try expression("1 + 7 % 4")
        else {
            Issue.record("1 + 7 % 4 is not 1 + (7 % 4)")
            return
        }
    }

    @Test func foreignPowerSyntaxGetsItsLabForm() {
        #expect(firstError("x**2")?.message.contains("write x^2") == true)
    }
}

/// "Did you mean": edit distances and the foreign-syntax table.
@Suite struct SuggestionTests {
    @Test func transpositionsAndDeletionsAreOneEdit() {
        #expect(editDistance(Array("lenght"), Array("length"), limit: 2) == 1)
        #expect(editDistance(Array("linespace"), Array("linspace"), limit: 2) == 1)
        #expect(editDistance(Array("abc"), Array("xyz"), limit: 2) == 3)
    }

    @Test func nearestNamesComeFirstAndShortNamesGetNone() {
        let names = ["length", "linspace", "lengths", "sin", "x"]
        #expect(Suggestions.nearest("lenght", in: names) == ["length", "lengths"])
        #expect(Suggestions.nearest("k", in: names).isEmpty)
        #expect(
            Suggestions.undefinedName("lenght", candidates: names).text(.en)
                == "undefined name lenght; did you mean length or lengths?")
        #expect(
            Suggestions.undefinedName("len", candidates: names).text(.en)
                == "undefined name len: Lab writes length(x)")
        #expect(Suggestions.undefinedName("np", candidates: names).text(.en).contains("Lab has no modules"))
    }
}
