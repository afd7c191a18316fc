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
 * from epoch 98" reads "emission.perEpoch 500000→250000". A change of an attack's field names
 * the attack (`attacks` of the scenario, in list order): a start moved to the epoch it took
 * effect reads "attack dos-europe launched" (what `a` does), other fields "dos-europe.offlineShare 0.9→0.5".
 */
export const describeChange = (message: string, attacks: ReadonlyArray<{ readonly name: string }> = []): string => {
  const r = /^(\S+) (\S+) -> (\S+) from epoch (\d+)$/.exec(message)
  if (!r) return message
  const [, path, before, after, from] = r as unknown as [string, string, string, string, string]
  const attack = /^attacks\.(\d+)\.(.+)$/.exec(path)
  if (attack) {
    const name = attacks[Number(attack[1])]?.name ?? `attack ${attack[1]}`
    if (attack[2] === "startEpoch") return Number(after) <= Number(from) ? `attack ${name} launched` : `attack ${name} starts @${after} (was @${before})`
    return `${name}.${attack[2]} ${before}→${after}`
  }
  return `${path.split(".").slice(-2).join(".")} ${before}→${after}`
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
