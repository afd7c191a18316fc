/**
 * Emission and slashing rules selected from the experiment file act in the running model as
 * the library computes them, and a hostile expression is rejected when the file is checked.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import type { GpuNetworkParams } from "../../../models/gpu-network/params/params.ts"
import { totalHoldings, type GpuWorld } from "../../../models/gpu-network/world.ts"
import { halvingByIssuance } from "../../../models/mechanisms/emission/otherRules.ts"
import { vestedAmount } from "../../../models/mechanisms/emission/vesting.ts"
import { initialSlash } from "../../../models/mechanisms/slashing/ethereum.ts"
import { simulate, Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../../src/experiment/Errors.ts"
import { planRuns } from "../../../src/experiment/Plan.ts"
import { ROOT } from "../../support/cli.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const run = (raw: unknown, epochs = 60, seed = 1): RunResult => simulate(gpuNetwork, Schema.decodeUnknownSync(gpuNetwork.params)(raw), { epochs, seed })
const series = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]!
/** The gpu-network parameters of an experiment file's text (its first scenario). */
const paramsOf = (yaml: string, file = "x.yaml") => {
  const r = decodeExperiment(file, yaml)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const spec = planRuns(r.right)[0]!
  return { seed: spec.seed, params: spec.params as GpuNetworkParams }
}

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

  it("exponential-decay halves every halfLife epochs", () => {
    const e = series(run({ token: { emission: { kind: "exponential-decay", perEpoch: 1000, halfLife: 10 } } }, 21), "emission")
    expect([e[0], e[10], e[20]]).toEqual([1000, 500, 250])
    expect(e[5]).toBeCloseTo(1000 / Math.SQRT2, 9)
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

  it("fee burn burns its share of the fees users pay, which a zero-burn run keeps", () => {
    const zero = run({ token: { feeBurn: 0 } }, 30, 3)
    expect(Array.from(series(zero, "burnedTotal")).every((x) => x === 0)).toBe(true)
    let expected = 0
    const burning = simulate(gpuNetwork, Schema.decodeUnknownSync(gpuNetwork.params)({ token: { feeBurn: 0.6 } }), {
      epochs: 30,
      seed: 3,
      onEpoch: (w: GpuWorld) => {
        // Users bought feesUsd / price tokens this epoch; 60% of them left the supply.
        expected += (w.flows.feesUsd / w.price) * 0.6
        expect(w.ledger.burned).toBeCloseTo(expected, 6)
        expect(gpuNetwork.invariants(w)).toEqual([])
      }
    })
    const burned = series(burning, "burnedTotal")
    expect(burned[29]).toBeCloseTo(expected, 6)
    expect(burned[29]!).toBeGreaterThan(0)
    // Epoch 0 is the same market in both runs until the burn: the burn is 60% of the zero-burn run's fee tokens.
    expect(burned[0]).toBeCloseTo((series(zero, "feesUsd")[0]! / series(zero, "price")[0]!) * 0.6, 6)
    expect(series(burning, "supply")[29]!).toBeLessThan(series(zero, "supply")[29]!)
  })

  it("sends slashed stake to the treasury instead of burning it with toTreasury 1", () => {
    const base = { slashing: { downtime: true, signedWindow: 10, minSignedPerWindow: 0.95 }, operators: { uptime: { min: 0.5, max: 0.9 } } }
    const burnt = run(base, 60)
    const kept = run({ ...base, slashing: { ...base.slashing, toTreasury: 1 } }, 60)
    const slashed = series(kept, "slashedTotal")
    expect(slashed[59]!).toBeGreaterThan(0)
    // Where the slash goes changes nothing else: the same operators are slashed by the same amounts.
    expect(Array.from(slashed)).toEqual(Array.from(series(burnt, "slashedTotal")))
    for (let e = 0; e < 60; e++) {
      expect(series(kept, "burnedTotal")[e]).toBe(0)
      expect(series(burnt, "burnedTotal")[e]).toBeCloseTo(slashed[e]!, 6)
      expect(series(kept, "treasury")[e]! - series(burnt, "treasury")[e]!).toBeCloseTo(slashed[e]!, 4)
      expect(series(kept, "supply")[e]! - series(burnt, "supply")[e]!).toBeCloseTo(slashed[e]!, 4)
    }
  })

  it("doubleSignRule electra from the experiment file slashes what the library's initialSlash computes, mints the whistleblower reward and pays a proposer 8/64 of it", () => {
    const spec = paramsOf(`name: electra
model: gpu-network
seed: 11
params:
  validators: { count: 40, arrivalsPerEpoch: 0, costUsd: 0 }
  slashing: { doubleSignRate: 0.04, doubleSignRule: electra }
`)
    expect(spec.params.slashing.doubleSignRule).toBe("electra")
    // No validator leaves or joins except by double signing, and stakes change only then, so a
    // slot alive last epoch and gone now was slashed with the stake it had.
    const stepper = new Stepper<GpuNetworkParams, GpuWorld>(gpuNetwork, spec.params, { epochs: 40, seed: spec.seed })
    const w = stepper.world
    const v = w.validators
    let stakes = v.cols.stake.slice()
    let alive = v.alive.slice()
    let penalties = 0
    let rewards = 0
    let proposers = 0
    let slashedValidators = 0
    while (stepper.step()) {
      for (let i = 0; i < alive.length; i++) {
        if (alive[i] !== 1 || v.alive[i] === 1) continue
        const lib = initialSlash(BigInt(Math.floor(stakes[i]!)) * 1_000_000_000n)
        penalties += Number(lib.penalty) / 1e9
        rewards += Number(lib.proposerReward) / 1e9 + Number(lib.whistleblowerReward - lib.proposerReward) / 1e9
        proposers += Number(lib.proposerReward) / 1e9
        slashedValidators++
      }
      expect(w.slashing.slashedTotal).toBe(penalties)
      expect(w.ledger.slashedBurned).toBeCloseTo(penalties, 9)
      expect(w.slashing.whistleblowerRewards).toBe(rewards)
      expect(w.slashing.proposerRewards).toBe(proposers)
      expect(w.slashing.tombstoned).toBe(slashedValidators)
      expect(gpuNetwork.invariants(w)).toEqual([])
      expect(v.count).toBeGreaterThan(0) // someone was left to propose every slashing
      stakes = v.cols.stake.slice()
      alive = v.alive.slice()
    }
    expect(slashedValidators).toBeGreaterThan(15)
    // eff // 4096 each: the penalty is 1/4096 of the stake (the 5% of the fraction rule is gone),
    // the reward as much again, the proposer's part 8/64 of it.
    expect(rewards).toBeCloseTo(penalties, 3)
    expect(proposers / rewards).toBeCloseTo(8 / 64, 6)
  })

  it("doubleSignRule electra pays Ethereum's amounts for a 32-token validator: 7,812,500 gwei penalty and reward, 976,562 to the proposer", () => {
    const spec = paramsOf(`name: electra32
model: gpu-network
params:
  validators: { count: 10, arrivalsPerEpoch: 0, costUsd: 0, stakeMedian: 32, stakeSigma: 0 }
  slashing: { doubleSignRate: 0.05, doubleSignRule: electra }
`)
    const stepper = new Stepper<GpuNetworkParams, GpuWorld>(gpuNetwork, spec.params, { epochs: 20, seed: spec.seed })
    while (stepper.step()) expect(gpuNetwork.invariants(stepper.world)).toEqual([])
    const s = stepper.world.slashing
    expect(s.tombstoned).toBeGreaterThan(3)
    expect(stepper.world.validators.count).toBeGreaterThan(0)
    // consensus-specs' numbers for a 32 ETH effective balance, per slashed validator.
    expect(s.slashedTotal).toBeCloseTo(s.tombstoned * 0.0078125, 12)
    expect(s.whistleblowerRewards).toBeCloseTo(s.tombstoned * 0.0078125, 12)
    expect(s.proposerRewards).toBeCloseTo(s.tombstoned * 0.000976562, 12)
  })

  it("the ethereum-like preset selects the Electra rule and leaks stake while its regional DoS keeps under 2/3 of capacity online, in every run", () => {
    const text = readFileSync(`${ROOT}experiments/ethereum-like.yaml`, "utf8")
    const spec = paramsOf(text, "ethereum-like.yaml")
    expect(spec.params.slashing.doubleSignRule).toBe("electra")
    // One run past the DoS, books checked every epoch.
    simulate(gpuNetwork, spec.params, { epochs: 150, seed: spec.seed, onEpoch: (w: GpuWorld) => expect(gpuNetwork.invariants(w)).toEqual([]) })
    const runs = runExperimentFile("ethereum-like", { epochs: 150 }).get("base")!
    expect(runs.length).toBe(10)
    for (const r of runs) {
      const leak = series(r, "leakPenalties")
      expect(leak[119]).toBe(0) // no leak before the DoS
      for (let e = 120; e < 134; e++) expect(leak[e]!).toBeGreaterThan(leak[e - 1]!) // all 14 days
      expect(leak[149]!).toBeGreaterThan(100_000)
      expect(leak[149]).toBe(leak[144]) // over once the DoS has ended and the scores have decayed
    }
  })

  it("charges the inactivity penalty only to offline operators, leakRoundsPerEpoch rounds an epoch", () => {
    const params = (rounds: number) => Schema.decodeUnknownSync(gpuNetwork.params)({ slashing: { inactivityLeak: true, leakRoundsPerEpoch: rounds }, operators: { uptime: { min: 0.3, max: 0.6 }, arrivalsPerEpoch: 0 } })
    let stakes = new Float64Array(0)
    let joined = new Uint32Array(0)
    let bled = 0
    const fast = simulate(gpuNetwork, params(225), {
      epochs: 20,
      seed: 1,
      onEpoch: (w: GpuWorld) => {
        const o = w.operators
        for (let i = 0; i < Math.min(stakes.length, o.size); i++) {
          if (o.alive[i] !== 1 || joined[i] !== o.cols.joinedEpoch[i]) continue
          // Stake changes only through the leak here, and only for operators that missed the epoch.
          if (o.cols.served[i]! > 0) expect(o.cols.stake[i]).toBe(stakes[i])
          else if (o.cols.stake[i]! < stakes[i]!) bled++
        }
        expect(gpuNetwork.invariants(w)).toEqual([])
        stakes = o.cols.stake.slice()
        joined = o.cols.joinedEpoch.slice()
      }
    })
    expect(bled).toBeGreaterThan(100)
    const slow = simulate(gpuNetwork, params(1), { epochs: 20, seed: 1 })
    // Scores grow 225 times faster and the penalty is score x stake: ~225^2 as much per epoch.
    expect(series(fast, "leakPenalties")[19]!).toBeGreaterThan(1000 * series(slow, "leakPenalties")[19]!)
  })

  it("tombstones validators that double-sign", () => {
    const r = run({ slashing: { doubleSignRate: 0.05 } }, 40)
    expect(series(r, "tombstoned")[39]!).toBeGreaterThan(10)
  })

  it("conserves tokens every epoch under every emission rule, slashing (both double-sign rules), fee burn and any griefing, sybil and cartel attacks, scripted or optimizing", () => {
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
    // Scripted or optimizing attackers (issue 16): an optimizer decides itself whether and when.
    const mode = fc.constantFrom("scheduled" as const, "optimize" as const)
    const attackArb = fc.oneof(
      fc
        .record({ kind: fc.constant("griefing"), region: fc.integer({ min: 0, max: 3 }), offlineShare: p01, ownOperators: fc.integer({ min: 0, max: 20 }), ownCapacity: fc.double({ min: 0.1, max: 50, noNaN: true }), costPerEpochUsd: fc.constantFrom(0, 100, 50_000), mode, ...window })
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
        mode,
        ...window
      }),
      fc.record({ kind: fc.constant("cartel"), stakeShare: p01, cut: p01, detectionPerEpoch: p01, slashOnDetection: p01, mode, ...window })
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
          doubleSignRule: fc.constantFrom("fraction", "electra"),
          correlated: fc.boolean(),
          inactivityLeak: fc.boolean(),
          leakRoundsPerEpoch: fc.constantFrom(1, 225),
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
          const params = Schema.decodeUnknownSync(gpuNetwork.params)({ token: { emission, feeBurn, vesting, perOperatorShare }, slashing, operators: { count: 150, uptime: { min: 0.6, max: 0.99 }, minStake }, validators: { count: 20 }, attacks })
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
