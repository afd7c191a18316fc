/**
 * recordGovernance (governance/metrics.ts) on a hand-built world: the governance state set by
 * hand (as the epoch's proposals, votes and payouts would leave it), recorded once, read back
 * by metric name. What is recorded depends on what the parameters declare; an attack's profit
 * is its take less its cost; an undefined plan amount is recorded as NaN.
 */
import { describe, expect, it } from "vitest"
import { recordGovernance } from "../../../../../models/gpu-network/systems/governance/metrics.ts"
import type { Proposal } from "../../../../../models/gpu-network/systems/governance/state.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

/** A proposal in `state` (recordGovernance reads only its state). */
const inState = (name: string, state: Proposal["state"]) => ({ name, state }) as unknown as Proposal

describe("recordGovernance", () => {
  it("counters, the last vote and the economic voters' support, with the optional counters declared", () => {
    const fx = gpuWorld({
      params: { governance: { proposals: [{ name: "p" }], voters: "economic", proposalThreshold: 0.1, emergency: { enabled: true }, guardian: { enabled: true } } },
      epoch: 3,
      world: (w) => {
        const s = w.governance
        s.proposals.push(inState("a", "open"), inState("b", "passed"), inState("c", "open"), inState("d", "executed"), inState("e", "canceled"))
        Object.assign(s, { raised: 5, passed: 2, executed: 1, rejected: 3, emergency: 1, canceled: 1, lastTurnout: 0.4, lastYesShare: 0.75 })
        s.lastSupport = { operators: 0.6, validators: 0.2, holders: 1 }
      }
    })
    recordGovernance(fx.world, fx.params)
    expect(fx.metric("gov.proposalsRaised")).toBe(5)
    // Open: a and c (b passed but not executed is not open).
    expect(fx.metric("gov.proposalsOpen")).toBe(2)
    expect(fx.metric("gov.proposalsPassed")).toBe(2)
    expect(fx.metric("gov.proposalsExecuted")).toBe(1)
    expect(fx.metric("gov.turnout")).toBe(0.4)
    expect(fx.metric("gov.yesShare")).toBe(0.75)
    expect(fx.metric("gov.proposalsRejected")).toBe(3)
    expect(fx.metric("gov.proposalsEmergency")).toBe(1)
    expect(fx.metric("gov.proposalsCanceled")).toBe(1)
    expect([fx.metric("gov.support.operators"), fx.metric("gov.support.validators"), fx.metric("gov.support.holders")]).toEqual([0.6, 0.2, 1])
    // Only the epoch it ran at: epoch 2 holds nothing.
    expect(fx.recorder.series[fx.recorder.id("gov.proposalsRaised")]![2]).toBeNaN()
  })

  it("records only what the parameters declare (no threshold, stated voters: no rejected count, no support)", () => {
    const fx = gpuWorld({ params: { governance: { proposals: [{ name: "p" }] } }, world: (w) => void (w.governance.rejected = 4) })
    recordGovernance(fx.world, fx.params)
    expect(fx.recorder.names).not.toContain("gov.proposalsRejected")
    expect(fx.recorder.names).not.toContain("gov.support.operators")
    // Nothing voted yet: the last vote's shares are NaN (initGovernance), not 0.
    expect(fx.metric("gov.turnout")).toBeNaN()
    expect(fx.metric("gov.proposalsOpen")).toBe(0)
  })

  it("conviction requests: a funded one with its epoch, one not raised yet at 0 and NaN", () => {
    const fx = gpuWorld({
      params: { governance: { conviction: { requests: [{ name: "grant", epoch: 1 }, { name: "later", epoch: 90 }] } } },
      epoch: 8,
      world: (w) => {
        // "later" is not raised yet: only "grant" is among the requests.
        w.governance.requests.push({ spec: { name: "grant" }, raisedAt: 1, conviction: 1_234, staked: 0, progress: 1.5, fundedAt: 7, state: "funded" } as never)
        w.governance.funded = 1
      }
    })
    recordGovernance(fx.world, fx.params)
    expect(fx.metric("gov.requestsFunded")).toBe(1)
    expect(fx.metric("gov.request.grant.conviction")).toBe(1_234)
    expect(fx.metric("gov.request.grant.progress")).toBe(1.5)
    expect(fx.metric("gov.request.grant.funded")).toBe(1)
    expect(fx.metric("gov.request.grant.fundedEpoch")).toBe(7)
    expect(fx.metric("gov.request.later.conviction")).toBe(0)
    expect(fx.metric("gov.request.later.progress")).toBe(0)
    expect(fx.metric("gov.request.later.funded")).toBe(0)
    expect(fx.metric("gov.request.later.fundedEpoch")).toBeNaN()
  })

  it("the vote attacks: profit is take less cost, bribes are never detected, an infinite loan is NaN", () => {
    const fx = gpuWorld({
      params: {
        governance: {
          proposals: [{ name: "b" }, { name: "s" }, { name: "f" }],
          bribery: { proposal: "b", mode: "optimize" },
          sybil: { proposal: "s" },
          flashLoan: { proposal: "f", mode: "optimize" }
        }
      },
      world: (w) => {
        Object.assign(w.governance, {
          bribeCost: 300,
          bribeTake: 1_000,
          bribeSucceeded: true,
          bribePlan: { expectedProfit: 650, needed: 350, votes: 4_000 },
          sybilCost: 50,
          sybilTake: 0,
          sybilDetectedAt: 12,
          sybilCaught: 3,
          flashCost: 9,
          flashTake: 500,
          flashBorrowed: 10_000,
          flashAt: 20,
          flashPlan: { expectedProfit: -9, needed: Number.POSITIVE_INFINITY, shortfall: 5 }
        })
      }
    })
    recordGovernance(fx.world, fx.params)
    // Bribery: 1,000 taken - 300 paid = 700.
    expect(fx.metric("attack.bribery.cost")).toBe(300)
    expect(fx.metric("attack.bribery.profit")).toBe(700)
    expect(fx.metric("attack.bribery.success")).toBe(1)
    expect(fx.metric("attack.bribery.detectedEpoch")).toBeNaN()
    expect([fx.metric("attack.bribery.expectedProfit"), fx.metric("attack.bribery.bribesNeeded"), fx.metric("attack.bribery.votesBought")]).toEqual([650, 350, 4_000])
    // Sybil (scheduled: no plan metrics): 0 taken - 50 paid = -50; not a success.
    expect(fx.metric("attack.sybil.profit")).toBe(-50)
    expect(fx.metric("attack.sybil.success")).toBe(0)
    expect(fx.metric("attack.sybil.detectedEpoch")).toBe(12)
    expect(fx.metric("attack.sybil.caught")).toBe(3)
    expect(fx.recorder.names).not.toContain("attack.sybil.expectedProfit")
    // Flash loan: 500 - 9 = 491; the loan no amount carries (Infinity) is NaN, a finite shortfall kept.
    expect(fx.metric("attack.flashLoan.profit")).toBe(491)
    expect(fx.metric("attack.flashLoan.borrowed")).toBe(10_000)
    expect(fx.metric("attack.flashLoan.detectedEpoch")).toBe(20)
    expect(fx.metric("attack.flashLoan.expectedProfit")).toBe(-9)
    expect(fx.metric("attack.flashLoan.loanNeeded")).toBeNaN()
    expect(fx.metric("attack.flashLoan.loanShortfall")).toBe(5)
  })
})
