import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deriveSeed, Rng } from "../../src/engine/Rng.ts"

const draw = (seed: number, n: number) => {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => rng.next())
}

describe("Rng", () => {
  it("gives the same stream for the same seed and a different one for another seed", () => {
    expect(draw(7, 100)).toEqual(draw(7, 100))
    expect(draw(7, 100)).not.toEqual(draw(8, 100))
  })

  it("draws uniforms in [0, 1) with mean 1/2 and variance 1/12", () => {
    const xs = draw(1, 200_000)
    expect(xs.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0)
    expect(xs.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1)
    const m = xs.reduce((a, b) => a + b, 0) / xs.length
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length
    // 5 standard errors: sd of the mean is sqrt(1/12/n) ~ 6.5e-4.
    expect(Math.abs(m - 0.5)).toBeLessThan(0.0033)
    expect(Math.abs(v - 1 / 12)).toBeLessThan(0.002)
  })

  it("draws standard normals and Poisson counts with the right moments", () => {
    const rng = new Rng(3)
    const n = 100_000
    let s = 0
    let s2 = 0
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      s += z
      s2 += z * z
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02)
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03)
    for (const mean of [0.5, 4, 50]) {
      let t = 0
      for (let i = 0; i < 20_000; i++) t += rng.poisson(mean)
      expect(Math.abs(t / 20_000 - mean)).toBeLessThan(5 * Math.sqrt(mean / 20_000) + 0.01)
    }
  })

  it("draws Pareto values at or above the scale", () => {
    const rng = new Rng(5)
    for (let i = 0; i < 10_000; i++) expect(rng.pareto(2, 1.5)).toBeGreaterThanOrEqual(2)
  })

  it("derives distinct seeds for distinct coordinates, deterministically", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(10_000), fc.nat(10_000), (seed, a, b) => {
        expect(deriveSeed(seed, a)).toBe(deriveSeed(seed, a))
        if (a !== b) expect(deriveSeed(seed, a)).not.toBe(deriveSeed(seed, b))
      })
    )
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => deriveSeed(42, i)))
    expect(seeds.size).toBe(10_000)
  })
})
