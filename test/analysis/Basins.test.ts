import { describe, expect, it } from "vitest"
import { describeBasins, detectBasins } from "../../src/analysis/Basins.ts"
import { summarizeValues } from "../../src/analysis/Summary.ts"
import { Rng } from "../../src/engine/Rng.ts"

const sample = (seed: number, n: number, draw: (r: Rng) => number) => {
  const r = new Rng(seed)
  return Array.from({ length: n }, () => draw(r))
}

describe("basin detection", () => {
  it("flags a bimodal fixture: 2 of 20 runs collapse to a price near zero", () => {
    // Final prices of the default experiment's 20 runs (seed 1), two of which collapse.
    const prices = [0.0093, 0.0173, 0.3391, 0.3995, 0.7566, 1.2309, 1.9239, 2.1984, 2.4489, 2.5984, 3.0958, 3.2939, 3.748, 4.1716, 4.7621, 5.7967, 5.8545, 6.1971, 6.8875, 17.1673]
    const s = detectBasins(prices)
    expect(s).toMatchObject({ runs: 20, low: { count: 2, min: 0.0093, max: 0.0173 }, high: { count: 18, min: 0.3391, max: 17.1673 }, scale: "log" })
    expect(describeBasins("price", s!)).toBe("2 of 20 runs end with price <= 0.0173; the other 18 at 0.339 to 17.2, none in between")
  })

  it("flags a balanced split and a split above the bulk", () => {
    const balanced = [...sample(1, 10, (r) => 1 + 0.1 * r.normal()), ...sample(2, 10, (r) => 5 + 0.1 * r.normal())]
    expect(detectBasins(balanced)).toMatchObject({ low: { count: 10 }, high: { count: 10 } })
    const above = [...sample(3, 17, (r) => 100 + 10 * r.normal()), 900, 950, 1000]
    const s = detectBasins(above)!
    expect(s.high.count).toBe(3)
    expect(describeBasins("operatorExitsTotal", s)).toMatch(/^3 of 20 runs end with operatorExitsTotal >= 900; the other 17 at/)
  })

  it("does not flag unimodal fixtures: normal, log-normal, uniform", () => {
    expect(detectBasins(sample(4, 20, (r) => 50 + 5 * r.normal()))).toBeUndefined()
    expect(detectBasins(sample(5, 20, (r) => r.logNormal(2.6, 0.8)))).toBeUndefined()
    expect(detectBasins(sample(6, 20, (r) => r.uniform(-1, 1)))).toBeUndefined()
  })

  it("does not read integer steps as separate outcomes", () => {
    expect(detectBasins([7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8])).toBeUndefined()
    expect(detectBasins([2, 3, 4, 4, 7, 8, 8, 8, 10, 10, 10, 10, 11, 11, 11, 12, 12, 12, 13, 14])).toBeUndefined()
  })

  it("rarely flags a normal sample of 20 (measured false-positive rate under 3%)", () => {
    let flagged = 0
    for (let s = 0; s < 1000; s++) if (detectBasins(sample(1000 + s, 20, (r) => r.normal()))) flagged++
    expect(flagged / 1000).toBeLessThan(0.03)
  })

  it("needs enough runs, and ignores runs without a value", () => {
    expect(detectBasins([0.01, 0.01, 3, 3, 3])).toBeUndefined()
    expect(detectBasins([Number.NaN, ...[0.01, 0.012, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7]])?.runs).toBe(10)
  })

  it("summaries carry the split", () => {
    expect(summarizeValues("price", [0.01, 0.012, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7]).basins?.low.count).toBe(2)
    expect(summarizeValues("price", [2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9]).basins).toBeUndefined()
  })

  it("trivial cases: no data, all NaN, two runs, constant values give no split and do not throw", () => {
    expect(detectBasins([])).toBeUndefined()
    expect(detectBasins(new Float64Array(20).fill(Number.NaN))).toBeUndefined()
    expect(detectBasins([Infinity, -Infinity, Number.NaN])).toBeUndefined()
    expect(detectBasins([0.01, 3])).toBeUndefined()
    expect(detectBasins(new Array(20).fill(2.5))).toBeUndefined()
    expect(detectBasins(new Array(20).fill(0))).toBeUndefined()
    expect(detectBasins(new Array(20).fill(-1))).toBeUndefined()
  })

  it("ties: two point masses are a split, counted exactly; one run apart from a tie is one too", () => {
    const two = detectBasins([...new Array(12).fill(0), ...new Array(8).fill(1)])
    expect(two).toMatchObject({ runs: 20, low: { count: 12, min: 0, max: 0 }, high: { count: 8, min: 1, max: 1 }, scale: "linear" })
    expect(detectBasins([...new Array(19).fill(5), 0.001])).toMatchObject({ low: { count: 1 }, high: { count: 19 }, scale: "log" })
  })

  it("says 0, not -0, for a side at zero", () => {
    const s = detectBasins([...new Array(8).fill(-0), ...new Array(12).fill(499_000)])!
    expect(describeBasins("profit", s, String)).toBe("8 of 20 runs end with profit <= 0; the other 12 at 499000, none in between")
  })
})
