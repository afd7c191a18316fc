import { describe, expect, it } from "vitest"
import { flipRule, medianPairedDifference, robustness, type RobustnessPoint } from "../../src/analysis/Robustness.ts"
import type { GuardrailResult } from "../../src/analysis/Guardrails.ts"

const verdict = (expression: string, pass: boolean): GuardrailResult => ({ expression, verdict: pass ? "pass" : "fail", pass, values: {} })

/**
 * A synthetic A/B over one assumption s in [0, 1]: the proposal's price effect is +1 when s >
 * 0.6 and -1 below; its churn is always lower; a guardrail passes for the proposal only when
 * s < 0.3. Three runs per variant, with run-level noise shared by both variants (common random
 * numbers) so it cancels in the paired difference.
 */
const point = (s: number, extra: Record<string, number> = {}): RobustnessPoint => {
  const noise = [0.3, -0.2, 0.1]
  const current = noise.map((e) => ({ price: 10 + e, churn: 0.05 + e / 100 }))
  const proposed = noise.map((e) => ({ price: 10 + e + (s > 0.6 ? 1 : -1), churn: 0.04 + e / 100 }))
  return {
    values: { s, ...extra },
    variants: [
      { variant: "current", finals: current, guardrails: [verdict("p50(price) > 0", true)] },
      { variant: "proposed", finals: proposed, guardrails: [verdict("p50(price) > 0", s < 0.3)] }
    ]
  }
}

describe("robustness", () => {
  it("pairs runs by index for the difference", () => {
    const p = point(0.9)
    expect(medianPairedDifference(p.variants[1]!, p.variants[0]!, "price")).toBeCloseTo(1, 12)
    expect(medianPairedDifference(p.variants[1]!, p.variants[0]!, "missing")).toBeNaN()
  })

  it("says a conclusion holds when it has the same sign everywhere, and where one flips", () => {
    const xs = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95]
    const r = robustness(["s"], xs.map((s) => point(s)), ["price", "churn"])
    const [price, churn, currentGuard, proposedGuard] = r.conclusions
    expect(r.robust).toBe(false)
    expect(churn).toMatchObject({ subject: "proposed vs current: churn", holds: true })
    expect(churn!.sentence).toBe("proposed vs current: churn: lower at all 10 points: holds across the assumptions.")
    expect(price).toMatchObject({ holds: false, rule: { path: "s", threshold: expect.closeTo(0.6, 12), below: "lower", above: "higher", fits: 10 } })
    expect(price!.sentence).toBe("proposed vs current: price: lower at 6 of 10 points, higher at 4; higher only when s > 0.6, lower below (this rule fits 10 of 10 points).")
    expect(currentGuard).toMatchObject({ kind: "guardrail", holds: true })
    expect(proposedGuard).toMatchObject({ kind: "guardrail", holds: false, rule: { path: "s", below: "pass", above: "fail", fits: 10 } })
    expect(proposedGuard!.rule!.threshold).toBeCloseTo(0.3, 12)
  })

  it("finds the assumption that explains the flip among several", () => {
    // t is noise; s decides.
    const xs = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95]
    const ts = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.0]
    const r = robustness(["t", "s"], xs.map((s, i) => point(s, { t: ts[i]! })), ["price"])
    expect(r.conclusions[0]!.rule).toMatchObject({ path: "s", fits: 10 })
  })

  it("finds no rule when every point agrees, and the best imperfect one otherwise", () => {
    const pts = [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]
    expect(flipRule(["a"], pts, ["x", "x", "x", "x"])).toBeUndefined()
    expect(flipRule(["a"], pts, ["x", "y", "x", "x"])).toBeUndefined()
    expect(flipRule(["a"], pts, ["x", "y", "y", "x"])).toMatchObject({ fits: 3 })
  })
})
