import { describe, expect, it } from "vitest"
import { checkGuardrail, compileGuardrail } from "../../src/analysis/Guardrails.ts"
import { summarizeValues } from "../../src/analysis/Summary.ts"

const metrics = new Set(["churn", "nakamoto"])
const summary = [summarizeValues("churn", [0.01, 0.02, 0.03, 0.1]), summarizeValues("nakamoto", [4, 5, 6, 7])]
const check = (src: string) => {
  const g = compileGuardrail(src, metrics)
  if (!g.ok) throw new Error(g.error)
  return checkGuardrail(g.guardrail, summary)
}

describe("guardrails", () => {
  it("evaluates summary functions, arithmetic, comparisons and logic", () => {
    expect(check("p95(churn) < 0.05")).toEqual({ expression: "p95(churn) < 0.05", pass: false, values: { "p95(churn)": expect.closeTo(0.0895, 12) } })
    expect(check("mean(churn) <= 0.04").pass).toBe(true)
    expect(check("p50(nakamoto) >= 5 and p5(nakamoto) > 4").pass).toBe(true)
    expect(check("p50(nakamoto) >= 6 or mean(churn) * 100 < 5").pass).toBe(true)
    expect(check("not (abs(-p5(nakamoto)) > 4)").pass).toBe(false)
    expect(check("max(p95(churn), 0.2) == 0.2").pass).toBe(true)
  })

  it("rejects anything outside the vocabulary with a message", () => {
    const error = (src: string) => {
      const g = compileGuardrail(src, metrics)
      return g.ok ? "compiled" : g.error
    }
    expect(error("p95(churm) < 1")).toMatch(/unknown metric "churm"; known: churn, nakamoto/)
    expect(error("churn < 1")).toMatch(/must be inside a summary function, e.g. p95\(churn\)/)
    expect(error("import({}, {})")).toMatch(/function import is not allowed/)
    expect(error("f(x) = x")).toMatch(/functionassignment expressions are not allowed/)
    expect(error("a = 1")).toMatch(/assignment expressions are not allowed/)
    expect(error('evaluate("1")')).toMatch(/not allowed/)
    expect(error("[1,2]")).toMatch(/array expressions are not allowed/)
    expect(error("p95(churn) <")).toMatch(/cannot parse/)
    expect(error('"text" == "text"')).toMatch(/only numbers/)
  })

  it("refuses a guardrail that is not a condition, instead of counting a number as passed", () => {
    const error = (src: string) => {
      const g = compileGuardrail(src, metrics)
      return g.ok ? "compiled" : g.error
    }
    expect(error("p95(churn)")).toMatch(/must be a condition .* but it gives a number/)
    expect(error("p95(churn) * 2 + 1")).toMatch(/must be a condition/)
    expect(error("p95(churn) < 0.05 and p5(nakamoto)")).toMatch(/"and" needs a condition, but "p5\(nakamoto\)" is a number/)
    expect(error("not p50(nakamoto)")).toMatch(/"not" needs a condition/)
    // A condition counts 1 or 0 in arithmetic, as in mathjs; the whole is still a condition.
    expect(check("(p50(nakamoto) > 5) + (p50(churn) < 1) >= 1").pass).toBe(true)
  })

  it("names dotted metrics directly or quoted, and still refuses property access elsewhere", () => {
    const dotted = new Set(["attack.poisoning.profit", "attack.grief-eu.cost"])
    const values = [summarizeValues("attack.poisoning.profit", [-3, -2, -1, 5]), summarizeValues("attack.grief-eu.cost", [10, 10, 10, 10])]
    const run = (src: string) => {
      const g = compileGuardrail(src, dotted)
      if (!g.ok) throw new Error(g.error)
      return checkGuardrail(g.guardrail, values)
    }
    expect(run("p50(attack.poisoning.profit) < 0").pass).toBe(true)
    expect(run("mean(attack.poisoning.profit) > 0").values).toEqual({ "mean(attack.poisoning.profit)": -0.25 })
    expect(run('mean("attack.grief-eu.cost") == 10').pass).toBe(true)
    const g = compileGuardrail("p50(attack.poisoning.loss) < 0", dotted)
    expect(g.ok ? "compiled" : g.error).toMatch(/unknown metric "attack.poisoning.loss"/)
    const access = compileGuardrail("p50(attack.poisoning.profit) < attack.poisoning", dotted)
    expect(access.ok ? "compiled" : access.error).toMatch(/accessor expressions are not allowed/)
  })
})
