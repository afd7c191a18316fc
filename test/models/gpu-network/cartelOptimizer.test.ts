/**
 * The validator cartel as an optimizer (attacks[].mode: optimize): the payoff formulas against
 * values computed by hand, properties of the payoff, and the decision in a world
 * (experiments/cartel-optimizer.yaml): it launches where the stake it needs is cheap to buy and
 * not where it is expensive or the market thin, on the same seeds; its buy moves the price.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { bestCartelPlan, buyCostUsd, cartelPlan, sellProceedsUsd, stakeForShare, type CartelMarket, type CartelTerms } from "../../../models/mechanisms/attacks/cartelPayoff.ts"
import type { RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const market: CartelMarket = { honestStake: 1_000_000, price: 2, depthTokens: 10_000_000, available: 5_000_000, operatorRewardsTokens: 100_000, validatorPoolTokens: 30_000 }
const terms: CartelTerms = { cut: 0.2, horizonEpochs: 90, detectionPerEpoch: 0.05, slashOnDetection: 0.05, costPerEpochUsd: 1000, capitalCostPerEpoch: 0.0003, budgetUsd: 1e9 }

describe("cartel payoff (models/mechanisms/attacks/cartelPayoff.ts)", () => {
  it("prices a constant-product pool: buying and selling against the depth", () => {
    // 1,000 tokens out of a pool of 10,000 at $2: 2 x 10,000 x 1,000 / 9,000.
    expect(buyCostUsd(1000, 10_000, 2)).toBeCloseTo(2222.222, 3)
    expect(sellProceedsUsd(1000, 10_000, 2)).toBeCloseTo(1818.182, 3)
    expect(buyCostUsd(10_000, 10_000, 2)).toBe(Number.POSITIVE_INFINITY)
    expect(stakeForShare(0.5, 1000)).toBe(1000)
    expect(stakeForShare(0.75, 1000)).toBe(3000)
  })

  it("computes one plan's expected profit term by term", () => {
    const plan = cartelPlan(0.5, market, terms)
    const X = 1_000_000
    const buy = (2 * 1e7 * X) / (1e7 - X)
    const survive = Math.pow(0.95, 90)
    const epochs = (0.95 * (1 - survive)) / 0.05
    const withheld = 0.2 * 100_000 * 2 * epochs
    const own = 30_000 * 0.5 * 2 * epochs
    const resale = (2 * 1e7 * X * (1 - (1 - survive) * 0.05)) / (1e7 + X * (1 - (1 - survive) * 0.05))
    const running = (1000 + 0.0003 * buy) * epochs
    expect(plan.stakeTokens).toBe(X)
    expect(plan.expectedEpochs).toBeCloseTo(epochs, 9)
    expect(plan.expectedProfitUsd).toBeCloseTo(withheld + own + resale - buy - running, 3)
  })

  it("earns no cut at or below 1/3, and is not detected above 2/3", () => {
    const low = cartelPlan(1 / 3, market, terms)
    const withCut = cartelPlan(1 / 3, market, { ...terms, cut: 0.9 })
    expect(withCut.expectedProfitUsd).toBeCloseTo(low.expectedProfitUsd, 6)
    expect(cartelPlan(0.7, market, terms).expectedEpochs).toBe(90)
  })

  it("has no profit for a size it cannot buy, and picks the best size it can", () => {
    expect(cartelPlan(0.9, { ...market, available: 100 }, terms).expectedProfitUsd).toBeNaN()
    expect(bestCartelPlan({ ...market, available: 0 }, terms).expectedProfitUsd).toBeNaN()
    const best = bestCartelPlan(market, terms)
    expect(best.expectedProfitUsd).toBeGreaterThan(0)
    for (let s = 0.34; s < 0.95; s += 0.05) {
      const ev = cartelPlan(s, market, terms).expectedProfitUsd
      if (!Number.isNaN(ev)) expect(ev).toBeLessThanOrEqual(best.expectedProfitUsd + 1e-6)
    }
  })

  it("pays less the thinner the market, the likelier detection and the dearer capital (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.34, max: 0.9, noNaN: true }), fc.double({ min: 1.1, max: 10, noNaN: true }), (share, k) => {
        // A market deep and liquid enough that every size here can be bought.
        const deep = { ...market, depthTokens: 1e8, available: 1e9 }
        const base = cartelPlan(share, deep, terms).expectedProfitUsd
        expect(cartelPlan(share, { ...deep, depthTokens: deep.depthTokens / k }, terms).expectedProfitUsd).toBeLessThan(base)
        expect(cartelPlan(share, deep, { ...terms, detectionPerEpoch: Math.min(1, terms.detectionPerEpoch * k) }).expectedProfitUsd).not.toBeGreaterThan(base + 1e-6)
        expect(cartelPlan(share, deep, { ...terms, capitalCostPerEpoch: terms.capitalCostPerEpoch * k }).expectedProfitUsd).toBeLessThan(base)
      })
    )
  })
})

describe("an optimizing cartel in the network (experiments/cartel-optimizer.yaml)", () => {
  const results = runExperimentFile("cartel-optimizer", { runs: 4 })
  const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
  const launched = (run: RunResult) => series(run, "attack.cartel.cost").some((c) => c > 0)

  it("launches where the stake it needs is cheap, and not where it is expensive or the market thin, on the same seeds", () => {
    for (const run of results.get("cheap")!) expect(launched(run)).toBe(true)
    for (const label of ["expensive", "thin"]) {
      let priced = 0
      for (const run of results.get(label)!) {
        expect(launched(run)).toBe(false)
        // Why: each day the best size it could buy was a loss (NaN: the market could not supply any).
        for (const x of series(run, "attack.cartel.expectedProfit").subarray(10, 100)) {
          if (Number.isNaN(x)) continue
          priced++
          expect(x).toBeLessThanOrEqual(0)
        }
      }
      expect(priced).toBeGreaterThan(0)
    }
  })

  it("buys its stake on the market: the buy moves the price, and it holds the share it planned", () => {
    results.get("cheap")!.forEach((run, i) => {
      const cost = series(run, "attack.cartel.cost")
      const t = cost.findIndex((c) => c > 0)
      const planned = series(run, "attack.cartel.plannedShare")[t]!
      expect(planned).toBeGreaterThan(1 / 3)
      expect(series(run, "attack.cartel.stakeShare")[t]!).toBeCloseTo(planned, 2)
      // Same seed, no attacker: identical until the launch; the buy lifts the next day's price.
      const control = results.get("no-attack")![i]!
      expect(Array.from(series(run, "price").subarray(0, t + 1))).toEqual(Array.from(series(control, "price").subarray(0, t + 1)))
      expect(series(run, "price")[t + 1]!).toBeGreaterThan(series(control, "price")[t + 1]!)
    })
  })
})
