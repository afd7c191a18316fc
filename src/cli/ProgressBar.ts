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

export interface ProgressBar {
  readonly update: (p: Progress) => void
  /** Clear the bar (if drawn). */
  readonly done: () => void
}

/** A bar that draws nothing. */
export const silentProgress: ProgressBar = { update: () => {}, done: () => {} }

/** Render one bar line for `p` after `elapsed` seconds. Pure, for tests. */
export const renderProgress = (p: Progress, elapsed: number, width: number): string => {
  const frac = p.epochsTotal > 0 ? p.epochsDone / p.epochsTotal : 1
  const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : Number.NaN
  const info = ` ${Math.floor(frac * 100)}% runs ${p.runsDone}/${p.runsTotal} · ETA ${Number.isFinite(eta) ? formatDuration(eta) : "?"}${p.failures > 0 ? ` · ${p.failures} failed` : ""}`
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
