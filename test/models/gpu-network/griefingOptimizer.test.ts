/**
 * Regional griefing as an optimizer (attacks[].kind griefing, mode: optimize): the payoff against
 * values computed by hand, and the decision in a world (experiments/griefing-optimizer.yaml): a
 * cheap DoS that hands its operators europe's work launches, an expensive one and pure griefing
 * do not, on the same seeds; identical to the control until the launch; tokens are conserved.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { bestGriefingPlan, griefingDecision, griefingPlan, type GriefingMarket, type GriefingTerms } from "../../../models/mechanisms/attacks/griefingPayoff.ts"
import { buyCostUsd, sellProceedsUsd } from "../../../models/mechanisms/market/pool.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings } from "../../../models/gpu-network/world.ts"
import { Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const market: GriefingMarket = { price: 1, depthTokens: 5e7, available: 7e8, workRewardsTokens: 1e6, nodePoolTokens: 0, onlineCapacity: 20_000, onlineOperators: 1000, regionCapacity: 6000, regionOperators: 300 }
const terms: GriefingTerms = { offlineShare: 0.9, dosCostPerEpochUsd: 5000, horizonEpochs: 30, capacityPerOperator: 10, stakePerOperator: 1000, costPerOperatorUsd: 200, capitalCostPerEpoch: 0.0003 }

describe("griefing payoff (models/mechanisms/attacks/griefingPayoff.ts)", () => {
  it("computes one plan's expected profit term by term", () => {
    const plan = griefingPlan(50, 0.9, market, terms)
    // 500 units of its own against 20,000 - 0.9 x 6,000 online.
    const reward = (1e6 * 500) / (20_000 - 5400 + 500)
    const buy = buyCostUsd(50_000, 5e7, 1)
    const expected = 30 * (reward - 50 * 200 - 5000 - 0.0003 * buy) + sellProceedsUsd(50_000, 5e7, 1) - buy
    expect(plan.rewardPerEpoch).toBeCloseTo(reward, 9)
    expect(plan.expectedProfitUsd).toBeCloseTo(expected, 6)
  })

  it("pure griefing only costs; the DoS is worth what it adds over running the operators alone", () => {
    expect(bestGriefingPlan(0.9, market, terms, 0).expectedProfitUsd).toBe(-150_000)
    const { plan, dosGainUsd } = griefingDecision(market, terms, 100)
    expect(dosGainUsd).toBeCloseTo(plan.expectedProfitUsd - bestGriefingPlan(0, market, terms, 100).expectedProfitUsd, 6)
    expect(dosGainUsd).toBeGreaterThan(0)
    // A DoS ten times dearer no longer beats running the operators without it.
    expect(griefingDecision(market, { ...terms, dosCostPerEpochUsd: 50_000 }, 100).dosGainUsd).toBeLessThan(0)
  })
})

describe("an optimizing griefer in the network (experiments/griefing-optimizer.yaml)", () => {
  const results = runExperimentFile("griefing-optimizer", { runs: 3 })
  const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
  const launchedAt = (run: RunResult) => series(run, "attack.dos-europe.cost").findIndex((c) => c > 0)

  it("launches a cheap DoS with operators of its own, identical to the control until then", () => {
    results.get("cheap-dos")!.forEach((run, i) => {
      const t = launchedAt(run)
      expect(t).toBeGreaterThanOrEqual(30)
      expect(series(run, "attack.dos-europe.dosGain")[t]!).toBeGreaterThan(0)
      expect(series(run, "attack.dos-europe.plannedOperators")[t]!).toBeGreaterThan(0)
      expect(series(run, "attack.dos-europe.rewards").at(-1)!).toBeGreaterThan(0)
      const control = results.get("no-attack")![i]!
      expect(Array.from(series(run, "price").subarray(0, t + 1))).toEqual(Array.from(series(control, "price").subarray(0, t + 1)))
      // Europe loses operators to the DoS it would not have lost.
      expect(series(run, "activeOperators_europe").at(-1)!).toBeLessThan(series(control, "activeOperators_europe").at(-1)!)
    })
  })

  it("does not launch an expensive DoS, nor pure griefing, on the same seeds", () => {
    for (const label of ["expensive-dos", "pure-griefing"]) {
      results.get(label)!.forEach((run, i) => {
        expect(launchedAt(run)).toBe(-1)
        // Why: each day the DoS added less than it cost.
        for (const g of series(run, "attack.dos-europe.dosGain").subarray(30)) expect(g).toBeLessThan(0)
        expect(Array.from(series(run, "price"))).toEqual(Array.from(series(results.get("no-attack")![i]!, "price")))
      })
    }
  })

  it("conserves tokens every epoch while it decides, runs its operators and the DoS, and ends", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      operators: { count: 200 },
      validators: { count: 10 },
      slashing: { downtime: true, signedWindow: 5, minSignedPerWindow: 0.5, jailEpochs: 3 },
      attacks: [{ kind: "griefing", name: "g", mode: "optimize", region: "europe", startEpoch: 3, durationEpochs: 10, offlineShare: 0.9, costPerEpochUsd: 100, ownOperators: 20, ownCapacity: 10, ownRegion: "americas" }]
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 30, seed: 2 })
    let launched = false
    while (st.step()) {
      expect(gpuNetwork.invariants(st.world)).toEqual([])
      expect(Math.abs(totalHoldings(st.world) - st.world.ledger.supply)).toBeLessThanOrEqual(1e-9 * st.world.ledger.supply)
      launched ||= st.world.attackStates[0]!.started >= 0
    }
    expect(launched).toBe(true)
  })
})
