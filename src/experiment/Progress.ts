/** Progress of a batch of runs, whichever backend runs it (Runner.ts, backends/Coordinator.ts). */
export interface Progress {
  readonly runsDone: number
  readonly runsTotal: number
  readonly epochsDone: number
  readonly epochsTotal: number
  readonly failures: number
}

/** Progress of a sweep: the runner's, and the runs stored (what an interrupt keeps). */
export interface SweepProgress extends Progress {
  /** Runs stored, those stored before a resume included. */
  readonly stored: number
  readonly storedTotal: number
}

/** What a sweep hands its runner and its store: progress in, each stored run counted, the count read back. */
export interface StoredProgress {
  /** The runner's progress (its runs are the ones still to do). */
  readonly onProgress: (p: Progress) => void
  /** A run was saved: counted, and `update` called again with the runner's latest progress. */
  readonly onStored: () => void
  /** Runs stored, those stored before a resume included. */
  readonly stored: () => number
}

/**
 * Progress from what is stored, not what is computed: what a sweep shows is what Ctrl-C would
 * keep (`total` runs in the plan, `already` stored before this invocation).
 */
export const storedProgress = (update: (p: SweepProgress) => void, total: number, already: number): StoredProgress => {
  let stored = already
  let last: Progress = { runsDone: 0, runsTotal: total - already, epochsDone: 0, epochsTotal: 0, failures: 0 }
  const draw = () => update({ ...last, stored, storedTotal: total })
  return {
    onProgress: (p) => {
      last = p
      draw()
    },
    onStored: () => {
      stored++
      draw()
    },
    stored: () => stored
  }
}
