/**
 * Vote buying as an optimizer (governance.bribery.mode: optimize): the library's greedy cover
 * against hand-counted ballots, properties of it, and the decision in a world
 * (experiments/bribery-optimizer.yaml): it buys when few votes carry the proposal and they are
 * cheap, and not when turnout leaves too few votes for sale or the premium per vote eats the
 * take, on the same seeds; what it pays is what it priced; tokens are conserved.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { askUsd, bribeProfitUsd, cheapestBribes, type BribeCandidate } from "../../../models/mechanisms/governance/bribes.ts"
import { ballotPasses } from "../../../models/mechanisms/governance/tally.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings } from "../../../models/gpu-network/world.ts"
import { Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const rule = { quorum: 0.1, approval: 0.5 }
const cand = (slot: number, power: number, votesNo: boolean, priceUsd: number): BribeCandidate => ({ stream: 0, slot, power, votesNo, priceUsd })

describe("vote buying (models/mechanisms/governance/bribes.ts)", () => {
  it("prices a vote at the voter's loss plus the premium, never below the premium", () => {
    expect(askUsd(1000, 2, 500, 0.1)).toBe(2050)
    expect(askUsd(-1000, 2, 500, 0.1)).toBe(50)
  })

  it("buys in order of price per vote swung until the ballot passes", () => {
    // 100 power, 10 yes and 20 no cast: turning a no counts twice.
    const base = { yes: 10, no: 20, total: 100 }
    const plan = cheapestBribes(base, [cand(0, 10, false, 10), cand(1, 10, true, 15), cand(2, 5, false, 1)], rule)
    // Per vote swung: slot 2 0.2, slot 1 0.75, slot 0 1. After slot 2: 15 vs 20; after slot 1: 25 vs 10, passes.
    expect(plan.bought.map((c) => c.slot)).toEqual([2, 1])
    expect(plan.costUsd).toBe(16)
    expect(plan.votesBought).toBe(15)
    expect(bribeProfitUsd(plan, 100, 1)).toBe(84)
    expect(cheapestBribes({ yes: 30, no: 0, total: 100 }, [cand(0, 10, false, 10)], rule)).toEqual({ bought: [], costUsd: 0, votesBought: 0 })
    expect(cheapestBribes({ yes: 0, no: 60, total: 100 }, [cand(0, 10, true, 1)], rule).costUsd).toBeNaN()
  })

  it("whatever it buys carries the vote, and it buys nothing when no set can (property)", () => {
    const arb = fc.array(fc.record({ power: fc.double({ min: 0, max: 50, noNaN: true }), votesNo: fc.boolean(), price: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 30 })
    fc.assert(
      fc.property(arb, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (cs, yes, no) => {
        const candidates = cs.map((c, i) => cand(i, c.power, c.votesNo, c.price))
        const base = { yes, no: no + candidates.filter((c) => c.votesNo).reduce((a, c) => a + c.power, 0), total: 1000 }
        const plan = cheapestBribes(base, candidates, rule)
        if (Number.isNaN(plan.costUsd)) {
          const all = { ...base, yes: base.yes + candidates.reduce((a, c) => a + c.power, 0), no: base.no - candidates.filter((c) => c.votesNo).reduce((a, c) => a + c.power, 0) }
          expect(ballotPasses(all, rule)).toBe(false)
        } else {
          const b = { ...base }
          for (const c of plan.bought) {
            b.yes += c.power
            if (c.votesNo) b.no -= c.power
          }
          expect(ballotPasses(b, rule)).toBe(true)
          expect(plan.costUsd).toBeCloseTo(plan.bought.reduce((a, c) => a + c.priceUsd, 0), 9)
        }
      })
    )
  })
})

describe("an optimizing briber in the network (experiments/bribery-optimizer.yaml)", () => {
  const results = runExperimentFile("bribery-optimizer", { runs: 3 })
  const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
  const final = (run: RunResult, m: string) => series(run, m).at(-1)!
  // Raised on day 10, one day's delay, seven days of voting: counted on day 17.
  const CLOSE = 17

  it("buys the votes when they are few and cheap, and pays what it priced", () => {
    for (const run of results.get("low-turnout")!) {
      const needed = series(run, "attack.bribery.bribesNeeded")[CLOSE]!
      expect(series(run, "attack.bribery.expectedProfit")[CLOSE]!).toBeGreaterThan(0)
      expect(final(run, "attack.bribery.cost")).toBeCloseTo(needed, 6)
      expect(final(run, "attack.bribery.success")).toBe(1)
      expect(final(run, "attack.bribery.profit")).toBeGreaterThan(0)
    }
  })

  it("does not buy when turnout leaves too few votes for sale, or the premium eats the take, on the same seeds", () => {
    for (const run of results.get("high-turnout")!) {
      // No set of bribes carries the vote: nothing priced, nothing paid, the grab fails.
      expect(series(run, "attack.bribery.bribesNeeded")[CLOSE]!).toBeNaN()
      expect(final(run, "attack.bribery.cost")).toBe(0)
      expect(final(run, "attack.bribery.success")).toBe(0)
    }
    results.get("dear-votes")!.forEach((run, i) => {
      const cheap = results.get("low-turnout")![i]!
      expect(series(run, "attack.bribery.expectedProfit")[CLOSE]!).toBeLessThan(0)
      expect(series(run, "attack.bribery.bribesNeeded")[CLOSE]!).toBeGreaterThan(series(cheap, "attack.bribery.bribesNeeded")[CLOSE]!)
      expect(final(run, "attack.bribery.cost")).toBe(0)
      expect(final(run, "attack.bribery.success")).toBe(0)
    })
  })

  it("pays economic voters their loss from the grab on top of the premium that stated voters ask", () => {
    results.get("low-turnout")!.forEach((run, i) => {
      const stated = results.get("stated-voters")![i]!
      const perVote = (r: RunResult) => series(r, "attack.bribery.bribesNeeded")[CLOSE]! / series(r, "attack.bribery.votesBought")[CLOSE]!
      expect(perVote(stated)).toBeCloseTo(0.05, 9)
      expect(perVote(run)).toBeGreaterThan(0.05)
    })
  })

  it("conserves tokens every epoch while it prices, buys and takes the transfer", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      operators: { count: 150 },
      validators: { count: 10 },
      governance: {
        power: "live",
        // A small network: outside holders stay home, so a few operators' votes carry it.
        quorum: 0.001,
        voters: "economic",
        turnout: { operators: 0.1, validators: 0.1, holders: 0 },
        proposals: [{ name: "grant", epoch: 2, treasuryTransfer: 5_000_000 }],
        bribery: { proposal: "grant", mode: "optimize", budgetUsd: 1e8, usdPerVote: 0.01 }
      }
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 20, seed: 3 })
    while (st.step()) {
      expect(gpuNetwork.invariants(st.world)).toEqual([])
      expect(Math.abs(totalHoldings(st.world) - st.world.ledger.supply)).toBeLessThanOrEqual(1e-9 * st.world.ledger.supply)
    }
    expect(st.world.governance.bribeCost).toBeGreaterThan(0)
    expect(st.world.governance.bribeSucceeded).toBe(true)
  })
})
