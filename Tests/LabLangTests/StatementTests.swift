import Diagnostics
import Testing

@testable import LabLang

/// Every statement form of LANGUAGE.md's grammar, run; the expected values are worked by
/// hand from Julia's semantics and LANGUAGE.md's scope rules ("Decisions": scope is per
/// function, loops and `if` open none), never read off the interpreter.
@Suite struct StatementTests {
    func number(_ i: Interpreter, _ name: String) -> Double? {
        guard let n = numbers(i.global(name)), n.count == 1 else { return nil }
        return n[0]
    }

    @Test func ifElseifElseTakesTheFirstTrueBranch() {
        let i = run(
            """
            function sign3(x)
                if x > 0
                    return 1
                elseif x < 0
                    return -1
                else
                    return 0
                end
            end
            a = sign3(5); b = sign3(-2); c = sign3(0)
            d = 0
            if false d = 1 end
            """)
        #expect(number(i, "a") == 1)
        #expect(number(i, "b") == -1)
        #expect(number(i, "c") == 0)
        #expect(number(i, "d") == 0)
    }

    @Test func forVisitsRangesListsAndVectorsInOrder() {
        let i = run(
            """
            s = 0
            for k in 1:10 s += k end
            t = 0
            for k = 1:2:9 t += k end
            u = 0
            for k ∈ 3:-1:1 u = 10u + k end
            w = ""
            for piece in ("a", "b", "c") w = w * piece end
            v = 0
            for x in [0.5, 1.5, 2] v = 10v + x end
            empty = 7
            for k in 1:0 empty = k end
            """)
        #expect(number(i, "s") == 55)  // 10·11/2
        #expect(number(i, "t") == 25)  // 1 + 3 + 5 + 7 + 9
        #expect(number(i, "u") == 321)
        #expect(number(i, "v") == 67)  // (0.5·10 + 1.5)·10 + 2
        #expect(number(i, "empty") == 7)  // 1:0 is empty
        // A top-level loop variable is a global: 3:-1:1 ended at 1, and 1:0 set none.
        #expect(number(i, "k") == 1)
        guard case .string("abc")? = i.global("w") else {
            Issue.record("w is \(String(describing: i.global("w")))")
            return
        }
    }

    @Test func whileBreakAndContinue() {
        let i = run(
            """
            n = 0; total = 0
            while true
                n += 1
                if n > 10 break end
                if n % 2 == 0 continue end
                total += n
            end
            found = 0
            for a in 1:5
                for b in 1:5
                    if a * b == 12
                        found = 10a + b
                        break
                    end
                end
                if found > 0 break end
            end
            """)
        #expect(number(i, "n") == 11)
        #expect(number(i, "total") == 25)  // 1 + 3 + 5 + 7 + 9
        #expect(number(i, "found") == 34)  // break leaves only the inner loop: 3·4 is the first
        #expect(number(i, "a") == 3)
    }

    @Test func shortAndLongDefinitionsReturnAndRecursion() {
        let i = run(
            """
            sq(x) = x^2
            scale(x; by = 2) = by * x
            function fact(n)
                if n <= 1 return 1 end
                return n * fact(n - 1)
            end
            function firstAbove(limit)
                for k in 1:100
                    if k^2 > limit
                        return k
                    end
                end
                -1
            end
            function noValue() x = 1 end
            a = sq(7); b = scale(3); c = scale(3; by = 10); d = fact(10)
            e = firstAbove(50); f = firstAbove(1e9)
            g = noValue()
            """)
        #expect(number(i, "a") == 49)
        #expect(number(i, "b") == 6)
        #expect(number(i, "c") == 30)
        #expect(number(i, "d") == 3_628_800)  // 10!
        #expect(number(i, "e") == 8)  // 8² = 64 > 50, 7² = 49
        #expect(number(i, "f") == -1)
        // A function whose last statement is an assignment returns nothing.
        guard case .nothing? = i.global("g") else {
            Issue.record("g is \(String(describing: i.global("g")))")
            return
        }
    }

