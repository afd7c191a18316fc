/**
 * Plan: the runs an experiment makes, one per (scenario, Monte Carlo run).
 *
 * A run's seed is derived from the experiment seed and the run index only, not the scenario:
 * run k of every scenario draws the same random numbers (common random numbers), so the
 * difference between scenarios is the parameters', not the noise's.
 */
import { deriveSeed } from "../engine/Rng.ts"
import type { ResolvedExperiment } from "./Experiment.ts"

export interface RunSpec {
  readonly scenario: number
  readonly label: string
  readonly run: number
  readonly seed: number
  readonly params: unknown
}

/** Seed of Monte Carlo run `run` under experiment seed `seed`. */
export const runSeed = (seed: number, run: number): number => deriveSeed(seed, run)

/** Every run of the experiment, scenario-major. */
export const planRuns = (exp: ResolvedExperiment): ReadonlyArray<RunSpec> =>
  exp.scenarios.flatMap((s) =>
    Array.from({ length: exp.envelope.runs }, (_, run) => ({
      scenario: s.index,
      label: s.label,
      run,
      seed: runSeed(exp.envelope.seed, run),
      params: s.params
    }))
  )
