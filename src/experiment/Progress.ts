/** Progress of a batch of runs, whichever backend runs it (Runner.ts, backends/Coordinator.ts). */
export interface Progress {
  readonly runsDone: number
  readonly runsTotal: number
  readonly epochsDone: number
  readonly epochsTotal: number
  readonly failures: number
}
