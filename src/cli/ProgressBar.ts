/**
 * ProgressBar: a one-line progress bar on stderr for long runs.
 *
 * Shown only on a TTY and only once the work has taken more than a second (short runs print
 * nothing extra); redrawn at most ten times a second. Wall-clock time here is for display only,
 * never for the simulation.
 */
import type { Progress } from "../experiment/Runner.ts"
import { formatDuration } from "../format.ts"

export interface ProgressSink {
  readonly isTTY?: boolean
  readonly columns?: number
  write(chunk: string): boolean
}

/**
 * Progress as the bar shows it: a sweep adds the runs stored on disk, which is what Ctrl-C keeps
 * and what the bar then counts (a computed run is not done until it is saved).
 */
export interface ShownProgress extends Progress {
  readonly stored?: number
  readonly storedTotal?: number
}

export interface ProgressBar {
  readonly update: (p: ShownProgress) => void
  /** Clear the bar (if drawn). */
  readonly done: () => void
}

/** A bar that draws nothing. */
export const silentProgress: ProgressBar = { update: () => {}, done: () => {} }

/** Render one bar line for `p` after `elapsed` seconds. Pure, for tests. */
export const renderProgress = (p: ShownProgress, elapsed: number, width: number): string => {
  // The ETA follows the computation; with a store, the bar and percentage follow what is stored.
  const computed = p.epochsTotal > 0 ? p.epochsDone / p.epochsTotal : 1
  const eta = computed > 0 ? (elapsed * (1 - computed)) / computed : Number.NaN
  const stored = p.stored !== undefined && p.storedTotal !== undefined && p.storedTotal > 0
  const frac = stored ? p.stored! / p.storedTotal! : computed
  const count = stored ? `stored ${p.stored}/${p.storedTotal} (computed ${p.runsDone}/${p.runsTotal})` : `runs ${p.runsDone}/${p.runsTotal}`
  const info = ` ${Math.floor(frac * 100)}% ${count} · ETA ${Number.isFinite(eta) ? formatDuration(eta) : "?"}${p.failures > 0 ? ` · ${p.failures} failed` : ""}`
  const barWidth = Math.max(10, Math.min(40, width - info.length - 2))
  const filled = Math.round(frac * barWidth)
  return `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]${info}`
}

/** A bar writing to `sink`, or a silent one when the sink is not a terminal. */
export const makeProgressBar = (sink: ProgressSink, enabled: boolean, now: () => number = () => performance.now()): ProgressBar => {
  if (!enabled || !sink.isTTY) return silentProgress
  const start = now()
  let last = 0
  let drawn = false
  return {
    update: (p) => {
      const t = now()
      if (t - start < 1000 || t - last < 100) return
      last = t
      drawn = true
      sink.write(`\r${renderProgress(p, (t - start) / 1000, sink.columns ?? 80)}\x1b[K`)
    },
    done: () => {
      if (drawn) sink.write("\r\x1b[K")
    }
  }
}
