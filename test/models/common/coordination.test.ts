import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { domainOverhead, exponentialMixtureQuantile, groupedOverhead, lawCost, queueDelayMs } from "../../../models/common/coordination.ts"
import { quantileInPlace, selectKth } from "../../../models/common/select.ts"
import { regimeAt, REGIMES } from "../../../models/gpu-network/systems/market.ts"

describe("coordination overhead", () => {
  it("follows the chosen law", () => {
    expect([lawCost("linear", 8), lawCost("nlogn", 8), lawCost("quadratic", 8)]).toEqual([8, 24, 64])
    expect(lawCost("quadratic", 1)).toBe(0)
    // cost * f(d) * (1 + latency / scale): 0.01 * 64 * (1 + 50/100)
    expect(domainOverhead("quadratic", 8, 0.01, 50, 100)).toBeCloseTo(0.96, 12)
  })

  it("splits light-split groups into full groups plus a remainder", () => {
    // 35 participants in groups of 16: two groups of 16 and one of 3.
    expect(groupedOverhead("quadratic", 35, 16, 1, 0, 100)).toBe(2 * 256 + 9)
    // Grouping makes any law linear in n: doubling n doubles the overhead.
    expect(groupedOverhead("quadratic", 3200, 16, 1, 0, 100)).toBe(2 * groupedOverhead("quadratic", 1600, 16, 1, 0, 100))
  })

  it("queues as M/M/1 below saturation and caps at saturation", () => {
    expect(queueDelayMs(0.5, 50, 5000)).toBeCloseTo(50, 12)
    expect(queueDelayMs(0.9, 50, 5000)).toBeCloseTo(450, 9)
    expect(queueDelayMs(1.2, 50, 5000)).toBe(5000)
    expect(queueDelayMs(0, 50, 5000)).toBe(0)
  })

  it("finds quantiles of exponential mixtures", () => {
    // One exponential with mean m: median m ln 2, p99 m ln 100.
    expect(exponentialMixtureQuantile([1], [100], 1, 0.5)).toBeCloseTo(100 * Math.LN2, 6)
    expect(exponentialMixtureQuantile([1, 0], [100, 1e6], 2, 0.99)).toBeCloseTo(100 * Math.log(100), 5)
    expect(exponentialMixtureQuantile([0, 0], [1, 1], 2, 0.5)).toBe(0)
  })
})

describe("selection and sorted values", () => {
  it("quickselect agrees with sorting", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const sorted = [...xs].sort((a, b) => a - b)
        const k = Math.min(xs.length - 1, Math.floor(q * xs.length))
        expect(selectKth(Float64Array.from(xs), xs.length, k)).toBe(sorted[k])
        expect(quantileInPlace(Float64Array.from(xs), xs.length, q)).toBe(sorted[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * q) - 1))])
      })
    )
    expect(quantileInPlace(new Float64Array(0), 0, 0.5)).toBeNaN()
  })
})

describe("market regimes", () => {
  it("applies the latest regime started at or before the epoch, with overrides", () => {
    const schedule = [{ from: 50, regime: "bear" as const, drift: -0.02 }, { from: 0, regime: "calm" as const }, { from: 100, regime: "quiet-illiquid" as const }]
    expect(regimeAt([], 10)).toBeUndefined()
    expect(regimeAt(schedule, 10)).toEqual(REGIMES.calm)
    expect(regimeAt(schedule, 50)).toEqual({ ...REGIMES.bear, drift: -0.02 })
    expect(regimeAt(schedule, 500)).toEqual(REGIMES["quiet-illiquid"])
  })
})
