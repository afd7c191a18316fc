/**
 * Pure helpers of the TUI: number formatting, charts with a scale, text fitting and wrapping, and
 * reading attack outcomes and governance from metric names (the `attack.<name>.*` and `gov.*`
 * conventions every model follows). No React, no terminal, no model: unit-tested alone.
 */
import type { ValueFormat } from "../engine/Model.ts"

const BARS = "▁▂▃▄▅▆▇█"

/**
 * How a chart maps values to heights: between the values' min and max (`linear`), from zero
 * (`zero`: rates and counts of events, so zero is the baseline), or log (prices).
 */
export type ChartScale = "linear" | "zero" | "log"

/** The range a chart spans (its min and max labels): log charts only over positive values. */
export const chartRange = (values: ReadonlyArray<number>, scale: ChartScale = "linear"): { readonly lo: number; readonly hi: number } | undefined => {
  const xs = values.filter((x) => Number.isFinite(x) && (scale !== "log" || x > 0))
  if (xs.length === 0) return undefined
  let lo = Math.min(...xs)
  let hi = Math.max(...xs)
  if (scale === "zero") {
    lo = Math.min(0, lo)
    hi = Math.max(0, hi)
  }
  return { lo, hi }
}

/**
 * A chart of the last `width` values, `height` lines tall (top line first), scaled over
 * `chartRange` (the caller prints its min and max beside it). A flat series draws at half
 * height, or as the lowest bar when it is zero; on a `zero` scale zero is always the lowest bar;
 * a log chart shows a fall from 0.01 to 0.005 as large as one from 1 to 0.5. NaN (and
 * non-positive values on a log scale) are blanks.
 */
export const chart = (values: ReadonlyArray<number>, width: number, height = 1, scale: ChartScale = "linear"): ReadonlyArray<string> => {
  const xs = values.slice(-width)
  const range = chartRange(xs, scale)
  const f = (x: number) => (scale === "log" ? Math.log10(x) : x)
  const levels = height * BARS.length
  const level = (x: number): number => {
    if (range === undefined || !Number.isFinite(x) || (scale === "log" && x <= 0)) return -1
    const lo = f(range.lo)
    const hi = f(range.hi)
    if (hi === lo) return x === 0 ? 1 : Math.ceil(levels / 2)
    return Math.max(1, Math.min(levels, Math.round(((f(x) - lo) / (hi - lo)) * (levels - 1)) + 1))
  }
  const ls = xs.map(level)
  return Array.from({ length: height }, (_, r) => {
    const base = (height - 1 - r) * BARS.length
    return ls.map((l) => (l < 0 ? " " : l <= base ? " " : l - base >= BARS.length ? BARS[BARS.length - 1]! : BARS[l - base - 1]!)).join("")
  })
}

/** A one-line chart (see `chart`). */
export const sparkline = (values: ReadonlyArray<number>, width: number, scale: ChartScale = "linear"): string => chart(values, width, 1, scale)[0]!

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

/** A number with thousands separators: 1,234,567 (from 100 up rounded; below, up to 6 significant digits: 0.05). */
export const grouped = (x: number): string => {
  if (!Number.isFinite(x)) return compact(x)
  if (x === 0) return "0"
  return Math.abs(x) >= 100 || Number.isInteger(x) ? Math.round(x).toLocaleString("en-US") : String(Number(x.toPrecision(6)))
}

/** A value as a panel row declares it (src/engine/Model.ts `ValueFormat`). */
export const formatValue = (x: number, format: ValueFormat = "number"): string => {
  switch (format) {
    case "count":
      return Number.isFinite(x) && Math.abs(x) < 1e6 ? grouped(x) : compact(x)
    case "share":
      return percent(x)
    case "usd":
      return usd(x)
    case "signed":
      return signed(x)
    case "number":
      return compact(x)
  }
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

export interface AttackRow {
  readonly attack: string
  readonly cost: number
  readonly profit: number
  readonly success: number
  readonly detectedEpoch: number
}

/** Attack outcomes from metrics named `attack.<name>.cost|profit|success|detectedEpoch`. */
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
  return rows
}

/** Metrics starting with `gov.` (governance in a running model). */
export const governanceValues = (values: Readonly<Record<string, number>>): ReadonlyArray<[string, number]> =>
  Object.entries(values).filter(([k]) => k.startsWith("gov."))

