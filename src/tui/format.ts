/**
 * Pure helpers of the TUI: number formatting, sparklines, text fitting and the per-region /
 * per-size-class aggregation of gpu-network's metrics. No React, no terminal: unit-tested alone.
 */

const BARS = "▁▂▃▄▅▆▇█"

/** A sparkline of the last `width` values, scaled between their min and max (NaN as a space). */
export const sparkline = (values: ReadonlyArray<number>, width: number): string => {
  const xs = values.slice(-width)
  const finite = xs.filter((x) => Number.isFinite(x))
  if (finite.length === 0) return " ".repeat(Math.min(width, xs.length))
  const lo = Math.min(...finite)
  const hi = Math.max(...finite)
  return xs
    .map((x) => {
      if (!Number.isFinite(x)) return " "
      if (hi === lo) return BARS[3]!
      return BARS[Math.min(BARS.length - 1, Math.floor(((x - lo) / (hi - lo)) * BARS.length))]!
    })
    .join("")
}

/** Compact number: 1,234 / 12.3k / 4.56M / 7.89B; small values with 3 significant digits. */
export const compact = (x: number): string => {
  if (x === undefined || Number.isNaN(x)) return "-"
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf"
  // -0 (a negated zero count) prints as 0: Math.round(-0).toLocaleString() is "-0".
  if (x === 0) return "0"
  const a = Math.abs(x)
  if (a >= 1e9) return `${(x / 1e9).toFixed(2)}B`
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)}M`
  if (a >= 1e4) return `${(x / 1e3).toFixed(1)}k`
  if (a >= 100 || Number.isInteger(x)) return Math.round(x).toLocaleString("en-US")
  return x.toPrecision(3)
}

/** A share as a percentage with one decimal. */
export const percent = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "-")

/** USD with two decimals under 1,000, compact above. */
export const usd = (x: number): string => {
  if (!Number.isFinite(x)) return "-"
  const sign = x < 0 ? "-" : ""
  const a = Math.abs(x)
  return `${sign}$${a < 1000 ? a.toFixed(2) : compact(a)}`
}

/** Pad or cut a string to exactly `width` characters (an ellipsis marks a cut). */
export const fit = (s: string, width: number): string => {
  if (width <= 0) return ""
  if (s.length <= width) return s.padEnd(width)
  return width === 1 ? "…" : `${s.slice(0, width - 1)}…`
}

/** Signed change: +5 / -3 / 0 (also for -0, as `signed(-exits)` gives when nobody left). */
export const signed = (x: number): string => (!Number.isFinite(x) ? "-" : x > 0 ? `+${compact(x)}` : x === 0 ? "0" : compact(x))

export interface RegionRow {
  readonly region: string
  readonly active: number
  readonly exits: number
  readonly utilization: number
  readonly dropped: number
}

/**
 * Regions from metric names `<metric>_<region>` (gpu-network's per-region metrics), with active
 * operators, utilization and dropped share where reported.
 */
export const regionRows = (values: Readonly<Record<string, number>>): ReadonlyArray<RegionRow> => {
  const regions = Object.keys(values)
    .filter((k) => k.startsWith("activeOperators_"))
    .map((k) => k.slice("activeOperators_".length))
  return regions.map((region) => ({
    region,
    active: values[`activeOperators_${region}`] ?? Number.NaN,
    exits: values[`operatorExitsTotal_${region}`] ?? Number.NaN,
    utilization: values[`utilization_${region}`] ?? Number.NaN,
    dropped: values[`dropped_${region}`] ?? Number.NaN
  }))
}

export interface SizeRow {
  readonly size: string
  readonly active: number
  readonly exitRate: number
}

/** Size classes from gpu-network's `active<Size>` / `exitRate<Size>` metrics. */
export const sizeRows = (values: Readonly<Record<string, number>>): ReadonlyArray<SizeRow> =>
  ["Small", "Medium", "Large"]
    .filter((s) => `active${s}` in values)
    .map((s) => ({ size: s.toLowerCase(), active: values[`active${s}`]!, exitRate: values[`exitRate${s}`] ?? Number.NaN }))

export interface AttackRow {
  readonly attack: string
  readonly cost: number
  readonly profit: number
  readonly success: number
  readonly detectedEpoch: number
}

/**
 * Attack outcomes from metrics: `attack.<name>.cost|profit|success|detectedEpoch`, and the
 * governance-capture model's `attackCost / attackProfit / attackSuccess / attackDetectedEpoch`.
 */
export const attackRows = (values: Readonly<Record<string, number>>): ReadonlyArray<AttackRow> => {
  const names = new Set<string>()
  for (const k of Object.keys(values)) {
    const m = /^attack\.(.+)\.(cost|profit|success|detectedEpoch)$/.exec(k)
    if (m) names.add(m[1]!)
  }
  const rows: Array<AttackRow> = [...names].map((n) => ({
    attack: n,
    cost: values[`attack.${n}.cost`] ?? Number.NaN,
    profit: values[`attack.${n}.profit`] ?? Number.NaN,
    success: values[`attack.${n}.success`] ?? Number.NaN,
    detectedEpoch: values[`attack.${n}.detectedEpoch`] ?? Number.NaN
  }))
  if ("attackSuccess" in values) {
    rows.push({ attack: "capture", cost: values["attackCost"] ?? Number.NaN, profit: values["attackProfit"] ?? Number.NaN, success: values["attackSuccess"]!, detectedEpoch: values["attackDetectedEpoch"] ?? Number.NaN })
  }
  return rows
}

/** Metrics starting with `gov.` (governance in a running model). */
export const governanceValues = (values: Readonly<Record<string, number>>): ReadonlyArray<[string, number]> =>
  Object.entries(values).filter(([k]) => k.startsWith("gov."))
