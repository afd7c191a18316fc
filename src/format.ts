/**
 * Pure formatting helpers shared by the CLI and reports: numbers, aligned tables, durations.
 */

/** A number for humans: integers with separators, others to 4 significant digits. */
export const formatNumber = (v: number): string => {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "-" : v > 0 ? "inf" : "-inf"
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString("en-US")
  const a = Math.abs(v)
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(3)
  if (a >= 1000) return Math.round(v).toLocaleString("en-US")
  return Number(v.toPrecision(4)).toString()
}

/** Render rows as an aligned table; the first row is the header. Columns after the first are right-aligned. */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths: Array<number> = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  const line = (row: ReadonlyArray<string>) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd()
  const [head, ...body] = rows
  if (!head) return ""
  const rule = widths.map((w) => "-".repeat(w)).join("  ")
  return [line(head), rule, ...body.map(line)].join("\n")
}

/** A duration in seconds for an ETA: `42s`, `3m 05s`, `1h 02m`. */
export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}
