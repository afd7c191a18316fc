/**
 * Governance capture scenarios from experiments/, checked on their outcomes:
 * Beanstalk-like flash-loan capture succeeds against live power and fails against snapshot power
 * or a timelock; a Compound-289-like coalition passes a treasury grab at ~52% of votes cast when
 * turnout is low and fails when it is high.
 */
import fc from "fast-check"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { governanceCapture } from "../../models/governance-capture/index.ts"
import type { GovWorld } from "../../models/governance-capture/runtime.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { runExperimentFile } from "../support/experiments.ts"

const runAll = (name: string) => runExperimentFile(name)
const final = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![r.series[0]!.length - 1]!
const share = (runs: ReadonlyArray<RunResult>, m: string) => runs.filter((r) => final(r, m) === 1).length / runs.length

describe("Beanstalk-like flash-loan capture (experiments/beanstalk-capture.yaml)", () => {
  const results = runAll("beanstalk-capture")

  it("succeeds against live voting power: ~79% of the votes, treasury drained, profit = treasury - loan fee", () => {
    for (const r of results.get("live-power")!) {
      expect(final(r, "attack.capture.success")).toBe(1)
      expect(final(r, "treasury")).toBe(0)
      expect(final(r, "yesShare")).toBeGreaterThan(0.75)
      expect(final(r, "attack.capture.profit")).toBeGreaterThan(79_000_000)
      expect(final(r, "attack.capture.profit")).toBeLessThan(80_000_000)
      expect(final(r, "attack.capture.detectedEpoch")).toBe(1)
    }
  })

  it("fails against snapshot voting power and against a timelock, costing the loan fee", () => {
    for (const variant of ["snapshot-power", "with-timelock"]) {
      for (const r of results.get(variant)!) {
        expect(final(r, "attack.capture.success")).toBe(0)
        expect(final(r, "treasury")).toBe(80_000_000)
        expect(final(r, "attack.capture.profit")).toBeLessThan(0)
        expect(final(r, "attack.capture.profit")).toBe(-final(r, "attack.capture.cost"))
      }
    }
  })
})

describe("Compound-289-like coalition (experiments/compound-289.yaml)", () => {
  const results = runAll("compound-289")

  it("passes the treasury grab at about 52% of votes cast when turnout is low", () => {
    const low = results.get("low-turnout")!
    expect(share(low, "attack.capture.success")).toBeGreaterThanOrEqual(0.5)
    const shares = low.map((r) => final(r, "yesShare")).sort((a, b) => a - b)
    const median = shares[Math.floor(shares.length / 2)]!
    expect(median).toBeGreaterThan(0.5)
    expect(median).toBeLessThan(0.6)
    for (const r of low.filter((x) => final(x, "attack.capture.success") === 1)) expect(final(r, "treasury")).toBe(0)
  })

  it("fails when turnout is high", () => {
    const high = results.get("high-turnout")!
    expect(share(high, "attack.capture.success")).toBe(0)
    for (const r of high) expect(final(r, "yesShare")).toBeLessThan(0.5)
  })
})

describe("accumulation capture on a finite market (experiments/whale-accumulation.yaml)", () => {
  const results = runAll("whale-accumulation")

  it("pays the constant-product premium over spot as its cost: a deep market's grab pays, a thin one's loses even when it passes", () => {
    const q = 550_000
    const premium = (depth: number) => ((depth * q) / (depth - q)) * 1.003 - q
    const deep = results.get("deep-market")!
    const thin = results.get("thin-market")!
    expect(final(deep[0]!, "attack.capture.cost")).toBeCloseTo(premium(20_000_000), 6)
    expect(final(thin[0]!, "attack.capture.cost")).toBeCloseTo(premium(1_000_000), 6)
    expect(share(deep, "attack.capture.success")).toBeGreaterThan(0.5)
    for (const r of deep) if (final(r, "attack.capture.success") === 1) expect(final(r, "attack.capture.profit")).toBeGreaterThan(0)
    for (const r of thin) expect(final(r, "attack.capture.profit")).toBeLessThan(0)
    // Same seeds, same votes: only the cost differs.
    expect(share(thin, "attack.capture.success")).toBe(share(deep, "attack.capture.success"))
  })
})

