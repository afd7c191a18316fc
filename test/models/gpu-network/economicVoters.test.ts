/**
 * Voters from their economics (issue 16 test 3): an emission cut with no stated support passes
 * when holders hold the majority of the votes and fails when operators hold enough of them
 * (experiments/economic-voters.yaml); each voter's support follows the library's formula from
 * its own position; the same seed gives the same votes.
 */
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { netGain, priced, supportFrom } from "../../../models/mechanisms/governance/economicVote.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { economicSupport, proposalEffect } from "../../../models/gpu-network/systems/governance/economics.ts"
import type { GpuWorld } from "../../../models/gpu-network/world.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { ROOT } from "../../support/cli.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const last = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!.at(-1)!

describe("the economic vote (models/mechanisms/governance/economicVote.ts)", () => {
  const cut = { operatorPoolDelta: -175_000, validatorPoolDelta: -50_000, transfer: 0 }

  it("a pure holder backs an emission cut and opposes an increase or a treasury transfer", () => {
    expect(supportFrom(netGain(cut, 0, 1e6, 1e9, 30))).toBe(1)
    expect(supportFrom(netGain({ ...cut, operatorPoolDelta: 175_000 }, 0, 1e6, 1e9, 30))).toBe(0)
    expect(supportFrom(netGain({ operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 5e7 }, 0, 1e6, 1e9, 30))).toBe(0)
  })

  it("an operator opposes the cut when its lost rewards exceed its holdings' saved dilution, and backs it otherwise", () => {
    // 1% of the operators' emission (1,750 tokens a day) against 1% of the supply: 30 x (-1,750) + 1e7 x 30 x 225,000 / 1e9.
    expect(netGain(cut, -1_750, 1e7, 1e9, 30)).toBeCloseTo(-52_500 + 67_500, 6)
    expect(supportFrom(netGain(cut, -1_750, 1e7, 1e9, 30))).toBe(1)
    expect(supportFrom(netGain(cut, -1_750, 1e6, 1e9, 30))).toBe(0)
    // No stake in the outcome: the status quo.
    expect(supportFrom(netGain({ operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 }, 0, 1e6, 1e9, 30))).toBe(0)
    expect(priced({ operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 })).toBe(false)
  })

  it("prices a gpu-network proposal from the parameters it changes and gives each voter its own support", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({ operators: { count: 50 }, validators: { count: 10 }, governance: { voters: "economic" } })
    simulate(gpuNetwork, params, {
      epochs: 3,
      seed: 5,
      onEpoch: (w: GpuWorld) => {
        if (w.epoch !== 2) return
        const e = proposalEffect(w, params, { "token.emission.perEpoch": 250_000 }, 0)
        expect(e.operatorPoolDelta).toBeCloseTo(-250_000 * 0.7, 6)
        expect(e.validatorPoolDelta).toBeCloseTo(-250_000 * 0.2, 6)
        const split = proposalEffect(w, params, { "token.operatorShare": 0.8, "token.validatorShare": 0.1 }, 0)
        expect(split.operatorPoolDelta).toBeCloseTo(50_000, 6)
        expect(split.validatorPoolDelta).toBeCloseTo(-50_000, 6)
        const s = economicSupport(w, params, e)
        expect(s.holders).toBe(1)
        // Each operator's support is the formula at its own served share and holdings.
        const ops = w.operators
        let served = 0
        for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) served += ops.cols.served[i]!
        for (let i = 0; i < ops.size; i++) {
          if (ops.alive[i] !== 1) continue
          const mine = netGain(e, e.operatorPoolDelta * (ops.cols.served[i]! / served), ops.cols.stake[i]! + ops.cols.balance[i]!, w.ledger.supply, 30)
          expect(s.operators[i]).toBe(mine > 0 ? 1 : 0)
        }
      }
    })
  })
})

describe("holders against operators (experiments/economic-voters.yaml)", () => {
  const text = readFileSync(`${ROOT}experiments/economic-voters.yaml`, "utf8")
  const results = runExperimentFile("economic-voters", { runs: 4 })

  it("states no preference: the proposal has no support and voters are economic", () => {
    expect(text).not.toMatch(/^\s*support:/m)
    expect(text).toMatch(/voters: economic/)
  })

  it("passes the emission cut when holders hold the majority of the votes", () => {
    for (const run of results.get("holders-majority")!) {
      expect(last(run, "gov.proposalsExecuted")).toBe(1)
      expect(last(run, "gov.support.holders")).toBe(1)
      expect(last(run, "gov.support.operators")).toBeLessThan(0.5)
      expect(last(run, "emission")).toBe(250_000)
    }
  })

  it("fails it when operators hold enough of the votes, with the same voters' rules", () => {
    for (const run of results.get("operators-hold")!) {
      expect(last(run, "gov.proposalsPassed")).toBe(0)
      expect(last(run, "gov.support.operators")).toBeLessThan(0.5)
      expect(last(run, "gov.yesShare")).toBeLessThan(0.5)
      expect(last(run, "emission")).toBe(500_000)
    }
  })

  it("gives the same votes for the same seed", () => {
    const again = runExperimentFile("economic-voters", { runs: 4 })
    for (const v of ["holders-majority", "operators-hold"]) {
      results.get(v)!.forEach((run, i) => {
        const other = again.get(v)![i]!
        for (const m of ["gov.yesShare", "gov.turnout", "gov.support.operators", "price"]) expect(Array.from(other.series[other.metrics.indexOf(m)]!)).toEqual(Array.from(run.series[run.metrics.indexOf(m)]!))
      })
    }
  })
})
