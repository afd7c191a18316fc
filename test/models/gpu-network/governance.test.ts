/**
 * Governance inside gpu-network: proposals that change parameters while the network runs
 * (experiments/governance-emission-cut.yaml), agents raising their own
 * (experiments/operators-raise-emission.yaml), vote bribery (experiments/vote-bribery.yaml);
 * token conservation under random governance; bad proposals refused at decode time.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings, type GpuWorld } from "../../../models/gpu-network/world.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../../src/experiment/Errors.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const runAll = (name: string, runs: number) => runExperimentFile(name, { runs })
const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
const last = (run: RunResult, m: string) => series(run, m).at(-1)!

describe("a scheduled proposal changes emission mid-run (experiments/governance-emission-cut.yaml)", () => {
  const results = runAll("governance-emission-cut", 3)

  it("misses quorum when holders are apathetic: nothing changes", () => {
    for (const run of results.get("apathy")!) {
      expect(last(run, "gov.proposalsPassed")).toBe(0)
      expect(last(run, "gov.turnout")).toBeLessThan(0.15)
      expect(Array.from(series(run, "emission")).every((e) => e === 500_000)).toBe(true)
    }
  })

  it("passes with delegation and halves emission from the epoch after the timelock", () => {
    results.get("delegated")!.forEach((run, i) => {
      expect(last(run, "gov.proposalsExecuted")).toBe(1)
      expect(last(run, "gov.turnout")).toBeGreaterThan(0.15)
      // Raised at 30, votes 31-37 (closes at 37), timelock 2: executes at 39, applies from 40.
      const e = series(run, "emission")
      expect([e[39], e[40], e.at(-1)]).toEqual([500_000, 250_000, 250_000])
      // Same seeds: identical to the apathy run until the vote closes.
      const other = results.get("apathy")![i]!
      expect(Array.from(series(run, "activeOperators").subarray(0, 37))).toEqual(Array.from(series(other, "activeOperators").subarray(0, 37)))
    })
  })
})

describe("operators raise their own proposal (experiments/operators-raise-emission.yaml)", () => {
  const results = runAll("operators-raise-emission", 4)

  it("passes when holders are apathetic and fails when they turn out", () => {
    const raised = (runs: Array<RunResult>) => runs.filter((r) => last(r, "gov.proposalsRaised") > 0)
    const apathetic = raised(results.get("apathetic-holders")!)
    expect(apathetic.length).toBeGreaterThan(0)
    for (const run of apathetic) {
      expect(last(run, "gov.proposalsPassed")).toBeGreaterThan(0)
      expect(Math.max(...series(run, "emission"))).toBe(750_000)
    }
    for (const run of raised(results.get("engaged-holders")!)) {
      expect(last(run, "gov.proposalsPassed")).toBe(0)
      expect(last(run, "emission")).toBe(500_000)
    }
  })
})

describe("vote bribery (experiments/vote-bribery.yaml)", () => {
  const results = runAll("vote-bribery", 3)

  it("buys a treasury grab at low turnout, fails at high turnout or with a small budget, never spends over budget", () => {
    for (const run of results.get("low-turnout")!) {
      expect(last(run, "attack.bribery.success")).toBe(1)
      expect(last(run, "attack.bribery.profit")).toBeGreaterThan(0)
      expect(last(run, "attack.bribery.cost")).toBeLessThanOrEqual(3_000_000)
    }
    results.get("high-turnout")!.forEach((run, i) => {
      expect(last(run, "attack.bribery.success")).toBe(0)
      expect(last(run, "attack.bribery.profit")).toBe(-last(run, "attack.bribery.cost"))
      expect(last(run, "treasury") - last(results.get("low-turnout")![i]!, "treasury")).toBeCloseTo(20_000_000, -3)
    })
    for (const run of results.get("small-budget")!) {
      expect(last(run, "attack.bribery.success")).toBe(0)
      expect(last(run, "attack.bribery.cost")).toBeLessThanOrEqual(200_000)
    }
  })
})

describe("sybil voting against quadratic voting (experiments/sybil-quadratic.yaml)", () => {
  const results = runAll("sybil-quadratic", 3)

  it("splitting tokens over identities wins a quadratic vote, not a token-weighted one, and an identity check stops it", () => {
    for (const run of results.get("one-identity")!) expect(last(run, "attack.sybil.success")).toBe(0)
    for (const run of results.get("sybil-20000")!) {
      expect(last(run, "attack.sybil.success")).toBe(1)
      expect(last(run, "attack.sybil.profit")).toBeGreaterThan(0)
    }
    for (const run of results.get("sybil-20000-token-weighted")!) expect(last(run, "attack.sybil.success")).toBe(0)
    for (const run of results.get("sybil-20000-identity-check")!) {
      expect(last(run, "attack.sybil.success")).toBe(0)
      expect(last(run, "attack.sybil.caught")).toBeGreaterThan(0.85 * 20_000)
      expect(last(run, "attack.sybil.detectedEpoch")).toBeGreaterThan(5)
    }
    // Quadratic: n identities of T/n tokens count sqrt(n) times one identity of T.
    const yes = (label: string) => last(results.get(label)![0]!, "gov.yesShare")
    expect(yes("sybil-20000")).toBeGreaterThan(3 * yes("one-identity"))
  })
})

describe("governance inputs and invariants", () => {
  const issues = (yaml: string) => {
    const d = decodeExperiment("bad.yaml", yaml)
    return Either.isLeft(d) ? (d.left as ExperimentInvalid).issues.map((i) => `${i.path}: ${i.message}`) : []
  }

  it("refuses a change to an unknown parameter and a bribery target that is not a proposal", () => {
    expect(issues("name: t\nparams:\n  governance:\n    proposals:\n      - { name: p, changes: { token.emission.perEpohc: 1 } }\n")[0]).toMatch(/params.governance.proposals\[0\].changes\["token.emission.perEpohc"\]: Expected the path of a numeric parameter/)
    expect(issues("name: t\nparams:\n  governance:\n    bribery: { proposal: nope }\n")[0]).toMatch(/params.governance.bribery.proposal: Expected the name of a proposal in governance.proposals, got "nope"/)
  })

  it("a proposal can change governance itself: after raising the quorum, the next proposal fails", () => {
    const run = (first: boolean) =>
      simulate(
        gpuNetwork,
        Schema.decodeUnknownSync(gpuNetwork.params)({
          operators: { initial: 150 },
          validators: { initial: 20 },
          governance: {
            delegation: 0.5,
            proposals: [
              ...(first ? [{ name: "raise-quorum", epoch: 2, changes: { "governance.quorum": 0.9 }, support: { operators: 1, validators: 1, holders: 1 } }] : []),
              { name: "cut", epoch: 20, changes: { "token.emission.perEpoch": 100_000 }, support: { operators: 1, validators: 1, holders: 1 } }
            ]
          }
        }),
        { epochs: 40, seed: 3 }
      )
    expect(last(run(false), "emission")).toBe(100_000)
    const both = run(true)
    expect(last(both, "gov.proposalsPassed")).toBe(1)
    expect(last(both, "emission")).toBe(500_000)
  })

  it("conserves tokens every epoch whatever proposals, votes and bribes do", () => {
    fc.assert(
      fc.property(
        fc.record({
          power: fc.constantFrom("snapshot" as const, "live" as const),
          rule: fc.constantFrom("token-weighted" as const, "quadratic" as const),
          delegation: fc.double({ min: 0, max: 1, noNaN: true }),
          quorum: fc.double({ min: 0, max: 0.5, noNaN: true }),
          timelock: fc.nat(5),
          votingPeriod: fc.integer({ min: 1, max: 6 }),
          transfer: fc.double({ min: 0, max: 2e8, noNaN: true }),
          perEpoch: fc.double({ min: 0, max: 2e6, noNaN: true }),
          budget: fc.double({ min: 0, max: 1e7, noNaN: true }),
          agents: fc.boolean()
        }),
        fc.nat(),
        (g, seed) => {
          const params = Schema.decodeUnknownSync(gpuNetwork.params)({
            operators: { initial: 120 },
            validators: { initial: 15 },
            governance: {
              power: g.power,
              rule: g.rule,
              delegation: g.delegation,
              quorum: g.quorum,
              timelock: g.timelock,
              votingPeriod: g.votingPeriod,
              proposals: [{ name: "p", epoch: seed % 10, changes: { "token.emission.perEpoch": g.perEpoch, "slashing.downtimeFraction": 0.5 }, treasuryTransfer: g.transfer, support: { operators: 0.9, validators: 0.9, holders: 0.9 } }],
              bribery: { proposal: "p", budgetUsd: g.budget },
              sybil: { proposal: "p", tokens: g.budget * 10, identities: 1 + (seed % 500), detection: (seed % 7) / 7 },
              agentProposals: { enabled: g.agents, afterEpochs: 1, cooldown: 5 }
            }
          })
          simulate(gpuNetwork, params, {
            epochs: 30,
            seed,
            onEpoch: (w: GpuWorld) => {
              expect(gpuNetwork.invariants(w)).toEqual([])
              expect(Math.abs(totalHoldings(w) - w.ledger.supply)).toBeLessThanOrEqual(1e-9 * w.ledger.supply)
              expect(w.treasury).toBeGreaterThanOrEqual(0)
            }
          })
        }
      ),
      { numRuns: 30 }
    )
  })
})
