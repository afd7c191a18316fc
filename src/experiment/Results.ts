/**
 * Results: the documents a finished experiment produces (tidy metrics CSV, summary JSON,
 * resolved experiment YAML), as pure functions of the experiment and its run outcomes.
 */
import { stringify } from "yaml"
import { failedRuns, summarizeScenario, type FailedRun, type ScenarioSummary } from "../analysis/Summary.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { runSeed } from "./Plan.ts"
import type { RunOutcome } from "./Runner.ts"

export interface SummaryDocument {
  readonly experiment: string
  readonly model: string
  readonly hash: string
  readonly seed: number
  readonly epochs: number
  readonly runs: number
  /** Seed of each Monte Carlo run index (the same in every scenario). */
  readonly runSeeds: ReadonlyArray<number>
  readonly scenarios: ReadonlyArray<ScenarioSummary>
  readonly failures: ReadonlyArray<FailedRun>
}

/** Summary across runs, per scenario. */
export const summaryDocument = (
  exp: ResolvedExperiment,
  hash: string,
  metricNames: ReadonlyArray<string>,
  outcomes: ReadonlyArray<RunOutcome>
): SummaryDocument => {
  const env = exp.envelope
  return {
    experiment: env.name,
    model: env.model,
    hash,
    seed: env.seed,
    epochs: env.epochs,
    runs: env.runs,
    runSeeds: Array.from({ length: env.runs }, (_, r) => runSeed(env.seed, r)),
    scenarios: exp.scenarios.map((s) =>
      summarizeScenario(
        s.label,
        s.overrides,
        metricNames,
        outcomes.filter((o) => o.spec.scenario === s.index)
      )
    ),
    failures: failedRuns(outcomes)
  }
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** A number as CSV text: shortest round-trip form, empty for "not recorded". */
const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : "")

/** Tidy metrics: one row per (scenario, run, epoch, metric). Failed runs have no rows. */
export const metricsCsv = (outcomes: ReadonlyArray<RunOutcome>): string => {
  const lines: Array<string> = ["scenario,run,epoch,metric,value"]
  for (const o of outcomes) {
    if (o._tag !== "Completed") continue
    const scenario = csvField(o.spec.label)
    const { metrics, series } = o.result
    const epochs = series[0]?.length ?? 0
    for (let e = 0; e < epochs; e++) {
      for (let m = 0; m < metrics.length; m++) lines.push(`${scenario},${o.spec.run},${e},${metrics[m]},${csvNumber(series[m]![e]!)}`)
    }
  }
  return lines.join("\n") + "\n"
}

/** The experiment with every default filled in: re-running it gives the same results. */
export const resolvedYaml = (exp: ResolvedExperiment, hash: string): string => {
  const env = exp.envelope
  const body = {
    name: env.name,
    ...(env.description ? { description: env.description } : {}),
    model: env.model,
    seed: env.seed,
    epochs: env.epochs,
    runs: env.runs,
    params: exp.resolvedParams,
    sweep: env.sweep,
    ...(Object.keys(env.variants).length > 0 ? { variants: env.variants } : {}),
    ...(env.guardrails.length > 0 ? { guardrails: env.guardrails } : {})
  }
  return `# Resolved from ${exp.file}: every default filled in (experiment hash ${hash}).\n# Re-run with: sandbox run <this file>\n${stringify(body)}`
}
