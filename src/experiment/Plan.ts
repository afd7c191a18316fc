/**
 * Plan: the runs an experiment makes, one per (scenario, Monte Carlo run).
 *
 * A run's seed is derived from the experiment seed and the run index only, not the scenario:
 * run k of every scenario draws the same random numbers (common random numbers), so the
 * difference between scenarios is the parameters', not the noise's.
 */
import { deriveSeed } from "../engine/Rng.ts"
import type { ScheduledChange } from "../engine/Simulation.ts"
import type { ResolvedExperiment } from "./Experiment.ts"

export interface RunSpec {
  readonly scenario: number
  readonly label: string
  readonly run: number
  readonly seed: number
  readonly params: unknown
  /** Parameter changes before given epochs (the experiment's `schedule`), when it has one. */
  readonly schedule?: ReadonlyArray<ScheduledChange>
}

/** Seed of Monte Carlo run `run` under experiment seed `seed`. */
export const runSeed = (seed: number, run: number): number => deriveSeed(seed, run)

/**
 * Every run of the experiment, scenario-major. Run indices start at `firstRun` (default 0): an
 * export of the TUI's fourth run says `firstRun: 3, runs: 1` and replays exactly that run.
 */
export const planRuns = (exp: ResolvedExperiment): ReadonlyArray<RunSpec> => {
  const first = exp.envelope.firstRun ?? 0
  const schedule = exp.envelope.schedule
  return exp.scenarios.flatMap((s) =>
    Array.from({ length: exp.envelope.runs }, (_, i) => ({
      scenario: s.index,
      label: s.label,
      run: first + i,
      seed: runSeed(exp.envelope.seed, first + i),
      params: s.params,
      ...(schedule !== undefined && schedule.length > 0 ? { schedule } : {})
    }))
  )
}
