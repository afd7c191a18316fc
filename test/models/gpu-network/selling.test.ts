/**
 * Selling from need (operators.selling need, participation/selling.ts): the formula's bounds,
 * and issue 16's test 5: the emission sweep's price response has the sign and magnitude
 * docs/participation.md states across the plausible range of the expectation parameter.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { surplusShareAt, tokensSold } from "../../../models/gpu-network/participation/selling.ts"
import { simulate } from "../../../src/engine/Simulation.ts"

describe("the tokens an operator sells from need", () => {
  it("covers its costs, then sells a share of the surplus that falls as the price rises above its average", () => {
    // $300 of costs at $2: 150 tokens, plus 20% of the 850 left of 1,000.
    expect(tokensSold(1_000, 0, 300, 2, 0.2)).toBeCloseTo(150 + 170, 9)
    // Income short of costs: it sells savings to pay them, never more than it has.
    expect(tokensSold(100, 30, 300, 2, 0.2)).toBe(130)
    expect(tokensSold(100, 500, 300, 2, 0.2)).toBe(150)
    expect(surplusShareAt(0.2, 2, 0)).toBe(0.2)
    expect(surplusShareAt(0.2, 2, Math.log(1.05))).toBeCloseTo(0.2 - 2 * Math.log(1.05), 12)
    expect(surplusShareAt(0.2, 10, Math.log(1.5))).toBe(0)
    expect(surplusShareAt(0.2, 10, Math.log(0.5))).toBe(1)
  })

  it("stays within its bounds for any income, savings, costs, price and trend", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (reward, balance, cost, price, base, k, trend) => {
          const share = surplusShareAt(base, k, trend)
          expect(share).toBeGreaterThanOrEqual(0)
          expect(share).toBeLessThanOrEqual(1)
          const sold = tokensSold(reward, balance, cost, price, share)
          expect(sold).toBeGreaterThanOrEqual(0)
          expect(sold).toBeLessThanOrEqual(reward + balance)
          expect(sold).toBeGreaterThanOrEqual(Math.min(cost / price, reward + balance) * (1 - 1e-12))
        }
      )
    )
  })
})

describe("the emission sweep's price response under selling from need (issue 16 test 5)", () => {
  const median = (xs: ReadonlyArray<number>) => {
    const s = [...xs].sort((a, b) => a - b)
    return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2
  }
  const finalPrice = (perEpoch: number, expectation: number) =>
    median(
      [1, 2, 3, 4, 5, 6].map((seed) => {
        const p = Schema.decodeUnknownSync(gpuNetwork.params)({ operators: { selling: "need", expectation }, token: { emission: { kind: "fixed", perEpoch } } })
        const r = simulate(gpuNetwork, p, { epochs: 365, seed })
        return r.series[r.metrics.indexOf("price")]!.at(-1)!
      })
    )

  // docs/participation.md: 4x emission lowers the year-end price, with an elasticity
  // d ln price / d ln emission between -1.5 and -3 for expectation 0 to 10.
  for (const k of [0, 2, 5, 10]) {
    it(`4x emission lowers the price, elasticity in [-3, -1.5], at expectation ${k}`, () => {
      const elasticity = Math.log(finalPrice(1_000_000, k) / finalPrice(250_000, k)) / Math.log(4)
      expect(elasticity).toBeLessThan(-1.5)
      expect(elasticity).toBeGreaterThan(-3)
    })
  }
})
