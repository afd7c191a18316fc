/**
 * Sybil voting as an optimizer (governance.sybil.mode: optimize): the library's pricing against
 * hand-solved ballots, and the decision in a world (experiments/sybil-vote-optimizer.yaml): under
 * quadratic voting splitting makes the vote cheap and it buys; under token-weighted voting the
 * same grab needs more tokens than the market holds, or costs more than it takes in a deep one,
 * and it does not buy, on the same seeds; tokens are conserved through the buy and the sale.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { buyCostUsd, sellProceedsUsd } from "../../../models/mechanisms/attacks/cartelPayoff.ts"
import { identityCounts, sybilVotePlan, tokensNeeded, type SybilVoteTerms } from "../../../models/mechanisms/governance/sybilVote.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings } from "../../../models/gpu-network/world.ts"
import { Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const base = { yes: 10, no: 90, total: 1000 }
const terms: SybilVoteTerms = { rule: "token-weighted", pass: { quorum: 0.1, approval: 0.5 }, maxIdentities: 64, detection: 0, costPerIdentityUsd: 1, epochs: 8, price: 2, depthTokens: 10_000, available: 5000, transferTokens: 500, budgetUsd: 1e9 }

describe("sybil voting priced (models/mechanisms/governance/sybilVote.ts)", () => {
  it("needs more yes than no: 80 tokens token-weighted, 6,400 / n under quadratic voting", () => {
    expect(identityCounts(20)).toEqual([1, 2, 4, 8, 16, 20])
    expect(tokensNeeded(base, 1, terms)).toBeCloseTo(80, 2)
    // Quadratic: n identities cast sqrt(n T): sqrt(n T) > 80.
    const q = { ...terms, rule: "quadratic" as const }
    expect(tokensNeeded(base, 1, q)).toBeCloseTo(6400, 0)
    expect(tokensNeeded(base, 64, q)).toBeCloseTo(100, 1)
    // 90% of identities caught: 10 times the votes to cast.
    expect(tokensNeeded(base, 1, { ...terms, detection: 0.9 })).toBeGreaterThan(800)
  })

  it("costs the round trip through the pool plus the identities, and picks the cheapest count", () => {
    const plan = sybilVotePlan(base, terms)
    // Token-weighted: splitting gains nothing and costs identities, so one.
    expect(plan.identities).toBe(1)
    const T = plan.tokens
    expect(plan.costUsd).toBeCloseTo(buyCostUsd(T, 10_000, 2) - sellProceedsUsd(T, 10_000, 2) + 8, 6)
    expect(plan.expectedProfitUsd).toBeCloseTo(1000 - plan.costUsd, 6)
    // Quadratic: n identities need 6,400 / n tokens; round trip + $8 per identity (by hand):
    // n = 8: 257.6 + 64; n = 16: 64.0 + 128 = 192; n = 32: 16.0 + 256. The middle wins.
    const q = sybilVotePlan(base, { ...terms, rule: "quadratic" })
    expect(q.identities).toBe(16)
    expect(q.tokens).toBeCloseTo(400, 1)
    expect(q.costUsd).toBeCloseTo(192, 0)
    // More than outside holders hold: no plan, but the tokens it would need are reported.
    const none = sybilVotePlan(base, { ...terms, rule: "quadratic", maxIdentities: 1 })
    expect(none.expectedProfitUsd).toBeNaN()
    expect(none.tokens).toBeCloseTo(6400, 0)
  })
})

describe("an optimizing sybil voter in the network (experiments/sybil-vote-optimizer.yaml)", () => {
  const results = runExperimentFile("sybil-vote-optimizer", { runs: 3 })
  const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
  // The proposal is raised on day 5: the attacker decides then.
  const RAISED = 5

  it("buys under quadratic voting, splitting over thousands of identities", () => {
    for (const run of results.get("quadratic")!) {
      expect(series(run, "attack.sybil.expectedProfit")[RAISED]!).toBeGreaterThan(0)
      expect(series(run, "attack.sybil.plannedIdentities")[RAISED]!).toBeGreaterThan(1000)
      expect(series(run, "attack.sybil.cost")[RAISED]!).toBeGreaterThan(0)
    }
    expect(results.get("quadratic")!.some((run) => series(run, "attack.sybil.success").at(-1) === 1)).toBe(true)
  })

  it("does not buy under token-weighted voting: more than the market holds, or a loss in a deep market, on the same seeds", () => {
    for (const run of results.get("token-weighted")!) {
      expect(series(run, "attack.sybil.expectedProfit")[RAISED]!).toBeNaN()
      // The pool holds 50M tokens: what it would need is more.
      expect(series(run, "attack.sybil.tokensNeeded")[RAISED]!).toBeGreaterThan(50_000_000)
      expect(series(run, "attack.sybil.cost").every((c) => c === 0)).toBe(true)
    }
    for (const run of results.get("token-weighted-deep-market")!) {
      expect(series(run, "attack.sybil.expectedProfit")[RAISED]!).toBeLessThan(0)
      expect(series(run, "attack.sybil.cost").every((c) => c === 0)).toBe(true)
      expect(series(run, "attack.sybil.success").at(-1)).toBe(0)
    }
  })

  it("conserves tokens every epoch through the buy, the vote and the sale", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      operators: { count: 150 },
      validators: { count: 10 },
      governance: {
        rule: "quadratic",
        quorum: 0.02,
        proposals: [{ name: "grant", epoch: 2, treasuryTransfer: 10_000_000, support: { operators: 0.1, validators: 0.1, holders: 0.1 } }],
        sybil: { proposal: "grant", mode: "optimize", identities: 5000, costPerIdentityUsd: 1, detection: 0.2 }
      }
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 20, seed: 4 })
    while (st.step()) {
      expect(gpuNetwork.invariants(st.world)).toEqual([])
      expect(Math.abs(totalHoldings(st.world) - st.world.ledger.supply)).toBeLessThanOrEqual(1e-9 * st.world.ledger.supply)
    }
    expect(st.world.governance.sybilIdentities).toBeGreaterThan(0)
    // Sold back after the vote.
    expect(st.world.governance.sybilTokens).toBe(0)
  })
})
