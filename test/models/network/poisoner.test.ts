/**
 * The data poisoner as an optimizer in the network (work.poisoning.mode optimize;
 * experiments/poisoning-optimizer.yaml), on the same seeds: it launches at once with all its
 * capacity where checks are rare and bonds small, not where checks are frequent or bonds large
 * (while the token holds its price); it launches the first day its plan is expected to add
 * something, at the size priced; a campaign it launches that passes verification costs the
 * network users, demand and fees against a control (issue 16's test 4, for the optimizer); one
 * that never launches leaves the run bit-identical to a network without it; scheduled mode
 * ignores the optimizer's fields; Yuma is refused.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { network } from "../../../models/network/index.ts"
import { Stepper, simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const series = (r: RunResult, name: string) => {
  const i = r.metrics.indexOf(name)
  if (i < 0) throw new Error(`no metric ${name}`)
  return r.series[i]!
}
/** The day its poisoned work was first made (the books count from the launch); -1: never. */
const launchedAt = (r: RunResult) => Array.from(series(r, "attack.poisoning.cost")).findIndex((c) => c > 0)
const meanFrom = (r: RunResult, name: string, from: number) => {
  const s = series(r, name)
  let sum = 0
  for (let t = from; t < s.length; t++) sum += s[t]!
  return sum / (s.length - from)
}
const decode = (raw: Record<string, unknown>) => Schema.decodeUnknownSync(network.params)(raw)
const optimizer = (rate: number, extra: Record<string, unknown> = {}, poisonedShare = 0.1) => ({ work: { contributors: { poisonedShare, ...extra }, verification: { strategy: "spot-check", rate }, poisoning: { mode: "optimize" } } })

describe("an optimizing poisoner in the network (experiments/poisoning-optimizer.yaml)", () => {
  const results = runExperimentFile("poisoning-optimizer", { runs: 6 })
  const runs = (label: string) => results.get(label)!

  it("launches on day 0 with all its capacity where checks are rare and the bond small", () => {
    for (const r of runs("rare-checks")) {
      expect(launchedAt(r)).toBe(0)
      expect(series(r, "attack.poisoning.plannedShare")[0]).toBe(1)
      expect(series(r, "attack.poisoning.expectedProfit")[0]!).toBeGreaterThan(0)
      expect(meanFrom(r, "servedPoisonShare", 90)).toBeGreaterThan(0.08)
    }
  })

  it("does not launch where checks are frequent or the bond large while the token holds its price: each day poisoning would cost more than it saves", () => {
    for (const label of ["frequent-checks", "high-bond"]) {
      for (const r of runs(label)) {
        const t = launchedAt(r)
        expect(t === -1 || t >= 50).toBe(true)
        for (const e of series(r, "attack.poisoning.expectedProfit").subarray(0, 50)) expect(e).toBeLessThan(0)
      }
    }
  })

  it("launches the first day its best plan is expected to add something, never before", () => {
    for (const label of ["rare-checks", "frequent-checks", "high-bond", "checks-2pct", "short-seller"]) {
      for (const r of runs(label)) {
        const t = launchedAt(r)
        const expected = series(r, "attack.poisoning.expectedProfit")
        const end = t < 0 ? expected.length : t
        for (let e = 0; e < end; e++) expect(expected[e]!).toBeLessThanOrEqual(0)
        if (t >= 0) {
          expect(expected[t]!).toBeGreaterThan(0)
          // Frozen at the launch.
          expect(expected.at(-1)).toBe(expected[t])
        }
      }
    }
  })

  it("a launched campaign that passes verification lowers users, demand and fees against the control, run by run", () => {
    const control = runs("control")
    runs("rare-checks").forEach((r, i) => {
      const c = control[i]!
      expect(meanFrom(r, "feesUsd", 90)).toBeLessThan(meanFrom(c, "feesUsd", 90))
      expect(meanFrom(r, "demandWork", 90)).toBeLessThan(meanFrom(c, "demandWork", 90))
      expect(meanFrom(r, "demandUsers", 90)).toBeLessThan(meanFrom(c, "demandUsers", 90))
    })
    const total = (label: string, m: string) => runs(label).reduce((a, r) => a + meanFrom(r, m, 90), 0)
    expect(total("rare-checks", "feesUsd")).toBeLessThan(0.6 * total("control", "feesUsd"))
  })

  it("an external gain launches a campaign that frequent checks make a loss in the network's pay", () => {
    for (const r of runs("short-seller")) {
      expect(launchedAt(r)).toBe(0)
      expect(series(r, "attack.poisoning.plannedShare")[0]).toBe(1)
    }
  })
})