describe("governance-capture invariants", () => {
  it("conserves tokens every epoch for any attack and governance settings", () => {
    fc.assert(
      fc.property(
        fc.record({
          governance: fc.record({ power: fc.constantFrom("snapshot" as const, "live" as const), rule: fc.constantFrom("token-weighted" as const, "quadratic" as const), timelock: fc.nat(30), emergencyEnabled: fc.boolean(), votingDelay: fc.nat(10), votingPeriod: fc.integer({ min: 1, max: 30 }) }),
          voters: fc.record({ turnout: fc.double({ min: 0, max: 1, noNaN: true }), opposition: fc.double({ min: 0, max: 1, noNaN: true }) }),
          attack: fc.record({ kind: fc.constantFrom("none" as const, "flash-loan" as const, "coalition" as const), proposeAt: fc.nat(5), voteShare: fc.double({ min: 0, max: 0.95, noNaN: true }), coalitionShare: fc.double({ min: 0, max: 1, noNaN: true }), liquidityUsd: fc.constantFrom(0, 1e6, 1e9) }),
          holders: fc.record({ count: fc.integer({ min: 1, max: 200 }) })
        }),
        fc.nat(),
        (raw, seed) => {
          const params = Schema.decodeUnknownSync(governanceCapture.params)(raw)
          simulate(governanceCapture, params, { epochs: 80, seed, onEpoch: (w: GovWorld) => expect(governanceCapture.invariants(w)).toEqual([]) })
        }
      ),
      { numRuns: 40 }
    )
  })
})

describe("governance-capture edge cases found in review", () => {
  const base = { treasury: 80_000_000, governance: { power: "live", emergencyEnabled: true, emergencySupermajority: 0.6667, emergencyAfter: 24, votingDelay: 0, votingPeriod: 168, timelock: 0 }, attack: { kind: "flash-loan", proposeAt: 1, voteShare: 0.79 } }
  const decode = (raw: unknown) => Schema.decodeEither(governanceCapture.params)(raw)
  const at = (raw: unknown, epochs: number) => {
    const r = simulate(governanceCapture, Schema.decodeUnknownSync(governanceCapture.params)(raw), {
      epochs,
      seed: 1,
      onEpoch: (w: GovWorld) => expect(governanceCapture.invariants!(w)).toEqual([])
    })
    return (m: string) => r.series[r.metrics.indexOf(m)]!
  }

  it("a timelock defeats the flash loan for good: the repaid tokens' votes do not count at the close", () => {
    const s = at({ ...base, governance: { ...base.governance, timelock: 48 } }, 250)
    expect(s("attack.capture.success").at(-1)).toBe(0)
    expect(s("treasury").at(-1)).toBe(80_000_000)
  })

  it("sizes the loan in votes under quadratic voting, so the borrowed power reaches its share", () => {
    const s = at({ ...base, governance: { ...base.governance, rule: "quadratic" } }, 30)
    expect(s("attack.capture.success").at(-1)).toBe(1)
    expect(s("yesShare")[25]!).toBeGreaterThan(0.75)
  })

  it("refuses a vote share of 1 and a world without holders", () => {
    expect(decode({ attack: { kind: "flash-loan", voteShare: 1 } })._tag).toBe("Left")
    expect(decode({ holders: { count: 0 } })._tag).toBe("Left")
  })

  it("reports the attacker's cost, not zero, while a passed grab waits out its timelock", () => {
    const raw = { holders: { supply: 10_000_000 }, treasury: 499_000, governance: { power: "snapshot", votingDelay: 48, votingPeriod: 72, timelock: 48, quorum: 0.04 }, voters: { opposition: 0.9, turnout: 0.06 }, attack: { kind: "coalition", proposeAt: 1, coalitionShare: 0.055, liquidityUsd: 1_000_000 } }
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = simulate(governanceCapture, Schema.decodeUnknownSync(governanceCapture.params)(raw), { epochs: 200, seed })
      const s = (m: string) => r.series[r.metrics.indexOf(m)]!
      // Between the close (epoch 121) and execution (169) the profit is minus what was paid.
      if (s("proposalPassed")[150] === 1) expect(s("attack.capture.profit")[150]).toBe(-s("attack.capture.cost")[150]!)
    }
  })
})

