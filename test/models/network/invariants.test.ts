/**
 * The network's books and determinism: tokens are conserved every epoch under random
 * parameters of the work layer (its poisoner fixed or optimizing), the link, demand and a
 * treasury drain (fast-check); the check can fail; the same seed gives the same run, and the
 * CLI gives the same bytes with 1 and 2 worker threads.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { network } from "../../../models/network/index.ts"
import { totalHoldings, type NetworkWorld } from "../../../models/network/world.ts"
import { simulate } from "../../../src/engine/Simulation.ts"
import { sandbox } from "../../support/cli.ts"

const paramsArb = fc.record({
  operators: fc.record({ count: fc.integer({ min: 0, max: 200 }), sellFraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
  validators: fc.record({ count: fc.integer({ min: 0, max: 40 }) }),
  demand: fc.record({ kind: fc.constantFrom("exogenous" as const, "agents" as const), agents: fc.record({ users: fc.integer({ min: 0, max: 300 }) }) }),
  market: fc.record({ liquidityUsd: fc.double({ min: 1e5, max: 1e9, noNaN: true }), volatility: fc.double({ min: 0, max: 0.2, noNaN: true }) }),
  work: fc.record({
    contributors: fc.record({
      count: fc.integer({ min: 1, max: 60 }),
      poisonedShare: fc.oneof(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      bond: fc.double({ min: 0, max: 10_000, noNaN: true })
    }),
    validators: fc.record({
      count: fc.integer({ min: 1, max: 12 }),
      lazyShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
      colludingShare: fc.double({ min: 0, max: 0.5, noNaN: true })
    }),
    verification: fc.record({
      strategy: fc.constantFrom("none" as const, "spot-check" as const, "redundant" as const, "yuma" as const),
      // Rare checks often, so an optimizing poisoner launches in many runs.
      rate: fc.oneof(fc.double({ min: 0, max: 0.01, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      slashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      auditRate: fc.double({ min: 0, max: 0.5, noNaN: true })
    }),
    emissionPerEpoch: fc.double({ min: 0, max: 1e6, noNaN: true }),
    // The poisoner as a fixed type or an optimizer (issue 16; optimize is refused under yuma).
    poisoning: fc.record({ mode: fc.constantFrom("scheduled" as const, "optimize" as const), startEpoch: fc.nat(10), externalGainUsd: fc.constantFrom(0, 100, 1e6) })
  }),
  link: fc.record({
    foundShare: fc.double({ min: 0, max: 1, noNaN: true }),
    exogenousPenalty: fc.double({ min: 0, max: 10, noNaN: true }),
    workSellFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    drainSoldShare: fc.double({ min: 0, max: 1, noNaN: true })
  }),
  drain: fc.option(fc.record({ epoch: fc.nat(20), treasuryTransfer: fc.integer({ min: 1, max: 200_000_000 }) }), { nil: undefined })
})

const decode = ({ drain, ...raw }: typeof paramsArb extends fc.Arbitrary<infer T> ? T : never) =>
  Schema.decodeUnknownSync(network.params)({
    ...raw,
    work: { ...raw.work, poisoning: raw.work.verification.strategy === "yuma" ? { ...raw.work.poisoning, mode: "scheduled" } : raw.work.poisoning },
    ...(drain === undefined
      ? {}
      : { governance: { quorum: 0, approval: 0, votingDelay: 0, votingPeriod: 1, timelock: 0, proposals: [{ name: "drain", epoch: drain.epoch, treasuryTransfer: drain.treasuryTransfer, support: { operators: 1, validators: 1, holders: 1 } }] } })
  })

describe("network invariants", () => {
  it("conserves tokens (every holder, the work layer's included) and keeps balances non-negative every epoch, for any parameters, the poisoner fixed or optimizing", () => {
    fc.assert(
      fc.property(paramsArb, fc.nat(), fc.integer({ min: 1, max: 40 }), (raw, seed, epochs) => {
        const params = decode(raw)
        let checked = 0
        simulate(network, params, {
          epochs,
          seed,
          onEpoch: (w: NetworkWorld) => {
            expect(network.invariants(w)).toEqual([])
            const l = w.ledger
            expect(Math.abs(totalHoldings(w) - l.supply)).toBeLessThanOrEqual(1e-9 * Math.max(1, l.supply))
            checked++
          }
        })
        expect(checked).toBe(epochs)
      }),
      { numRuns: 40 }
    )
  })

  it("flags a token that appears in the work layer (the check can fail)", () => {
    const params = Schema.decodeUnknownSync(network.params)({ operators: { count: 10 }, validators: { count: 3 } })
    simulate(network, params, {
      epochs: 1,
      seed: 1,
      onEpoch: (w: NetworkWorld) => {
        w.work.contributors.cols.balance[0] = w.work.contributors.cols.balance[0]! + 1_000
        expect(network.invariants(w).join(" ")).toMatch(/holdings .* != supply/)
      }
    })
  })

  it("is bit-identical for the same seed, and differs for another", () => {
    const params = Schema.decodeUnknownSync(network.params)({ demand: { kind: "agents" }, work: { verification: { strategy: "yuma" } } })
    const a = simulate(network, params, { epochs: 30, seed: 7 })
    const b = simulate(network, params, { epochs: 30, seed: 7 })
    const c = simulate(network, params, { epochs: 30, seed: 8 })
    expect(a.series).toEqual(b.series)
    expect(a.series).not.toEqual(c.series)
  })
})

describe("network through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "network-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("writes the same metrics with 1 and 2 worker threads", async () => {
    // 8 scenarios x 4 runs x 160 epochs: over the 5,000 run-epochs below which the Runner stays in-process.
    const args = ["run", "experiments/network.yaml", "--runs", "4", "--epochs", "160", "--format", "csv"]
    const one = await sandbox([...args, "--workers", "1", "--out", join(dir, "one")])
    expect(one.code, one.stderr).toBe(0)
    const two = await sandbox([...args, "--workers", "2", "--out", join(dir, "two")])
    expect(two.code, two.stderr).toBe(0)
    const csv = readFileSync(join(dir, "one", "metrics.csv"), "utf8")
    expect(csv).toContain("servedPoisonShare")
    expect(readFileSync(join(dir, "two", "metrics.csv"), "utf8")).toBe(csv)
  })
})
