/**
 * RobustnessRun: an experiment's A/B over its `assumptions` space as runs, and their analysis
 * (src/analysis/Robustness.ts). The A/B is re-decoded with a Latin-hypercube sample over the
 * assumptions as its sweep, so every point and variant runs on the same run seeds (common random
 * numbers) and the points are a pure function of the experiment seed.
 */
import type { AnyModel } from "../engine/Model.ts"
import { metricNamesOver } from "../engine/Model.ts"
import { robustness, type RobustnessPoint, type RobustnessResult } from "../analysis/Robustness.ts"
import type { EnvelopeOverrides } from "./Decode.ts"
import { ExperimentInvalid } from "./Errors.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { summaryDocument } from "./Results.ts"
import type { RunOutcome } from "./RunOne.ts"
import { recordOf } from "./Store.ts"

/** What the report uses when the experiment has assumptions (the CLI's defaults are larger). */
export const REPORT_POINTS = 8
export const REPORT_RUNS = 10

/**
 * Why `exp` cannot be checked for robustness (no assumptions, a sweep of its own, or a variant
 * that sets an assumption), or undefined when it can.
 */
export const robustnessRefusal = (exp: ResolvedExperiment): ExperimentInvalid | undefined => {
  const refuse = (path: string, message: string) => new ExperimentInvalid({ file: exp.file, issues: [{ path, message }] })
  if (Object.keys(exp.envelope.assumptions).length === 0) {
    return refuse("assumptions", "Expected an assumptions block (parameter path -> {from, to}) to vary, e.g. operators.sellFraction: {from: 0.1, to: 0.9}")
  }
  const sweep = exp.envelope.sweep
  if (Object.keys(sweep.grid).length + Object.keys(sweep.zip).length > 0 || sweep.sample) {
    return refuse("sweep", "robustness varies the assumptions itself; run it on an experiment without a sweep (an A/B of variants)")
  }
  // The sweep over the assumptions sets each one in every variant alike: a variant's own value
  // for it would be overwritten, and its difference from the others vanish without a word.
  const assumed = Object.keys(exp.envelope.assumptions)
  for (const [name, patch] of Object.entries(exp.envelope.variants)) {
    for (const key of Object.keys(patch)) {
      const hit = assumed.find((a) => a === key || a.startsWith(`${key}.`) || key.startsWith(`${a}.`))
      if (hit !== undefined) {
        return refuse(
          `variants.${name}`,
          `sets ${key}, which the assumption ${hit} also sets: robustness gives every variant the same value of each assumption, so this variant's difference would vanish; remove ${hit} from assumptions or ${key} from the variant`
        )
      }
    }
  }
  return undefined
}

/** The envelope overrides that turn `exp` into its robustness sweep of `points` points. */
export const robustnessOverrides = (exp: ResolvedExperiment, points: number, base: EnvelopeOverrides = {}): EnvelopeOverrides => ({
  ...base,
  sweep: { sample: { method: "latin-hypercube", points, ranges: exp.envelope.assumptions } }
})

/** Analyse the outcomes of the robustness sweep `swept` (the experiment re-decoded with robustnessOverrides). */
export const analyseRobustness = (swept: ResolvedExperiment, model: AnyModel, outcomes: ReadonlyArray<RunOutcome>): RobustnessResult => {
  const paths = Object.keys(swept.envelope.assumptions)
  const metricNames = metricNamesOver(model, swept.scenarios.map((s) => s.params))
  const records = outcomes.map((o) => recordOf(o, swept.scenarios[o.spec.scenario]!, swept.guardrails))
  const summary = summaryDocument(swept, experimentHash(swept), metricNames, records)
  const pointCount = Math.max(...swept.scenarios.map((s) => s.point)) + 1
  const byPoint: Array<RobustnessPoint> = Array.from({ length: pointCount }, (_, p) => {
    const scenarios = swept.scenarios.filter((s) => s.point === p)
    return {
      values: Object.fromEntries(paths.map((path) => [path, Number(scenarios[0]!.overrides[path])])),
      variants: scenarios.map((s) => ({
        variant: s.variant ?? "base",
        finals: records.filter((r) => r.scenario === s.index).sort((a, b) => a.run - b.run).map((r) => r.finals),
        guardrails: summary.scenarios[s.index]!.guardrails
      }))
    }
  })
  return robustness(paths, byPoint, model.headline.filter((m) => metricNames.includes(m)))
}
