/**
 * Run every scenario of a committed experiment file in-process (the tests of scenario outcomes),
 * optionally with fewer runs or epochs, grouped by scenario label.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import * as Either from "effect/Either"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { decodeExperiment, type DataFiles, type EnvelopeOverrides } from "../../src/experiment/Decode.ts"
import { dataFileNames } from "../../src/experiment/Loader.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { ROOT } from "./cli.ts"

/** The data files the experiment at `path` (with content `text`) names, read as ExperimentLoader does. */
export const dataFilesOf = (path: string, text: string): DataFiles =>
  new Map(
    dataFileNames(text).map((name) => {
      const resolved = join(dirname(path), name)
      return [name, { path: resolved, text: existsSync(resolved) ? readFileSync(resolved, "utf8") : undefined }] as const
    })
  )

export const runExperimentFile = (name: string, overrides: EnvelopeOverrides = {}): Map<string, Array<RunResult>> => {
  const path = `${ROOT}experiments/${name}.yaml`
  const text = readFileSync(path, "utf8")
  const r = decodeExperiment(name, text, overrides, Infinity, dataFilesOf(path, text))
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const exp = r.right
  const model = models[exp.envelope.model]!
  const out = new Map<string, Array<RunResult>>()
  for (const spec of planRuns(exp)) {
    out.set(spec.label, [...(out.get(spec.label) ?? []), simulate(model, spec.params, { epochs: exp.envelope.epochs, seed: spec.seed })])
  }
  return out
}
