import { describe, expect, it } from "vitest"
import { chiSquareQuantile, fitMarket, normalQuantile, tQuantile } from "../../src/analysis/MarketFit.ts"
import { Rng } from "../../src/engine/Rng.ts"

/** A geometric Brownian price path with regimes [epochs, drift, volatility]. */
const path = (seed: number, regimes: ReadonlyArray<readonly [number, number, number]>): Float64Array => {
  const rng = new Rng(seed)
  const out = [1]
  for (const [epochs, drift, vol] of regimes) for (let i = 0; i < epochs; i++) out.push(out[out.length - 1]! * Math.exp(drift + vol * rng.normal()))
  return Float64Array.from(out)
}

describe("quantiles (published table values)", () => {
  it("normal, Student t, chi-square", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5)
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 2)
    expect(tQuantile(0.975, 100)).toBeCloseTo(1.983972, 4)
    expect(chiSquareQuantile(0.975, 10)).toBeCloseTo(20.48318, 1)
    expect(chiSquareQuantile(0.025, 100)).toBeCloseTo(74.22193, 1)
  })
})

describe("fitMarket", () => {
  it("recovers drift and volatility, and its 95% intervals cover the truth about 95% of the time", () => {
    let driftIn = 0
    let volIn = 0
    const trials = 300
    for (let s = 0; s < trials; s++) {
      const f = fitMarket(path(100 + s, [[365, 0.001, 0.03]]))
      if (f.drift.low <= 0.001 && 0.001 <= f.drift.high) driftIn++
      if (f.volatility.low <= 0.03 && 0.03 <= f.volatility.high) volIn++
    }
    expect(driftIn / trials).toBeGreaterThan(0.91)
    expect(driftIn / trials).toBeLessThan(0.99)
    expect(volIn / trials).toBeGreaterThan(0.91)
    expect(volIn / trials).toBeLessThan(0.99)
    const one = fitMarket(path(1, [[2000, 0.002, 0.04]]))
    expect(one.volatility.estimate).toBeCloseTo(0.04, 2)
    expect(one.regimes).toHaveLength(1)
  })

  it("finds a change of regime, near where it happened", () => {
    const f = fitMarket(path(3, [[200, 0.001, 0.02], [165, -0.004, 0.08]]))
    expect(f.regimes).toHaveLength(2)
    expect(Math.abs(f.regimes[1]!.from - 200)).toBeLessThan(10)
    expect(f.regimes[0]!.volatility.estimate).toBeCloseTo(0.02, 2)
    expect(f.regimes[1]!.volatility.estimate).toBeCloseTo(0.08, 1)
  })

  it("rarely splits a series that has one regime", () => {
    let split = 0
    for (let s = 0; s < 100; s++) if (fitMarket(path(500 + s, [[365, 0, 0.03]])).regimes.length > 1) split++
    expect(split).toBeLessThan(10)
  })
})
