/**
 * Emission and slashing rules selected from the experiment file act in the running model as
 * the library computes them, and a hostile expression is rejected when the file is checked.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings, type GpuWorld } from "../../../models/gpu-network/world.ts"
import { halvingByIssuance } from "../../../models/mechanisms/emission/otherRules.ts"
import { vestedAmount } from "../../../models/mechanisms/emission/vesting.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../../src/experiment/Errors.ts"

const run = (raw: unknown, epochs = 60, seed = 1): RunResult => simulate(gpuNetwork, Schema.decodeUnknownSync(gpuNetwork.params)(raw), { epochs, seed })
const series = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]!

describe("emission rules from the experiment file", () => {
  it("halving-by-issuance follows the library and never passes its cap", () => {
    const r = run({ token: { emission: { kind: "halving-by-issuance", perEpoch: 1_000_000, cap: 5_000_000 } } }, 40)
    let issued = 0
    for (const e of series(r, "emission")) {
      expect(e).toBe(halvingByIssuance(1_000_000, issued, 5_000_000))
      issued += e
    }
    expect(issued).toBeLessThanOrEqual(5_000_000)
    expect(issued).toBeGreaterThan(4_900_000)
  })

  it("ideal-staking-curve pays maxInflation of the supply per year in total, stakers' share by the curve", () => {
    const r = run({ token: { emission: { kind: "ideal-staking-curve", maxInflation: 0.1 } } }, 5)
    const supply = series(r, "supply")
    // Epoch 0 mints 0.1 / 365 of the initial supply, whatever the split.
    expect(series(r, "emission")[0]).toBeCloseTo((0.1 / 365) * 1_000_000_000, 3)
    expect(supply[0]).toBeCloseTo(1_000_000_000 * (1 + 0.1 / 365), 0)
  })

  it("bonded-ratio-controller raises inflation toward the max while the bonded ratio is under the goal", () => {
    const r = run({ token: { emission: { kind: "bonded-ratio-controller", initialInflation: 0.13 } } }, 400)
    const infl = series(r, "inflationAnnualized")
    expect(series(r, "stakedRatio")[399]).toBeLessThan(0.67)
    // Annual inflation climbs 0.13 a year at most (0.13 x (1 - 0.2/0.67) here), capped at 20%.
    expect(infl[399]!).toBeGreaterThan(infl[0]!)
    expect(infl[399]!).toBeLessThanOrEqual(0.2 * 1.01)
  })

  it("expression evaluates the designer's formula each epoch", () => {
    const r = run({ token: { emission: { kind: "expression", expression: "1000 * (epoch + 1)" } } }, 10)
    expect(Array.from(series(r, "emission"))).toEqual(Array.from({ length: 10 }, (_, e) => 1000 * (e + 1)))
    const negative = run({ token: { emission: { kind: "expression", expression: "-5" } } }, 3)
    expect(Array.from(series(negative, "emission"))).toEqual([0, 0, 0])
  })

  it("rejects a hostile or broken expression when the experiment is checked, naming the field", () => {
    for (const [expr, message] of [
      ['import({}, {})', /function import is not allowed/],
      ["f(x) = x", /functionassignment expressions are not allowed/],
      ["a = 1", /assignment expressions are not allowed/],
      ["supply.constructor", /accessor expressions are not allowed/],
      ["evaluate(1)", /function evaluate is not allowed/],
      ["supply * frobnicate", /unknown variable "frobnicate"; known: epoch, supply/]
    ] as const) {
      const r = decodeExperiment("x.yaml", `name: t\nparams:\n  token:\n    emission:\n      kind: expression\n      expression: "${expr}"\n`)
      if (Either.isRight(r)) throw new Error(`accepted ${expr}`)
      const issues = (r.left as ExperimentInvalid).issues
      expect(issues[0]!.path).toBe("params.token.emission.expression")
      expect(issues[0]!.message).toMatch(message)
    }
  })
})

describe("vesting from the experiment file", () => {
  it("unlocks nothing before the cliff, what vested at the cliff, then linearly, and all by the end", () => {
    expect([vestedAmount(1200, 3, 12, 2), vestedAmount(1200, 3, 12, 3), vestedAmount(1200, 3, 12, 6), vestedAmount(1200, 3, 12, 12), vestedAmount(1200, 3, 12, 99)]).toEqual([0, 300, 600, 1200, 1200])
    const r = run({ token: { vesting: [{ name: "team", tokens: 12_000_000, cliffEpochs: 10, vestingEpochs: 40, sellFraction: 0.5 }] } }, 50)
    const unlocked = Array.from(series(r, "unlocked"))
    expect(unlocked.slice(0, 9).every((x) => x === 0)).toBe(true)
    expect(unlocked[9]).toBeCloseTo(12_000_000 * (10 / 40), 3) // the cliff: epochs 0-9 vested at once
    expect(unlocked[10]).toBeCloseTo(300_000, 3)
    expect(unlocked.reduce((a, b) => a + b, 0)).toBeCloseTo(12_000_000, 3)
    expect(series(r, "locked")[49]).toBeCloseTo(0, 6)
  })
})

describe("slashing and fee burn from the experiment file", () => {
  it("jails and slashes operators offline too often, and burns what is not sent elsewhere", () => {
    const r = run({ slashing: { downtime: true, signedWindow: 10, minSignedPerWindow: 0.95 }, operators: { uptime: { min: 0.5, max: 0.9 } } }, 60)
    expect(series(r, "jailings")[59]!).toBeGreaterThan(0)
    expect(series(r, "slashedTotal")[59]!).toBeGreaterThan(0)
    expect(series(r, "burnedTotal")[59]).toBeCloseTo(series(r, "slashedTotal")[59]!, 6)
    const none = run({ operators: { uptime: { min: 0.5, max: 0.9 } } }, 60)
    expect(series(none, "jailings")[59]).toBe(0)
  })

  it("adds Ethereum's correlation penalty when many validators are slashed together", () => {
    const plain = run({ slashing: { doubleSignRate: 0.2, doubleSignFraction: 0.01 } }, 10, 7)
    const correlated = run({ slashing: { doubleSignRate: 0.2, doubleSignFraction: 0.01, correlated: true, correlationWindow: 36 } }, 10, 7)
    // Slashed stake per tombstoned validator: the correlation penalty multiplies it when many are slashed together.
    const perValidator = (r: typeof plain) => series(r, "slashedTotal")[9]! / series(r, "tombstoned")[9]!
    expect(series(plain, "tombstoned")[9]!).toBeGreaterThan(20)
    expect(series(correlated, "tombstoned")[9]!).toBeGreaterThan(20)
    expect(perValidator(correlated)).toBeGreaterThan(5 * perValidator(plain))
  })

  it("bleeds offline operators' stake in an inactivity leak only while under 2/3 of capacity is online", () => {
    const leaking = run({ slashing: { inactivityLeak: true }, operators: { uptime: { min: 0.3, max: 0.6 }, arrivalsPerEpoch: 0 } }, 30)
    expect(series(leaking, "leakPenalties")[29]!).toBeGreaterThan(0)
    const healthy = run({ slashing: { inactivityLeak: true }, operators: { uptime: { min: 0.95, max: 0.999 } } }, 30)
    expect(series(healthy, "leakPenalties")[29]).toBe(0)
  })

  it("tombstones validators that double-sign", () => {
    const r = run({ slashing: { doubleSignRate: 0.05 } }, 40)
    expect(series(r, "tombstoned")[39]!).toBeGreaterThan(10)
  })

  it("conserves tokens every epoch under every emission rule, slashing, fee burn and any griefing, sybil and cartel attacks", () => {
    const emissionArb = fc.oneof(
      fc.record({ kind: fc.constant("fixed"), perEpoch: fc.double({ min: 0, max: 2e6, noNaN: true }) }),
      fc.record({ kind: fc.constant("exponential-decay"), perEpoch: fc.double({ min: 0, max: 2e6, noNaN: true }), halfLife: fc.double({ min: 1, max: 500, noNaN: true }) }),
      fc.record({ kind: fc.constant("halving-by-issuance"), perEpoch: fc.double({ min: 0, max: 2e6, noNaN: true }), cap: fc.double({ min: 1, max: 1e8, noNaN: true }) }),
      fc.record({ kind: fc.constant("bonded-ratio-controller"), initialInflation: fc.double({ min: 0.07, max: 0.2, noNaN: true }) }),
      fc.record({ kind: fc.constant("ideal-staking-curve"), maxInflation: fc.double({ min: 0.03, max: 0.3, noNaN: true }) }),
      fc.record({ kind: fc.constant("sqrt-stake"), incrementTokens: fc.double({ min: 1, max: 5000, noNaN: true }) }),
      fc.record({ kind: fc.constant("expression"), expression: fc.constantFrom("0.05 * supply / epochsPerYear", "1e6 * (1 - stakedRatio)", "max(0, 1e5 - epoch * 1000)", "(issued < 1e7) * 1e6") })
    )
    // Any mix of griefing (with or without the attacker's own operators), sybil and cartel attacks.
    const REGIONS = ["americas", "europe", "asia", "oceania"]
    const window = { startEpoch: fc.integer({ min: 0, max: 30 }), durationEpochs: fc.integer({ min: 1, max: 30 }) }
    const p01 = fc.double({ min: 0, max: 1, noNaN: true })
    const attackArb = fc.oneof(
      fc
        .record({ kind: fc.constant("griefing"), region: fc.integer({ min: 0, max: 3 }), offlineShare: p01, ownOperators: fc.integer({ min: 0, max: 20 }), ownCapacity: fc.double({ min: 0.1, max: 50, noNaN: true }), ...window })
        .map(({ region, ...a }) => ({ ...a, region: REGIONS[region]!, ownRegion: REGIONS[(region + 1) % 4]! })),
      fc.record({
        kind: fc.constant("sybil"),
        region: fc.constantFrom("", "asia"),
        identities: fc.integer({ min: 1, max: 300 }),
        capacityPerIdentity: fc.double({ min: 0.01, max: 20, noNaN: true }),
        fakeWork: fc.boolean(),
        detectionPerEpoch: p01,
        slashOnDetection: p01,
        linkOnDetection: p01,
        ...window
      }),
      fc.record({ kind: fc.constant("cartel"), stakeShare: p01, cut: p01, detectionPerEpoch: p01, slashOnDetection: p01, ...window })
    )
    const attacksArb = fc.array(attackArb, { maxLength: 3 }).map((xs) => xs.map((a, i) => ({ ...a, name: `a${i}` })))
    fc.assert(
      fc.property(
        emissionArb,
        fc.record({
          downtime: fc.boolean(),
          signedWindow: fc.integer({ min: 2, max: 30 }),
          minSignedPerWindow: fc.double({ min: 0, max: 1, noNaN: true }),
          doubleSignRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
          correlated: fc.boolean(),
          inactivityLeak: fc.boolean(),
          toTreasury: fc.double({ min: 0, max: 0.5, noNaN: true }),
          toWhistleblower: fc.double({ min: 0, max: 0.5, noNaN: true })
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        attacksArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0, 2_000, 50_000),
        (emission, slashing, feeBurn, seed, attacks, perOperatorShare, minStake) => {
          const vesting = [{ name: "team", tokens: 5e7, cliffEpochs: seed % 20, vestingEpochs: 10 + (seed % 40), sellFraction: 0.5 }]
          const params = Schema.decodeUnknownSync(gpuNetwork.params)({ token: { emission, feeBurn, vesting, perOperatorShare }, slashing, operators: { initial: 150, uptime: { min: 0.6, max: 0.99 }, minStake }, validators: { initial: 20 }, attacks })
          simulate(gpuNetwork, params, {
            epochs: 50,
            seed,
            onEpoch: (w: GpuWorld) => {
              expect(gpuNetwork.invariants(w)).toEqual([])
              expect(w.flows.emission).toBeGreaterThanOrEqual(0)
              const l = w.ledger
              expect(Math.abs(totalHoldings(w) - l.supply)).toBeLessThanOrEqual(1e-9 * l.supply)
            }
          })
        }
      ),
      { numRuns: 40 }
    )
  })
})
