/**
 * The data inputs models read: a holder distribution (governance-capture's holders.balances)
 * gives each holder's voting power, a demand series (gpu-network's demand.series) sets the fee
 * base epoch by epoch; each data-file problem (missing file, missing column, a value the model
 * refuses) is told at the file's row and column, for these two and for gpu-network's validator
 * stake distribution (validators.initialStakes).
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { governanceCapture } from "../../models/governance-capture/index.ts"
import type { GovWorld } from "../../models/governance-capture/world.ts"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { runSeed } from "../../src/experiment/Plan.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"

const last = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![r.series[0]!.length - 1]!
const metric = (r: RunResult, m: string) => Array.from(r.series[r.metrics.indexOf(m)]!)

describe("holder distribution (governance-capture holders.balances)", () => {
  const params = (raw: Record<string, unknown>) => Schema.decodeUnknownSync(governanceCapture.params)(raw)
  const balances = [600, 250, 100, 49, 1, 0]

  it("the holders are the given balances, and their sum is the honest supply", () => {
    let holders: Array<number> = []
    const r = simulate(governanceCapture, params({ holders: { balances, count: 7, supply: 1e9 }, treasury: 10, attack: { kind: "coalition", coalitionShare: 0.1 } }), {
      epochs: 1,
      seed: 1,
      onEpoch: (w) => {
        const h = (w as GovWorld).holders
        holders = Array.from({ length: h.size }, (_, i) => h.cols.balance[i]!)
      }
    })
    expect(holders).toEqual(balances)
    // coalitionShare is a share of the honest supply, the data's sum (1,000), not holders.supply.
    expect(last(r, "treasury")).toBe(10)
    const world = { attacker: 0 }
    simulate(governanceCapture, params({ holders: { balances }, attack: { kind: "coalition", coalitionShare: 0.1 } }), { epochs: 1, seed: 1, onEpoch: (w) => (world.attacker = (w as GovWorld).attacker) })
    expect(world.attacker).toBe(100)
  })

  it("each holder's balance is its voting power: every holder votes no, so no = sum of votes per holder", () => {
    const rules = [
      ["token-weighted", balances.reduce((a, b) => a + b, 0)],
      ["quadratic", balances.reduce((a, b) => a + Math.sqrt(b), 0)]
    ] as const
    for (const [rule, expected] of rules) {
      const p = params({ holders: { balances }, governance: { rule, votingDelay: 1, votingPeriod: 2, timelock: 0 }, voters: { turnout: 1, opposition: 1 }, attack: { kind: "coalition", proposeAt: 0, coalitionShare: 0.2 } })
      const r = simulate(governanceCapture, p, { epochs: 5, seed: 3 })
      expect(last(r, "noVotes")).toBeCloseTo(expected, 9)
      // The coalition (20% of the supply) is outvoted by the holders who all turned out.
      expect(last(r, "proposalPassed")).toBe(0)
    }
  })

  it("a whale that turns out decides: the same coalition passes when the whale's share stays home", () => {
    // Holder 0 holds 60%; turnout is drawn per holder, so across seeds the verdict follows the whale.
    const verdicts = new Set<number>()
    for (let seed = 1; seed <= 12; seed++) {
      const p = params({ holders: { balances: [600, ...Array.from({ length: 40 }, () => 10)] }, governance: { votingDelay: 1, votingPeriod: 2, timelock: 0, quorum: 0 }, voters: { turnout: 0.5, opposition: 1 }, attack: { kind: "coalition", proposeAt: 0, coalitionShare: 0.3 } })
      verdicts.add(last(simulate(governanceCapture, p, { epochs: 5, seed: runSeed(289, seed) }), "proposalPassed"))
    }
    expect(verdicts).toEqual(new Set([0, 1]))
  })

  it("refuses balances that hold no tokens, naming the field", () => {
    const r = Schema.decodeUnknownEither(governanceCapture.params)({ holders: { balances: [0, 0] } })
    expect(Either.isLeft(r) && String(r.left)).toMatch(/balances[\s\S]*Expected balances that sum to more than 0/)
  })
})

describe("demand series (gpu-network demand.series)", () => {
  const params = (raw: Record<string, unknown>) => Schema.decodeUnknownSync(gpuNetwork.params)(raw)
  const flat = { cycleAmplitude: 0, shockRate: 0, feeUsdPerUnit: 100 }

  it("sets the fee base epoch by epoch, then grows from its last value", () => {
    const series = [100_000, 300_000, 50_000, 200_000]
    const r = simulate(gpuNetwork, params({ demand: { ...flat, series, growthPerEpoch: 0.5 } }), { epochs: 6, seed: 2 })
    // Demand in work units is the fee base / fee per unit, the cycle and shocks switched off.
    const work = metric(r, "demandWork")
    for (let e = 0; e < 6; e++) expect(work[e]).toBeCloseTo([1000, 3000, 500, 2000, 3000, 4500][e]!, 6)
  })

  it("without a series, the run is the one it always was (the constant base with growth)", () => {
    const r = simulate(gpuNetwork, params({ demand: { ...flat, feesUsdPerEpoch: 100_000, growthPerEpoch: 0.5 } }), { epochs: 3, seed: 2 })
    expect(metric(r, "demandWork").map((w) => Math.round(w))).toEqual([1000, 1500, 2250])
  })

  it("under demand agents the series' first value sizes the users' market: it must be > 0", () => {
    const r = Schema.decodeUnknownEither(gpuNetwork.params)({ demand: { kind: "agents", series: [0, 100] } })
    expect(Either.isLeft(r) && String(r.left)).toMatch(/series[\s\S]*Expected a first value > 0 under demand.kind agents/)
    const agents = simulate(gpuNetwork, params({ demand: { ...flat, kind: "agents", series: [250_000, 250_000, 500_000, 500_000] } }), { epochs: 4, seed: 5 })
    const w = metric(agents, "demandWork")
    // The users' work doubles with the series (their own choices move it a little too).
    expect(w[3]! / w[1]!).toBeGreaterThan(1.6)
  })
})

describe("data-file problems name the file, row and column", () => {
  const cases = [
    { param: "holders.balances", model: "governance-capture", column: "balance", negative: "Expected a number >= 0, got -5" },
    { param: "demand.series", model: "gpu-network", column: "feesUsd", negative: "Expected a number >= 0, got -5" },
    { param: "validators.initialStakes", model: "gpu-network", column: "stake", negative: "Expected a number >= 0, got -5" }
  ] as const
  for (const c of cases) {
    const text = `name: t\nmodel: ${c.model}\nepochs: 5\ndata:\n  ${c.param}: { file: in.csv, column: ${c.column} }\n`
    const issuesOf = (csv: string | undefined) => {
      const r = decodeExperiment("x.yaml", text, {}, Infinity, new Map([["in.csv", { path: "dir/in.csv", text: csv }]]))
      if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error("expected ExperimentInvalid")
      return r.left.issues
    }
    it(`${c.param}: a missing file, a missing column and a negative value`, () => {
      expect(issuesOf(undefined)).toEqual([expect.objectContaining({ path: `data["${c.param}"].file`, message: "cannot read data file dir/in.csv: no such file", line: 5 })])
      expect(issuesOf("id,other\na,1\n")[0]!.message).toBe(`dir/in.csv:1:1: ${c.column}: Expected a column "${c.column}"; the header has "id", "other"`)
      const neg = issuesOf(`# provenance\nid,${c.column}\na,10\nb,-5\n`)
      expect(neg).toHaveLength(1)
      expect(neg[0]!.path).toBe(`data["${c.param}"]`)
      expect(neg[0]!.message).toMatch(new RegExp(`^dir/in\\.csv:4:2: ${c.column}: ${c.negative}`))
    })
    it(`${c.param}: the column's values, in row order`, () => {
      const r = decodeExperiment("x.yaml", text, {}, Infinity, new Map([["in.csv", { path: "dir/in.csv", text: `id,${c.column}\na,10\nb,0\nc,2.5\n` }]]))
      if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
      const [section, field] = c.param.split(".") as [string, string]
      expect((r.right.scenarios[0]!.params as Record<string, Record<string, unknown>>)[section]![field]).toEqual([10, 0, 2.5])
    })
  }
})
