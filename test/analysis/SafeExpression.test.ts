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
})
