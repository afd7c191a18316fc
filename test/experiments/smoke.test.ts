/**
 * Every experiment in experiments/ decodes and runs (shortened), so a shipped experiment can
 * never rot. Each one's runs are checked for conservation on every epoch.
 */
import { readdirSync, readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { simulate } from "../../src/engine/Simulation.ts"
import type { WorldBase } from "../../src/engine/Model.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { parameterDiff } from "../../src/report/Report.ts"
import { ROOT } from "../support/cli.ts"
import { dataFilesOf } from "../support/experiments.ts"

const dir = `${ROOT}experiments`
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"))

describe("experiments/", () => {
  it("holds the default experiment", () => {
    expect(files).toContain("default.yaml")
  })

  it.each(files)("%s decodes and runs", (file) => {
    const text = readFileSync(`${dir}/${file}`, "utf8")
    const decoded = decodeExperiment(file, text, { epochs: 30, runs: 2 }, Infinity, dataFilesOf(`${dir}/${file}`, text))
    if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
    const exp = decoded.right
    const model = models[exp.envelope.model]!
    for (const spec of planRuns(exp)) {
      const result = simulate(model, spec.params, { epochs: 30, seed: spec.seed, onEpoch: (w: WorldBase) => expect(model.invariants(w)).toEqual([]) })
      expect(result.series.every((s) => s.length === 30)).toBe(true)
    }
    // Its report's parameter table has a text in every cell (a variant setting attacks.0.x beside
    // one that empties the list once crashed `sandbox report`).
    const diff = parameterDiff(exp)
    for (const row of diff.rows) expect(row.map((c) => typeof c)).toEqual(row.map(() => "string"))
  })
})