describe("flash loan sized against the liquidity there is (experiments/flash-loan-liquidity.yaml, issue 16 test 2)", () => {
  const results = runAll("flash-loan-liquidity")
  const last = (r: RunResult, m: string) => final(r, m)

  it("launches and takes the treasury when the pools can lend what the supermajority needs", () => {
    for (const variant of ["deep-pool", "pool-250M"]) {
      for (const r of results.get(variant)!) {
        expect(last(r, "attack.capture.success")).toBe(1)
        expect(last(r, "attack.capture.loanShortfall")).toBe(0)
        // It borrowed just what carries 2/3 of all power: the fee on that loan is its cost.
        expect(last(r, "attack.capture.cost")).toBeCloseTo(last(r, "attack.capture.loanNeeded") * 0.0009, 3)
        expect(last(r, "attack.capture.profit")).toBeCloseTo(last(r, "attack.capture.expectedProfit"), 3)
      }
    }
  })

  it("does not launch against live power when the pools hold less than that loan, and says why", () => {
    for (const r of results.get("pool-150M")!) {
      expect(last(r, "attack.capture.success")).toBe(0)
      expect(last(r, "attack.capture.cost")).toBe(0)
      expect(last(r, "treasury")).toBe(80_000_000)
      expect(last(r, "attack.capture.loanNeeded")).toBeGreaterThan(150_000_000)
      expect(last(r, "attack.capture.loanShortfall")).toBeCloseTo(last(r, "attack.capture.loanNeeded") - 150_000_000, 0)
      expect(last(r, "attack.capture.expectedProfit")).toBeLessThan(0)
    }
  })

  it("a scheduled attacker against the same pool borrows all it holds, falls short of 2/3 and pays the fee", () => {
    for (const r of results.get("scheduled-pool-150M")!) {
      expect(last(r, "attack.capture.success")).toBe(0)
      expect(last(r, "attack.capture.cost")).toBeCloseTo(150_000_000 * 0.0009, 6)
      expect(last(r, "attack.capture.profit")).toBeLessThan(0)
    }
  })

  it("finds no loan that carries the vote at a snapshot", () => {
    for (const r of results.get("snapshot-power")!) {
      expect(last(r, "attack.capture.success")).toBe(0)
      expect(last(r, "attack.capture.loanNeeded")).toBeNaN()
      expect(last(r, "attack.capture.cost")).toBe(0)
    }
  })

  it("keeps every token held by someone with random pools, modes and shares", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom("scheduled" as const, "optimize" as const), fc.double({ min: 0.5, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (lendable, mode, voteShare, seed) => {
        const params = Schema.decodeUnknownSync(governanceCapture.params)({
          holders: { count: 50 },
          governance: { power: "live", emergencyEnabled: true, emergencyAfter: 2, votingDelay: 0, votingPeriod: 10, timelock: 0 },
          attack: { kind: "flash-loan", proposeAt: 0, lendable, mode, voteShare }
        })
        let checked = 0
        simulate(governanceCapture, params, {
          epochs: 12,
          seed,
          onEpoch: (w: GovWorld) => {
            expect(governanceCapture.invariants(w)).toEqual([])
            expect(w.borrowed).toBe(0)
            checked++
          }
        })
        expect(checked).toBe(12)
      }),
      { numRuns: 30 }
    )
  })
})
