/**
 * Run every scenario of a committed experiment file in-process (the tests of scenario outcomes),
 * optionally with fewer runs or epochs, grouped by scenario label.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { models } from "../../models/index.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { decodeExperiment, type EnvelopeOverrides } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { ROOT } from "./cli.ts"

export const runExperimentFile = (name: string, overrides: EnvelopeOverrides = {}): Map<string, Array<RunResult>> => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), overrides)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const exp = r.right
  const model = models[exp.envelope.model]!
  const out = new Map<string, Array<RunResult>>()
  for (const spec of planRuns(exp)) {
    out.set(spec.label, [...(out.get(spec.label) ?? []), simulate(model, spec.params, { epochs: exp.envelope.epochs, seed: spec.seed })])
  }
  return out
}
