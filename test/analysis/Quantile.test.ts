import { describe, expect, it } from "vitest"
import { mean, quantileSorted, sortedFinite } from "../../src/analysis/Quantile.ts"
import { summarizeValues } from "../../src/analysis/Summary.ts"

describe("quantiles (type 7, as numpy.quantile)", () => {
  it("matches numpy's linear interpolation", () => {
    const xs = sortedFinite([4, 1, 3, 2])
    // numpy.quantile([1,2,3,4], [0.05, 0.5, 0.95]) -> [1.15, 2.5, 3.85]
    expect(quantileSorted(xs, 0.05)).toBeCloseTo(1.15, 12)
    expect(quantileSorted(xs, 0.5)).toBeCloseTo(2.5, 12)
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(3.85, 12)
    expect(quantileSorted(xs, 0)).toBe(1)
    expect(quantileSorted(xs, 1)).toBe(4)
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN()
  })

  it("skips values that were not recorded (NaN) in summaries", () => {
    const s = summarizeValues("m", [Number.NaN, 2, 4])
    expect(s).toEqual({ metric: "m", n: 2, mean: 3, p5: 2.1, p50: 3, p95: 3.9 })
    expect(mean([])).toBeNaN()
  })
})
