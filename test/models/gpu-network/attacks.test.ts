/**
 * Attacks inside gpu-network: regional griefing (experiments/regional-griefing.yaml) slashes and
 * drives out honest operators of the attacked region; sybil operators (experiments/sybil.yaml)
 * profit under a weak defense and lose under a strong one; a validator cartel
 * (experiments/validator-cartel.yaml) collects only above 1/3 of validator stake and is detected
 * only up to 2/3. Each reports cost, profit, success and detection and leaves the run untouched
 * before it starts; attack parameters are validated.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { Stepper, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../../src/experiment/Errors.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const results = runExperimentFile("regional-griefing", { runs: 3 })
const series = (run: RunResult, m: string) => {
  const i = run.metrics.indexOf(m)
  if (i < 0) throw new Error(`no metric ${m}`)
  return run.series[i]!
}
const head = (run: RunResult, m: string, n: number) => Array.from(series(run, m).subarray(0, n))
const meanOver = (run: RunResult, m: string, from: number, to: number) => {
  const xs = series(run, m).subarray(from, to)
  return xs.reduce((a, b) => a + b, 0) / xs.length
}
const last = (run: RunResult, m: string) => series(run, m).at(-1)!

describe("regional griefing (experiments/regional-griefing.yaml)", () => {
  const base = results.get("no-attack")!
  const attacked = results.get("griefing")!

  it("jails and drives out honest operators of the attacked region, and only from the attack on", () => {
    attacked.forEach((run, i) => {
      expect(Array.from(series(run, "activeOperators_europe").subarray(0, 30))).toEqual(Array.from(series(base[i]!, "activeOperators_europe").subarray(0, 30)))
      expect(last(run, "activeOperators_europe")).toBeLessThan(0.75 * last(base[i]!, "activeOperators_europe"))
      expect(last(run, "attack.dos-europe.honestJailed")).toBeGreaterThan(50)
      expect(last(run, "attack.dos-europe.honestExits")).toBeGreaterThan(50)
      expect(series(run, "attack.dos-europe.honestJailed")[29]).toBe(0)
    })
  })

  it("reports cost, profit, success and the epoch detected", () => {
    for (const run of attacked) {
      expect(last(run, "attack.dos-europe.cost")).toBe(30 * 50_000)
      expect(last(run, "attack.dos-europe.profit")).toBe(-30 * 50_000)
      expect(last(run, "attack.dos-europe.success")).toBe(1)
      expect(last(run, "attack.dos-europe.detectedEpoch")).toBe(30)
      expect(Number.isNaN(series(run, "attack.dos-europe.detectedEpoch")[29])).toBe(true)
    }
    expect(base[0]!.metrics.some((m) => m.startsWith("attack."))).toBe(false)
  })

  it("with its own operators elsewhere, the DoS raises their rewards but does not pay for itself", () => {
    const own = results.get("own-operators")!
    const both = results.get("griefing-own-operators")!
    const mean = (runs: ReadonlyArray<RunResult>, m: string) => runs.reduce((a, r) => a + last(r, m), 0) / runs.length
    expect(mean(both, "attack.dos-europe.rewards")).toBeGreaterThan(1.05 * mean(own, "attack.dos-europe.rewards"))
    both.forEach((run, i) => {
      // Its operators joined for the attack and left at its end; the region still lost its operators.
      expect(series(run, "attack.dos-europe.rewards")[29]).toBe(0)
      expect(last(run, "attack.dos-europe.rewards")).toBe(series(run, "attack.dos-europe.rewards")[60])
      expect(last(run, "activeOperators_europe")).toBeLessThan(0.75 * last(base[i]!, "activeOperators_europe"))
      // Better than pure griefing (its operators earn), worse than running them without the DoS.
      expect(last(run, "attack.dos-europe.profit")).toBeGreaterThan(last(attacked[i]!, "attack.dos-europe.profit"))
    })
    expect(mean(both, "attack.dos-europe.profit")).toBeLessThan(mean(own, "attack.dos-europe.profit"))
    for (const run of attacked) expect(last(run, "attack.dos-europe.rewards")).toBe(0)
  })

  it("rejects an attack on an unknown region and repeated names, naming the field", () => {
    const bad = (attacks: string) => {
      const d = decodeExperiment("bad.yaml", `name: t\nparams:\n  attacks:\n${attacks}`)
      return Either.isLeft(d) ? (d.left as ExperimentInvalid).issues.map((i) => `${i.path}: ${i.message}`) : []
    }
    expect(bad("    - { kind: griefing, name: g, region: mars }\n")).toEqual(['params.attacks[0].region: Expected one of regions.names (americas, europe, asia, oceania), got "mars"'])
    expect(bad("    - { kind: griefing, name: g, region: asia }\n    - { kind: griefing, name: g, region: europe }\n")[0]).toMatch(/params.attacks\[1\].name: Expected distinct attack names/)
    expect(Schema.decodeUnknownEither(gpuNetwork.params)({ attacks: [{ kind: "griefing", name: "has space", region: "asia" }] })._tag).toBe("Left")
    expect(bad("    - { kind: griefing, name: g, region: asia, ownOperators: 3, ownRegion: asia }\n")[0]).toMatch(/^params.attacks\[0\].ownRegion: Expected one of regions.names other than the attacked "asia"/)
  })
})

describe("sybil operators (experiments/sybil.yaml)", () => {
  const sybil = runExperimentFile("sybil", { runs: 3 })
  const base = sybil.get("no-attack")!
  const weak = sybil.get("weak-defense")!
  const strong = sybil.get("strong-defense")!

  it("joins its identities at startEpoch, leaves the run as it was before, and takes them out at the end", () => {
    weak.forEach((run, i) => {
      expect(head(run, "activeOperators", 10)).toEqual(head(base[i]!, "activeOperators", 10))
      expect(head(run, "price", 10)).toEqual(head(base[i]!, "price", 10))
      expect(series(run, "attack.sybils.identities")[9]).toBe(0)
      expect(series(run, "attack.sybils.identities")[10]).toBe(200)
      expect(last(run, "attack.sybils.identities")).toBe(0)
      expect(last(run, "attack.sybils.fakeWork")).toBeGreaterThan(0)
    })
  })

  it("profits under the weak defense and loses, caught, under the strong one", () => {
    for (const run of weak) {
      expect(last(run, "attack.sybils.profit")).toBeGreaterThan(0)
      expect(last(run, "attack.sybils.success")).toBe(1)
      expect(last(run, "attack.sybils.caught")).toBeLessThan(150)
    }
    for (const run of strong) {
      expect(last(run, "attack.sybils.profit")).toBeLessThan(0)
      expect(last(run, "attack.sybils.success")).toBe(0)
      expect(last(run, "attack.sybils.caught")).toBeGreaterThan(150)
      // Caught from the epoch after joining on; never before the attack.
      expect(last(run, "attack.sybils.detectedEpoch")).toBeGreaterThan(10)
      expect(Number.isNaN(series(run, "attack.sybils.detectedEpoch")[10])).toBe(true)
    }
  })

  it("linked detection takes every identity out soon after the first catch, and earns the attacker less than the weak defense", () => {
    sybil.get("linked-detection")!.forEach((run, i) => {
      const ids = series(run, "attack.sybils.identities")
      const gone = ids.findIndex((n, e) => e > 10 && n === 0)
      expect(gone).toBeGreaterThan(10)
      expect(gone).toBeLessThan(60) // the weak defense alone still has ~156 at day 60
      expect(last(run, "attack.sybils.caught")).toBe(200)
      expect(last(run, "attack.sybils.profit")).toBeLessThan(last(weak[i]!, "attack.sybils.profit"))
    })
  })
})

describe("validator cartel (experiments/validator-cartel.yaml)", () => {
  const cartel = runExperimentFile("validator-cartel", { runs: 3 })
  const base = cartel.get("no-attack")!

  it("collects nothing below 1/3 of validator stake, and leaves the run as it was until detected", () => {
    cartel.get("share-25")!.forEach((run, i) => {
      expect(last(run, "attack.cartel.stakeShare")).toBeLessThan(1 / 3)
      expect(last(run, "attack.cartel.withheld")).toBe(0)
      expect(last(run, "attack.cartel.profit")).toBeLessThan(0)
      expect(last(run, "attack.cartel.success")).toBe(0)
      const d = last(run, "attack.cartel.detectedEpoch")
      const until = Number.isNaN(d) ? series(run, "price").length : d
      expect(head(run, "price", until)).toEqual(head(base[i]!, "price", until))
    })
  })

  it("above 1/3 withholds operators' rewards, which lowers their margins against the baseline", () => {
    for (const label of ["share-40", "share-70"]) {
      cartel.get(label)!.forEach((run, i) => {
        expect(series(run, "attack.cartel.stakeShare")[10]).toBeGreaterThan(1 / 3)
        expect(last(run, "attack.cartel.withheld")).toBeGreaterThan(0)
        expect(meanOver(run, "operatorMarginP50", 11, 21)).toBeLessThan(meanOver(base[i]!, "operatorMarginP50", 11, 21))
      })
    }
  })

  it("is detected only while it holds at most 2/3, and then disbands slashed", () => {
    for (const label of ["share-25", "share-40", "share-70"]) {
      for (const run of cartel.get(label)!) {
        const d = last(run, "attack.cartel.detectedEpoch")
        if (Number.isNaN(d)) continue
        expect(series(run, "attack.cartel.stakeShare")[d]).toBeLessThanOrEqual(2 / 3)
        expect(last(run, "attack.cartel.cost")).toBeGreaterThan(90 * 1_000)
        // Nothing more withheld after it disbanded.
        expect(last(run, "attack.cartel.withheld")).toBe(series(run, "attack.cartel.withheld")[d])
      }
    }
    // At 70% of the stake it is not detected while it keeps more than 2/3.
    for (const run of cartel.get("share-70")!) {
      const share = series(run, "attack.cartel.stakeShare")
      const d = last(run, "attack.cartel.detectedEpoch")
      if (share.subarray(10, 100).every((x) => x > 2 / 3)) expect(Number.isNaN(d)).toBe(true)
    }
  })

  it("rejects a sybil region that is not one of regions.names", () => {
    const d = decodeExperiment("bad.yaml", "name: t\nparams:\n  attacks:\n    - { kind: sybil, name: s, region: mars }\n")
    expect(Either.isLeft(d) ? (d.left as ExperimentInvalid).issues.map((i) => i.path) : []).toEqual(["params.attacks[0].region"])
    expect(Either.isRight(decodeExperiment("ok.yaml", "name: t\nparams:\n  attacks:\n    - { kind: sybil, name: s }\n    - { kind: cartel, name: c }\n"))).toBe(true)
  })
})

describe("launching an attack mid-run (what the TUI does: startEpoch becomes the next epoch)", () => {
  it("starts a sybil attack and a cartel at the epoch their startEpoch moved to", () => {
    const later = 1_000
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      operators: { count: 150 },
      validators: { count: 20 },
      attacks: [
        { kind: "sybil", name: "s", startEpoch: later, identities: 30 },
        { kind: "cartel", name: "c", startEpoch: later, stakeShare: 0.5, detectionPerEpoch: 0 }
      ]
    })
    const stepper = new Stepper(gpuNetwork, params, { epochs: 12, seed: 4 })
    for (let e = 0; e < 5; e++) stepper.step()
    stepper.setParams({ ...params, attacks: params.attacks.map((a) => ({ ...a, startEpoch: stepper.epoch })) }, "launch")
    while (stepper.step()) {}
    const run = stepper.result()
    expect(series(run, "attack.s.identities")[4]).toBe(0)
    expect(series(run, "attack.s.identities")[5]).toBe(30)
    expect(series(run, "attack.c.stakeShare")[4]).toBe(0)
    expect(series(run, "attack.c.stakeShare")[5]).toBeGreaterThan(1 / 3)
    expect(last(run, "attack.c.withheld")).toBeGreaterThan(0)
    expect(stepper.events.entries.filter((e) => e.kind === "attack").map((e) => e.epoch)).toEqual([5, 5])
  })
})

describe("attack and slashing edge cases found in review", () => {
  const decode = (raw: unknown) => Schema.decodeUnknownSync(gpuNetwork.params)(raw)
  const issue = (yaml: string) => {
    const d = decodeExperiment("bad.yaml", yaml)
    return Either.isLeft(d) ? (d.left as ExperimentInvalid).issues.map((i) => `${i.path}: ${i.message}`)[0] : undefined
  }

  it("a relaunched attack measures its profit from the relaunch (an earlier round's tokens do not count)", () => {
    const params = decode({ operators: { count: 150 }, validators: { count: 20 }, attacks: [{ kind: "sybil", name: "s", startEpoch: 2, durationEpochs: 40, identities: 30, fakeWork: true }] })
    const st = new Stepper(gpuNetwork, params, { epochs: 8, seed: 4 })
    for (let e = 0; e < 6; e++) st.step()
    st.setParams({ ...params, attacks: params.attacks.map((a) => ({ ...a, startEpoch: st.epoch })) }, "launch again")
    while (st.step());
    const profit = series(st.result(), "attack.s.profit")
    expect(st.world.attackStates[0]!.tokens).toBeGreaterThan(0) // the first round's tokens are still held
    // The first round had earned something by epoch 5; the new round starts near zero, not above it.
    expect(profit[5]!).toBeGreaterThan(0)
    expect(profit[6]!).toBeLessThan(profit[5]!)
  })

  it("a newcomer in a jailed operator's slot is not jailed", () => {
    let offline = -1
    const params = decode({
      operators: { count: 300, uptime: { min: 0.2, max: 0.6 }, patience: { min: 0, max: 3 } },
      validators: { count: 10 },
      slashing: { downtime: true, signedWindow: 5, minSignedPerWindow: 0.8, jailEpochs: 200 },
      attacks: [{ kind: "sybil", name: "s", startEpoch: 40, durationEpochs: 10, identities: 100, fakeWork: true }]
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 41, seed: 1 })
    while (st.step());
    const o = st.world.operators
    offline = 0
    for (let i = 0; i < o.size; i++) if (o.alive[i] === 1 && o.cols.attacker[i] === 1 && o.cols.served[i] === 0) offline++
    // Fake-work identities have uptime 1: none may be offline in their first epoch (32 were, in
    // slots whose previous operators were jailed for 200 epochs).
    expect(offline).toBe(0)
  })

  it("a proposal may change the downtime window while operators join", () => {
    const params = decode({
      operators: { count: 32 },
      validators: { count: 10 },
      slashing: { downtime: true, signedWindow: 30 },
      governance: { delegation: 1, quorum: 0, votingDelay: 0, votingPeriod: 1, timelock: 0, proposals: [{ name: "w", epoch: 0, changes: { "slashing.signedWindow": 2 }, support: { operators: 1, validators: 1, holders: 1 } }] },
      attacks: [{ kind: "sybil", name: "s", startEpoch: 3, durationEpochs: 10, identities: 100 }]
    })
    const st = new Stepper(gpuNetwork, params, { epochs: 10, seed: 1 })
    while (st.step()) expect(gpuNetwork.invariants(st.world)).toEqual([])
    expect(st.world.slashing.signing.window).toBe(2)
  })

  it("refuses an attack named like a governance attacker, and two attackers on one proposal", () => {
    expect(issue("name: t\nparams:\n  attacks:\n    - { kind: cartel, name: bribery }\n")).toMatch(/params.attacks\[0\].name: Expected a name other than bribery, sybil, flashLoan/)
    const two = "name: t\nparams:\n  governance:\n    proposals: [{ name: p, treasuryTransfer: 1000 }]\n    bribery: { proposal: p }\n    flashLoan: { proposal: p }\n"
    expect(issue(two)).toMatch(/params.governance.flashLoan.proposal: Expected a proposal no other attacker targets \(governance.bribery already targets "p"/)
  })

  it("the invariants catch a NaN holding", () => {
    const st = new Stepper(gpuNetwork, decode({ operators: { count: 50 }, validators: { count: 5 } }), { epochs: 2, seed: 1 })
    while (st.step());
    expect(gpuNetwork.invariants(st.world)).toEqual([])
    st.world.treasury = Number.NaN
    expect(gpuNetwork.invariants(st.world).join("; ")).toMatch(/NaN treasury/)
  })
})
