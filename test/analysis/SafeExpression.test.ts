/**
 * SafeExpression: the evaluator of formulas from experiment files accepts only its whitelist,
 * and names inherited by every JavaScript object are not on it.
 */
import { describe, expect, it } from "vitest"
import { compileExpression } from "../../src/analysis/SafeExpression.ts"

const vocabulary = { variables: new Set(["epoch", "supply"]) }

describe("SafeExpression", () => {
  it("evaluates the allowed functions and operators", () => {
    const r = compileExpression("max(1, sqrt(supply)) * 2 ^ floor(epoch / 10)", vocabulary)
    if (!r.ok) throw new Error(r.error)
    expect(r.compiled.evaluate({ variables: { epoch: 25, supply: 16 } })).toBe(16)
  })

  it.each(["constructor(1000)", "hasOwnProperty(1)", "valueOf()", "toString()", "__defineGetter__(1, 2)", "__proto__(1)", "isPrototypeOf(1)"])(
    "refuses %s: an object's inherited names are not functions it allows",
    (source) => {
      const r = compileExpression(source, vocabulary)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toMatch(/^function \S+ is not allowed; allowed: abs, min, max/)
    }
  )

  it("refuses inherited names as variables, and reads only the variables it was given", () => {
    for (const source of ["constructor", "__proto__ + 1", "toString * 2"]) {
      const r = compileExpression(source, vocabulary)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toMatch(/^unknown variable/)
    }
    const r = compileExpression("supply + epoch", vocabulary)
    if (!r.ok) throw new Error(r.error)
    // A binding missing from the record reads NaN, never something inherited from Object.prototype.
    expect(r.compiled.evaluate({ variables: { supply: 1 } })).toBeNaN()
  })

  it("refuses an expression over 10,000 characters or 1,000 terms, saying so, and accepts one just under (issue 22, 11)", () => {
    const sum = (n: number) => Array.from({ length: n }, () => "supply").join(" + ")
    const long = compileExpression(sum(3000), vocabulary)
    expect(long).toEqual({ ok: false, error: `the expression is ${(3000 * 9 - 3).toLocaleString("en-US")} characters long, above the limit of 10,000 (docs/limits.md)` })
    const many = compileExpression(`max(${Array.from({ length: 1500 }, () => "1").join(",")})`, vocabulary)
    expect(many).toEqual({ ok: false, error: "the expression has 1,502 terms (numbers, names, operators, calls), above the limit of 1,000 (docs/limits.md)" })
    const fits = compileExpression(`max(${Array.from({ length: 998 }, () => "supply").join(",")})`, vocabulary)
    if (!fits.ok) throw new Error(fits.error)
    expect(fits.compiled.evaluate({ variables: { supply: 7 } })).toBe(7)
  })
})
