/**
 * ai-verification scenarios from experiments/, checked on their outcomes, and the model's
 * invariants under random settings:
 * - spot-check rate trades verification cost against poisoned work accepted, and poisoning stops
 *   paying near the breakeven rate the model reports;
 * - lazy validators copying consensus earn dividends without verifying, more with the bonds
 *   penalty on than off;
 * - colluding validators pass poison past spot checks, but Yuma's median ignores a minority.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { aiVerification } from "../../models/ai-verification/index.ts"
import type { VerificationWorld } from "../../models/ai-verification/runtime.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { runExperimentFile } from "../support/experiments.ts"

const runAll = (name: string, runs: number) => runExperimentFile(name, { runs })
const final = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![r.series[0]!.length - 1]!
const mean = (runs: ReadonlyArray<RunResult>, m: string) => runs.reduce((a, r) => a + final(r, m), 0) / runs.length
const series = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]!
const params = (raw: unknown) => Schema.decodeUnknownSync(aiVerification.params)(raw)

describe("spot-check rate against poisoning (experiments/spot-check-rate.yaml)", () => {
  const results = runAll("spot-check-rate", 4)
  const rates = [...results.keys()].map((label) => ({ label, rate: Number(label.split("=")[1]) })).sort((a, b) => a.rate - b.rate)

  it("costs more and accepts less poison as the rate rises", () => {
    const cost = rates.map(({ label }) => mean(results.get(label)!, "verificationCostPerWork"))
    const accepted = rates.map(({ label }) => mean(results.get(label)!, "poisonAcceptanceRate"))
    expect(cost[0]).toBe(0)
    expect(accepted[0]).toBe(1)
    for (let i = 1; i < rates.length; i++) {
      expect(cost[i]!).toBeGreaterThan(cost[i - 1]!)
      expect(accepted[i]!).toBeLessThan(accepted[i - 1]!)
    }
  })

  it("poisoning pays below the breakeven rate each point reports and loses above it", () => {
    // The breakeven depends on the reward per accepted contribution, so each point reports its
    // own; outside a band of +-25% around it, the sign of the poisoners' profit must agree.
    let pays = 0
    let loses = 0
    for (const { label, rate } of rates) {
      const breakeven = mean(results.get(label)!, "poisonBreakevenRate")
      expect(breakeven, label).toBeGreaterThan(0.02)
      expect(breakeven, label).toBeLessThan(0.2)
      const profit = mean(results.get(label)!, "attack.poisoning.profit")
      if (rate < 0.75 * breakeven) expect(profit, label).toBeGreaterThan(0), pays++
      if (rate > 1.25 * breakeven) expect(profit, label).toBeLessThan(0), loses++
    }
    // Both sides of the breakeven are swept, and only the points next to it are left out.
    expect(pays).toBeGreaterThanOrEqual(4)
    expect(loses).toBeGreaterThanOrEqual(4)
  })
})

describe("lazy validators under Yuma (experiments/lazy-validators.yaml)", () => {
  const results = runAll("lazy-validators", 3)

  it("copying consensus earns dividends without a single check", () => {
    for (const r of results.get("bonds-penalty-1")!) {
      expect(final(r, "lazyRewardShare")).toBeGreaterThan(0.8 * final(r, "lazyStakeShare"))
      expect(final(r, "validatorTrustLazy")).toBeGreaterThan(final(r, "validatorTrustHonest"))
    }
  })

  it("the bonds penalty makes copying pay more: honest validators' out-of-consensus weights cost them bonds", () => {
    const off = results.get("bonds-penalty-0")!
    const on = results.get("bonds-penalty-1")!
    on.forEach((r, i) => {
      expect(final(r, "lazyReturnRatio")).toBeGreaterThan(1)
      expect(final(r, "lazyReturnRatio")).toBeGreaterThan(final(off[i]!, "lazyReturnRatio"))
    })
  })

  it("commit-reveal (copiers see consensus 20 epochs late) cuts the copiers' advantage", () => {
    const on = results.get("bonds-penalty-1")!
    results.get("commit-reveal-20")!.forEach((r, i) => {
      expect(final(r, "lazyReturnRatio")).toBeLessThan(final(on[i]!, "lazyReturnRatio"))
      expect(final(r, "validatorTrustLazy")).toBeLessThan(final(on[i]!, "validatorTrustLazy"))
    })
  })
})

describe("colluding validators (experiments/validator-collusion.yaml)", () => {
  const results = runAll("validator-collusion", 3)

  it("a 30% cartel passes most poison past spot checks, little past Yuma; a 60% cartel captures Yuma", () => {
    expect(mean(results.get("spot-check-cartel-30")!, "poisonAcceptanceRate")).toBeGreaterThan(0.8)
    expect(mean(results.get("yuma-cartel-30")!, "poisonAcceptanceRate")).toBeLessThan(0.3)
    expect(mean(results.get("yuma-cartel-60")!, "poisonAcceptanceRate")).toBe(1)
    expect(mean(results.get("yuma-cartel-60")!, "attack.poisoning.profit")).toBeGreaterThan(0)
  })

  it("the cartel is paid its cut where poison passes, and loses its costs where Yuma's median stops it", () => {
    for (const label of ["spot-check-cartel-30", "yuma-cartel-60"]) {
      for (const r of results.get(label)!) {
        expect(final(r, "attack.cartel.success"), label).toBe(1)
        expect(final(r, "attack.cartel.profit"), label).toBeGreaterThan(0)
      }
    }
    for (const r of results.get("yuma-cartel-30")!) {
      expect(final(r, "attack.cartel.success")).toBe(0)
      expect(final(r, "attack.cartel.profit")).toBeLessThan(0)
    }
  })
})

describe("ai-verification strategies", () => {
  it("none checks nothing and accepts every poisoned contribution", () => {
    const r = simulate(aiVerification, params({ verification: { strategy: "none" } }), { epochs: 20, seed: 1 })
    expect(Array.from(series(r, "checks")).every((x) => x === 0)).toBe(true)
    expect(final(r, "poisonAcceptanceRate")).toBe(1)
    expect(final(r, "attack.poisoning.success")).toBe(1)
    expect(Number.isNaN(final(r, "attack.poisoning.detectedEpoch"))).toBe(true)
  })

  it("redundant verification by 3 costs about 3 checks per selected contribution and catches poison more surely", () => {
    const spot = simulate(aiVerification, params({ verification: { strategy: "spot-check", rate: 0.3 }, validators: { noise: 0.4 } }), { epochs: 60, seed: 2 })
    const red = simulate(aiVerification, params({ verification: { strategy: "redundant", rate: 0.3, redundancy: 3 }, validators: { noise: 0.4 } }), { epochs: 60, seed: 2 })
    const checks = (r: RunResult) => series(r, "checks").reduce((a, b) => a + b, 0)
    expect(checks(red) / checks(spot)).toBeGreaterThan(2.5)
    expect(checks(red) / checks(spot)).toBeLessThan(3.5)
    // Noisy checkers wrongly reject honest work; a majority of three does so less often.
    const falsePositives = (r: RunResult) => series(r, "honestRejected").reduce((a, b) => a + b, 0)
    expect(falsePositives(red)).toBeLessThan(falsePositives(spot))
  })

  it("conserves tokens and keeps its invariants every epoch under any settings", () => {
    fc.assert(
      fc.property(
        fc.record({
          contributors: fc.record({ count: fc.integer({ min: 1, max: 40 }), poisonedShare: fc.double({ min: 0, max: 1, noNaN: true }), drift: fc.double({ min: 0, max: 1, noNaN: true }), bond: fc.double({ min: 0, max: 1000, noNaN: true }) }),
          validators: fc.record({ count: fc.integer({ min: 1, max: 12 }), lazyShare: fc.double({ min: 0, max: 1, noNaN: true }), colludingShare: fc.double({ min: 0, max: 1, noNaN: true }), copyDelay: fc.integer({ min: 1, max: 5 }), noise: fc.double({ min: 0, max: 1, noNaN: true }) }),
          verification: fc.record({ strategy: fc.constantFrom("none" as const, "spot-check" as const, "redundant" as const, "yuma" as const), rate: fc.double({ min: 0, max: 1, noNaN: true }), redundancy: fc.integer({ min: 1, max: 5 }), slashFraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
          yuma: fc.record({ kappa: fc.double({ min: 0, max: 1, noNaN: true }), bondsPenalty: fc.double({ min: 0, max: 1, noNaN: true }), yuma3: fc.boolean(), liquidAlpha: fc.boolean() }),
          token: fc.record({ minerShare: fc.double({ min: 0, max: 1, noNaN: true }) })
        }),
        fc.nat(),
        (raw, seed) => {
          const p = params(raw)
          simulate(aiVerification, p, { epochs: 25, seed, onEpoch: (w: VerificationWorld) => expect(aiVerification.invariants(w)).toEqual([]) })
        }
      ),
      { numRuns: 60 }
    )
  })
})

describe("ai-verification edge cases found in review", () => {
  it("pays nothing (not NaN) when Yuma accepts work whose weights are all zero", () => {
    const p = Schema.decodeUnknownSync(aiVerification.params)({ contributors: { count: 20 }, validators: { count: 4 }, verification: { strategy: "yuma", rate: 0, threshold: 0.6 }, yuma: { rejectShare: 0 } })
    const r = simulate(aiVerification, p, { epochs: 3, seed: 3, onEpoch: (w: VerificationWorld) => expect(aiVerification.invariants!(w)).toEqual([]) })
    for (const m of ["supply", "honestContributorProfit", "attack.poisoning.profit"]) {
      expect(Number.isFinite(r.series[r.metrics.indexOf(m)]![2])).toBe(true)
    }
    // No work was paid for, so the quality of paid work is undefined.
    expect(r.series[r.metrics.indexOf("outputQuality")]![2]).toBeNaN()
  })
})
