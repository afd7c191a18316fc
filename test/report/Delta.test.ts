/** Paired deltas, the bootstrap interval, which way is better, and which scenarios a crowded chart draws. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { chartScenarios } from "../../src/report/BuildReport.ts"
import { logScaleFits } from "../../src/report/Charts.ts"
import { betterDirection, pairedDelta } from "../../src/report/Delta.ts"
import { closest } from "../../src/experiment/Suggest.ts"

describe("pairedDelta", () => {
  it("takes the median of run-by-run differences, not the difference of medians", () => {
    const d = pairedDelta([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])
    expect(d.median).toBe(1)
    expect(d.higher).toBe(1)
    expect(d.lower).toBe(0)
    expect([d.lo, d.hi]).toEqual([1, 1])
    // Both medians are 3, but four runs in five came out lower under the proposal.
    const shifted = pairedDelta([1, 2, 3, 4, 5], [5, 1, 2, 3, 4])
    expect(shifted.median).toBe(-1)
    expect(shifted.higher).toBe(0.2)
    expect(shifted.lower).toBe(0.8)
  })

  it("skips pairs where either run is missing", () => {
    const d = pairedDelta([1, Number.NaN, 3], [2, 5, Number.NaN])
    expect(d.pairs).toBe(1)
    expect(d.median).toBe(1)
    expect(pairedDelta([], []).pairs).toBe(0)
  })

  it("brackets the median with its interval, and is the same for the same seed", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (pairs, seed) => {
        const a = pairs.map((p) => p[0])
        const b = pairs.map((p) => p[1])
        const d = pairedDelta(a, b, seed)
        expect(d.lo).toBeLessThanOrEqual(d.hi)
        const diffs = pairs.map((p) => p[1] - p[0])
        expect(d.lo).toBeGreaterThanOrEqual(Math.min(...diffs))
        expect(d.hi).toBeLessThanOrEqual(Math.max(...diffs))
        expect(pairedDelta(a, b, seed)).toEqual(d)
      }),
      { numRuns: 50 }
    )
  })

  it("narrows the interval as the pairs agree", () => {
    const noisy = pairedDelta(Array.from({ length: 30 }, () => 0), Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 1 + i : 1 - i)))
    const tight = pairedDelta(Array.from({ length: 30 }, () => 0), Array.from({ length: 30 }, (_, i) => 1 + (i % 3) * 0.01))
    expect(tight.hi - tight.lo).toBeLessThan(noisy.hi - noisy.lo)
  })
})

describe("betterDirection", () => {
  it("reads which way is better off the guardrails that bound a metric", () => {
    expect(betterDirection("operatorChurnRate", ["p95(operatorChurnRate) < 0.05"])).toBe("lower")
    expect(betterDirection("activeOperators", ["mean(activeOperators) >= 800"])).toBe("higher")
    expect(betterDirection("price", ["0.5 < p50(price)"])).toBe("higher")
    expect(betterDirection("price", ["p50(supply) < 3"])).toBeUndefined()
    expect(betterDirection("price", ["p5(price) > 1", "p95(price) < 9"])).toBeUndefined()
    expect(betterDirection("operatorChurnRate", ["p95(max(operatorChurnRate)) < 0.05"])).toBe("lower")
  })
})

describe("chartScenarios", () => {
  it("draws all when they fit, else the first and the extremes, naming the rest", () => {
    const labels = Array.from({ length: 12 }, (_, i) => `s${i}`)
    expect(chartScenarios(labels.slice(0, 8), () => 0)).toEqual({ drawn: labels.slice(0, 8), left: [] })
    const value = (l: string) => Number(l.slice(1))
    const { drawn, left } = chartScenarios(labels, value)
    expect(drawn).toEqual(["s0", "s1", "s2", "s3", "s4", "s9", "s10", "s11"])
    expect(left).toEqual(["s5", "s6", "s7", "s8"])
  })
})

describe("logScaleFits", () => {
  it("only for positive values spanning two orders of magnitude", () => {
    expect(logScaleFits([0.01, 5])).toBe(true)
    expect(logScaleFits([1, 50])).toBe(false)
    expect(logScaleFits([0, 0.01, 5])).toBe(false)
    expect(logScaleFits([Number.NaN, 1, 1000])).toBe(true)
  })
})

describe("closest", () => {
  it("suggests a near name, and nothing for a far one", () => {
    expect(closest("activeOperator", ["activeOperators", "price"])).toBe("activeOperators")
    expect(closest("PRICE", ["activeOperators", "price"])).toBe("price")
    expect(closest("zzz", ["activeOperators", "price"])).toBeUndefined()
  })
})
