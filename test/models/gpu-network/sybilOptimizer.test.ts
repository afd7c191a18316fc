/**
 * Sybil operators as an optimizer (attacks[].kind sybil, mode: optimize): the payoff formulas
 * against values computed by hand, properties of the payoff, and the decision in a world
 * (experiments/sybil-optimizer.yaml): it launches where identities are cheap and checks weak, not
 * where a minimum stake and frequent checks make each identity a loss, on the same seeds; the
 * number of identities follows from the risk of linked detection; tokens are conserved.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { buyCostUsd, sellProceedsUsd } from "../../../models/mechanisms/attacks/cartelPayoff.ts"
import { bestSybilPlan, survivalPerEpoch, sybilPlan, type SybilMarket, type SybilTerms } from "../../../models/mechanisms/attacks/sybilPayoff.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings } from "../../../models/gpu-network/world.ts"
import { Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const market: SybilMarket = { price: 1.5, depthTokens: 5e7, available: 7e8, nodePoolTokens: 100_000, onlineOperators: 1000, workRewardsTokens: 400_000, onlineCapacity: 20_000, proRataWork: true }
const terms: SybilTerms = { stakePerIdentity: 2500, capacityPerIdentity: 0.5, costPerIdentityUsd: 5, horizonEpochs: 90, detectionPerEpoch: 0.005, linkOnDetection: 0, slashOnDetection: 1, capitalCostPerEpoch: 0.0003, budgetUsd: 1e9 }

describe("sybil payoff (models/mechanisms/attacks/sybilPayoff.ts)", () => {
  it("computes one plan's expected profit term by term", () => {
    const n = 100
    const plan = sybilPlan(n, market, terms)
    const q = 0.995
    const epochs = (1 - Math.pow(q, 90)) / (1 - q)
    const pCaught = 1 - Math.pow(q, 89)
    const reward = 100_000 / 1100 + (400_000 * 0.5) / (20_000 + 50)
    const buy = buyCostUsd(250_000, 5e7, 1.5)
    const resale = sellProceedsUsd(250_000 * (1 - pCaught), 5e7, 1.5)
    expect(plan.rewardPerEpoch).toBeCloseTo(reward, 9)
    expect(plan.expectedEpochs).toBeCloseTo(epochs, 9)
    expect(plan.expectedProfitUsd).toBeCloseTo(n * (reward * 1.5 - 5) * epochs + resale - buy - 0.0003 * buy * epochs, 3)
  })

  it("links catches: an identity survives its own check and any catch among the others that exposes it", () => {
    expect(survivalPerEpoch(1, 0.1, 1)).toBeCloseTo(0.9, 12)
    expect(survivalPerEpoch(3, 0.1, 0.5)).toBeCloseTo(0.9 * (1 - 0.5 * (1 - 0.81)), 12)
    expect(survivalPerEpoch(50, 0, 1)).toBe(1)
  })

  it("has no profit when it cannot buy the stake, and expects no work under largest-first", () => {
    expect(sybilPlan(10, { ...market, available: 1000 }, terms).expectedProfitUsd).toBeNaN()
    expect(sybilPlan(10, market, { ...terms, budgetUsd: 100 }).expectedProfitUsd).toBeNaN()
    expect(sybilPlan(10, { ...market, proRataWork: false }, terms).rewardPerEpoch).toBeCloseTo(100_000 / 1010, 9)
    const best = bestSybilPlan(market, terms, 300)
    for (let n = 1; n <= 300; n += 7) expect(sybilPlan(n, market, terms).expectedProfitUsd).toBeLessThanOrEqual(best.expectedProfitUsd + 1e-6)
  })

  it("pays less per identity the more there are (they dilute each other), and less under stronger checks (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 1.1, max: 10, noNaN: true }), (n, d, k) => {
        expect(sybilPlan(n + 1, market, terms).rewardPerEpoch).toBeLessThan(sybilPlan(n, market, terms).rewardPerEpoch)
        const t = { ...terms, detectionPerEpoch: d }
        const base = sybilPlan(n, market, t).expectedProfitUsd
        expect(sybilPlan(n, market, { ...t, detectionPerEpoch: Math.min(1, d * k) }).expectedProfitUsd).toBeLessThan(base)
        expect(sybilPlan(n, market, { ...t, linkOnDetection: 0.2 }).expectedProfitUsd).toBeLessThanOrEqual(base)
      })
    )
  })
})

describe("an optimizing sybil attacker in the network (experiments/sybil-optimizer.yaml)", () => {
  const results = runExperimentFile("sybil-optimizer", { runs: 3 })
  const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
  const launchedAt = (run: RunResult) => series(run, "attack.sybils.cost").findIndex((c) => c > 0)

  it("launches under the weak defense and not under the strong one, on the same seeds", () => {
    for (const run of results.get("weak-defense")!) expect(launchedAt(run)).toBe(10)
    for (const run of results.get("strong-defense")!) {
      expect(launchedAt(run)).toBe(-1)
      // Why: each day from the start its best count was a loss.
      const ev = series(run, "attack.sybils.expectedProfit").subarray(10)
      for (const x of ev) expect(x).toBeLessThanOrEqual(0)
    }
  })

  it("plans fewer identities when a catch exposes the others: the size follows from the linking risk", () => {
    results.get("linked-detection")!.forEach((run, i) => {
      const weak = results.get("weak-defense")![i]!
      const t = launchedAt(run)
      expect(t).toBe(10)
      expect(series(run, "attack.sybils.plannedIdentities")[t]!).toBeLessThan(series(weak, "attack.sybils.plannedIdentities")[t]! / 2)
      // It joined the count it planned.
      expect(series(run, "attack.sybils.identities")[t]!).toBe(series(run, "attack.sybils.plannedIdentities")[t]!)
    })
  })

  it("buys its stake on the market: identical to the control until the launch, the buy lifts the next day's price", () => {
    results.get("weak-defense")!.forEach((run, i) => {
      const control = results.get("no-attack")![i]!
      const t = launchedAt(run)
      expect(Array.from(series(run, "price").subarray(0, t + 1))).toEqual(Array.from(series(control, "price").subarray(0, t + 1)))
      expect(series(run, "price")[t + 1]!).toBeGreaterThan(series(control, "price")[t + 1]!)
    })
  })

  it("conserves tokens every epoch while it decides, joins, is caught and leaves", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      operators: { count: 200 },
      validators: { count: 10 },
      token: { perOperatorShare: 0.3 },
      attacks: [{ kind: "sybil", name: "s", mode: "optimize", startEpoch: 3, durationEpochs: 20, identities: 50, detectionPerEpoch: 0.05, linkOnDetection: 0.2, slashOnDetection: 0.5 }]
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 40, seed: 2 })
    let joined = false
    while (st.step()) {
      expect(gpuNetwork.invariants(st.world)).toEqual([])
      expect(Math.abs(totalHoldings(st.world) - st.world.ledger.supply)).toBeLessThanOrEqual(1e-9 * st.world.ledger.supply)
      joined ||= st.world.attackStates[0]!.started >= 0
    }
    expect(joined).toBe(true)
  })
})