    @Test func assignmentInAFunctionIsLocalUnlessDeclaredGlobal() {
        let i = run(
            """
            x = 1; y = 1; z = 5
            function f()
                x = 2
                return x
            end
            function g()
                global y
                y = 20
            end
            function h() z + 1 end
            function loopVariable()
                for k in 1:3 end
                k
            end
            function ifOpensNoScope()
                if true inner = 4 end
                inner
            end
            a = f(); g(); b = h(); c = loopVariable(); d = ifOpensNoScope()
            """)
        #expect(number(i, "a") == 2)
        #expect(number(i, "x") == 1)  // f's x was its own
        #expect(number(i, "y") == 20)
        #expect(number(i, "b") == 6)  // reading a global needs no declaration
        #expect(number(i, "c") == 3)  // a loop variable belongs to the function
        #expect(number(i, "d") == 4)
        #expect(i.global("k") == nil && i.global("inner") == nil)
    }

    @Test func closuresReadTheirDefiningScope() {
        let i = run(
            """
            function adder(n)
                return x -> x + n
            end
            add3 = adder(3); add10 = adder(10)
            a = add3(4); b = add10(4)
            function compose(f, g) x -> f(g(x)) end
            c = compose(add3, add10)(1)
            function outer()
                m = 5
                function inner(x) x * m end
                inner(2)
            end
            d = outer()
            fs = [k -> k + j for j in 1:3]
            e = fs[2](100)
            twice = f -> (x -> f(f(x)))
            g = twice(add3)(0)
            """)
        #expect(number(i, "a") == 7)
        #expect(number(i, "b") == 14)
        #expect(number(i, "c") == 14)  // 1 + 10 + 3
        #expect(number(i, "d") == 10)
        #expect(number(i, "e") == 102)  // each element keeps its own j (LANGUAGE.md, comprehensions)
        #expect(number(i, "g") == 6)
    }

    @Test func comprehensionsFilterNestAndMakeMatrices() {
        let i = run(
            """
            odd = [x^2 for x in 1:6 if x % 2 == 1]
            pairs = [10i + j for i in 1:3 for j in 1:i]
            grid = [10i + j for i in 1:2, j in 1:3]
            gen = (k * 2 for k in 1:3)
            x = 100
            own = [x for x in 1:2]
            """)
        #expect(numbers(i.global("odd")) == [1, 9, 25])
        #expect(numbers(i.global("pairs")) == [11, 21, 22, 31, 32, 33])
        #expect(numbers(i.global("grid")) == [11, 12, 13, 21, 22, 23])  // i down the rows, row-major
        if case let .object(g as TestVector)? = i.global("grid") {
            #expect(g.shape == [2, 3])
        } else {
            Issue.record("grid is not a vector of numbers")
        }
        #expect(numbers(i.global("gen")) == [2, 4, 6])
        #expect(number(i, "x") == 100)  // the loop variable is the comprehension's own
        #expect(numbers(i.global("own")) == [1, 2])
    }

    @Test func stringInterpolation() {
        let i = run(
            #"""
            x = 2; name = "Ada"
            s = "a $x b $(x + 1) c $name d \$x e $5"
            t = "$(x > 1 ? "big" : "small")!"
            """#)
        guard case let .string(s)? = i.global("s"), case let .string(t)? = i.global("t") else {
            Issue.record("not strings")
            return
        }
        #expect(s == "a 2 b 3 c Ada d $x e $5")
        #expect(t == "big!")
    }

    @Test func indexedMemberCompoundAndBroadcastAssignment() {
        let i = run(
            """
            xs = (1, 2, 3)
            ys = xs
            xs[2] = 20
            xs[end] += 1
            r = (a = 1, b = 2)
            r.b = 5
            n = 10; n -= 3; n *= 2; n /= 7
            v = [1, 2, 3]
            w = v
            v .= 0
            u = [1, 2, 3]
            u[2:3] = 9
            """)
        #expect(numbers(i.global("xs")) == [1, 20, 4])
        #expect(numbers(i.global("ys")) == [1, 2, 3])  // values are immutable: ys kept the old List
        if case let .record(r)? = i.global("r") {
            #expect(r.keys == ["a", "b"])
            #expect(numbers(r["b"]) == [5])
        } else {
            Issue.record("r is not a Record")
        }
        #expect(number(i, "n") == 2)  // (10 − 3)·2/7
        #expect(numbers(i.global("v")) == [0, 0, 0])
        #expect(numbers(i.global("w")) == [1, 2, 3])
        #expect(numbers(i.global("u")) == [1, 9, 9])
    }
}