describe("the optimizing poisoner's rules", () => {
  it("a poisoner that never launches leaves every metric of a network without it bit-identical", () => {
    for (const seed of [1, 2, 3]) {
      const control = simulate(network, decode(optimizer(0.05, {}, 0)), { epochs: 40, seed })
      const held = simulate(network, decode(optimizer(0.05, { bond: 10_000 })), { epochs: 40, seed })
      const own = simulate(network, decode({ work: { contributors: { poisonedShare: 0, bond: 10_000 }, verification: { strategy: "spot-check", rate: 0.05 } } }), { epochs: 40, seed })
      expect(launchedAt(held)).toBe(-1)
      for (const m of own.metrics) expect(Array.from(series(held, m)), m).toEqual(Array.from(series(own, m)))
      expect(control.metrics).toContain("attack.poisoning.expectedProfit")
      expect(own.metrics).not.toContain("attack.poisoning.expectedProfit")
    }
  })

  it("poisons as many contributors as the plan it launched, and they stay poisoners; tokens are conserved every epoch", () => {
    const params = decode(optimizer(0.02, { count: 400, poisonedShare: 0.2 }))
    let seen = 0
    for (const seed of [1, 2, 3, 4]) {
      const st = new Stepper(network, params, { epochs: 120, seed })
      let planned = Number.NaN
      while (st.step()) {
        expect(network.invariants(st.world)).toEqual([])
        const s = st.world.poisoner!
        expect(s.slots.length).toBe(80)
        let poisoned = 0
        for (const j of s.slots) poisoned += st.world.work.contributors.cols.poisoned[j]!
        if (s.launched < 0) expect(poisoned).toBe(0)
        else {
          planned = Math.round(s.plannedShare * 80)
          expect(poisoned).toBe(planned)
        }
      }
      if (planned > 0) seen++
    }
    expect(seen).toBeGreaterThan(0)
  })

  it("scheduled mode ignores the optimizer's fields: the run is today's to the bit", () => {
    const base = { work: { contributors: { poisonedShare: 0.1 }, verification: { strategy: "spot-check", rate: 0.02 } } }
    const a = simulate(network, decode(base), { epochs: 30, seed: 5 })
    const b = simulate(network, decode({ work: { ...base.work, poisoning: { mode: "scheduled", startEpoch: 7, externalGainUsd: 1e6 } } }), { epochs: 30, seed: 5 })
    expect(b.metrics).toEqual(a.metrics)
    expect(b.series).toEqual(a.series)
  })

  it("from startEpoch only", () => {
    const r = simulate(network, decode({ work: { ...optimizer(0.005).work, poisoning: { mode: "optimize", startEpoch: 10 } } }), { epochs: 20, seed: 1 })
    expect(series(r, "attack.poisoning.expectedProfit").subarray(0, 10).every(Number.isNaN)).toBe(true)
    expect(launchedAt(r)).toBe(10)
  })

  it("refuses optimize under Yuma, naming the field", () => {
    const r = Schema.decodeUnknownEither(network.params)({ work: { verification: { strategy: "yuma" }, poisoning: { mode: "optimize" } } })
    expect(r._tag).toBe("Left")
    expect(String(r._tag === "Left" ? r.left.message : "")).toMatch(/work.*poisoning.*mode[\s\S]*cannot price Yuma/)
  })
})