/**
 * One attack as one line of at most `width` columns, verdict first: `dos-europe: SUCCEEDS ·
 * detected @30 · cost $1.50M · profit -$1.50M`. A cut takes the money's end, and a long name is
 * shortened before the verdict and detection are. `startsAt`: the attack has not started yet
 * (its start epoch), so its zero cost and profit mean nothing and it reads `scheduled @N`.
 */
export const attackLine = (r: AttackRow, width: number, startsAt?: number): string => {
  const rest =
    startsAt !== undefined
      ? `scheduled @${startsAt}`
      : `${r.success === 1 ? "SUCCEEDS" : r.success === 0 ? "fails" : "-"} · ${Number.isFinite(r.detectedEpoch) ? `detected @${r.detectedEpoch}` : "undetected"} · cost ${usd(r.cost)} · profit ${usd(r.profit)}`
  // The verdict, plus a column for the ellipsis that marks the money cut after it.
  const verdict = startsAt !== undefined ? rest.length : rest.indexOf(" · cost") + 1
  const room = Math.max(4, width - 2 - verdict)
  const name = r.attack.length <= room ? r.attack : fit(r.attack, room)
  return fit(`${name}: ${rest}`, width).trimEnd()
}

/**
 * What `a` says when the scenario running has no attacks to launch: which scenarios of the
 * experiment have some (restart with `--scenario NAME`), or that none has.
 */
export const noAttacksNote = (scenario: string | undefined, withAttacks: ReadonlyArray<string>): string =>
  withAttacks.length === 0
    ? "no attacks to launch: no scenario of this experiment defines one"
    : `${scenario === undefined ? "this scenario" : `scenario ${scenario}`} has no attacks; ${withAttacks.length === 1 ? "this one has" : "these have"}: ${withAttacks.join(", ")} (sandbox tui <file> --scenario NAME)`

/**
 * A parameter-change event for the governance panel: "token.emission.perEpoch 500000 -> 250000
 * from epoch 98" reads "emission.perEpoch 500,000→250,000". A change of an attack's start (the
 * `startEpochPath` the model declares) moved to the epoch it took effect reads "attack dos-europe
 * launched" (what `a` does); another field beside it names the attack: "dos-europe.offlineShare 0.9→0.5".
 */
export const describeChange = (message: string, attacks: ReadonlyArray<{ readonly name: string; readonly startEpochPath?: string }> = []): string => {
  const r = /^(\S+) (\S+) -> (\S+) from epoch (\d+)$/.exec(message)
  if (!r) return message
  const [, path, before, after, from] = r as unknown as [string, string, string, string, string]
  const num = (x: string) => (Number.isFinite(Number(x)) && Math.abs(Number(x)) >= 1000 ? grouped(Number(x)) : x)
  const parent = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf(".")))
  const attack = attacks.find((a) => a.startEpochPath !== undefined && (a.startEpochPath === path || parent(a.startEpochPath) === parent(path)))
  if (attack) {
    if (attack.startEpochPath === path) return Number(after) <= Number(from) ? `attack ${attack.name} launched` : `attack ${attack.name} starts @${after} (was @${before})`
    return `${attack.name}.${path.slice(path.lastIndexOf(".") + 1)} ${num(before)}→${num(after)}`
  }
  return `${path.split(".").slice(-2).join(".")} ${num(before)}→${num(after)}`
}

/**
 * Words of `text` in at most `lines` lines of at most `width` columns (the last one cut with an
 * ellipsis when the text does not fit); a word longer than a line is cut.
 */
export const wrap = (text: string, width: number, lines: number): ReadonlyArray<string> => {
  const out: Array<string> = []
  let line = ""
  const words = text.split(" ")
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const next = line === "" ? w : `${line} ${w}`
    if (next.length <= width || line === "") {
      line = next
      continue
    }
    if (out.length === lines - 1) {
      out.push(fit(`${line} ${words.slice(i).join(" ")}`, width).trimEnd())
      return out
    }
    out.push(fit(line, width).trimEnd())
    line = w
  }
  if (line !== "" || out.length === 0) out.push(fit(line, width).trimEnd())
  return out.slice(0, lines)
}
