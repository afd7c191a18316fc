/**
 * Attacks inside gpu-network: regional griefing (experiments/regional-griefing.yaml) slashes and
 * drives out honest operators of the attacked region, reports its cost, profit, success and
 * detection, and leaves the run untouched before it starts; attack parameters are validated.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import type { RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../../src/experiment/Errors.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const results = runExperimentFile("regional-griefing", { runs: 3 })
const series = (run: RunResult, m: string) => run.series[run.metrics.indexOf(m)]!
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

  it("rejects an attack on an unknown region and repeated names, naming the field", () => {
    const bad = (attacks: string) => {
      const d = decodeExperiment("bad.yaml", `name: t\nparams:\n  attacks:\n${attacks}`)
      return Either.isLeft(d) ? (d.left as ExperimentInvalid).issues.map((i) => `${i.path}: ${i.message}`) : []
    }
    expect(bad("    - { kind: griefing, name: g, region: mars }\n")).toEqual(['params.attacks[0].region: Expected one of regions.names (americas, europe, asia, oceania), got "mars"'])
    expect(bad("    - { kind: griefing, name: g, region: asia }\n    - { kind: griefing, name: g, region: europe }\n")[0]).toMatch(/params.attacks\[1\].name: Expected distinct attack names/)
    expect(Schema.decodeUnknownEither(gpuNetwork.params)({ attacks: [{ kind: "griefing", name: "has space", region: "asia" }] })._tag).toBe("Left")
  })
})
