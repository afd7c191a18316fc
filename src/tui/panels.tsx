/**
 * The dashboard's panels: each renders part of a `Snapshot` in the lines it is given, so the
 * screen fits any terminal from 80x24 up and grows with it. Components read only their props; no
 * model is named here (a model's panels are data it declares, rendered by `PanelView`). The
 * overlays (help, log, pickers) are in overlays.tsx.
 */
import { Box, Text } from "ink"
import type { Panel, PanelRow } from "../engine/Model.ts"
import type { Snapshot } from "../experiment/Live.ts"
import { formatSpeed, SPEEDS } from "../experiment/Live.ts"
import { attackLine, attackRows, chart, chartRange, compact, describeChange, fit, formatValue, governanceValues } from "./format.ts"

const v = (s: Snapshot, m: string): number => s.values[m] ?? Number.NaN
const h = (s: Snapshot, m: string): ReadonlyArray<number> => s.history[m] ?? []

/** The run's state word and its colour. */
const stateOf = (s: Snapshot) => (s.done ? (["DONE", "cyan"] as const) : s.paused ? (["PAUSED", "yellow"] as const) : (["RUNNING", "green"] as const))

/**
 * Two lines: the experiment, the experiment seed and run index (`--seed S` plays run 0 of S; `r`
 * moves to the next run), epoch, speed and state; then the model's states (market regime,
 * demand) and the changes recorded for the export.
 */
export const Header = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  const [state, color] = stateOf(s)
  const right = ` epoch ${String(s.epoch).padStart(String(s.epochs).length)}/${s.epochs} · ${formatSpeed(SPEEDS[s.speed]!).padStart(6)} (${String(Math.round(s.rate)).padStart(4)}/s) `
  const room = Math.max(10, width - right.length - state.length)
  const scenario = s.experiment.includes("/") ? s.experiment.slice(s.experiment.indexOf("/") + 1) : s.experiment
  const seed = `seed ${s.seed} run ${s.run}`
  // Longest first: with the model, without it, then the scenario without the experiment's name.
  const candidates = [`${s.experiment} · ${s.model} · ${seed}`, `${s.experiment} · ${seed}`, `${scenario} · ${seed}`]
  const left = fit(candidates.find((c) => c.length <= room) ?? candidates[2]!, room)
  const changes = s.changes > 0 ? [`${s.changes} change${s.changes === 1 ? "" : "s"} recorded${width >= 120 ? " (e exports a replay)" : ""}`] : []
  const second = [...s.status, ...changes].join(" · ")
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{left}</Text>
        <Text>{right}</Text>
        <Text color={color} bold>
          {state}
        </Text>
      </Box>
      <Text color="cyan">{fit(s.epoch === 0 ? "(waiting for the first epoch)" : second === "" ? `model ${s.model} · no changes made` : second, width)}</Text>
    </Box>
  )
}

/** Columns of a row before its chart: label, value, extras. */
const rowText = (s: Snapshot, r: PanelRow, label: number): string => {
  const extras = (r.extra ?? []).map((x) => {
    const value = x.label === "-" ? -v(s, x.metric) : v(s, x.metric)
    const text = formatValue(value, x.format)
    return x.label === undefined || x.label === "-" ? text.padStart(5) : x.label.startsWith("/") ? `${text}${x.label}` : `${x.label} ${text}`
  })
  return `${fit(r.label, label)} ${formatValue(v(s, r.metric), r.format).padStart(9)}${extras.length > 0 ? ` ${extras.join(" ")}` : ""}`
}

/** The width of a row's text (label, value, extras) for `s`. */
export const rowTextWidth = (s: Snapshot, panel: Panel): number => {
  const label = Math.min(16, Math.max(6, ...panel.rows.map((r) => r.label.length)))
  return Math.max(0, ...panel.rows.map((r) => rowText(s, r, label).length))
}

/** A scale label: compact, two significant digits below 100 (`0.085`, `9.5`), so `$0.085–$0.10 log` fits. */
const short = (x: number): string => (Number.isFinite(x) && x !== 0 && Math.abs(x) < 100 && !Number.isInteger(x) ? String(Number(x.toPrecision(2))) : compact(x))

/** Min and max of a chart's range, printed beside it. */
const scaleLabel = (values: ReadonlyArray<number>, r: PanelRow, which: "lo" | "hi"): string => {
  const range = chartRange(values, r.chart === "log" || r.chart === "zero" ? r.chart : "linear")
  if (range === undefined) return ""
  const x = range[which]
  return r.format === "usd" ? `$${short(x)}` : r.format === "share" ? `${short(x * 100)}%` : short(x)
}

/**
 * One panel the model declares: per row the latest value and extras, then its chart over the
 * last epochs with its scale (max on the top line, min on the bottom; `chartHeight` lines tall;
 * log scale where the row asks for it). At most `lines` lines under the title.
 */
export const PanelView = ({ s, panel, width, chartHeight = 1, lines }: { readonly s: Snapshot; readonly panel: Panel; readonly width: number; readonly chartHeight?: number; readonly lines?: number }) => {
  const label = Math.min(16, Math.max(6, ...panel.rows.map((r) => r.label.length)))
  const text = Math.min(width - 8, Math.max(0, ...panel.rows.map((r) => rowText(s, r, label).length)))
  // The scale column as wide as its longest label (at most 18), measured over the narrowest window.
  const labelOf = (r: PanelRow, values: ReadonlyArray<number>, height: number) => {
    const log = r.chart === "log" ? " log" : ""
    const [lo, hi] = [scaleLabel(values, r, "lo"), scaleLabel(values, r, "hi")]
    return height === 1 ? [`${lo}–${hi}${log}`] : [`${hi}${log}`, lo]
  }
  const narrowest = Math.max(1, width - text - 2 - 18)
  const scale = Math.min(18, Math.max(4, ...panel.rows.flatMap((r) => (r.chart === "none" ? [] : labelOf(r, h(s, r.metric).slice(-narrowest), Math.max(1, chartHeight)).map((l) => l.length)))))
  const chartWidth = Math.max(0, width - text - 1 - scale - 1)
  const rows = panel.rows.flatMap((r) => {
    const body = fit(rowText(s, r, label), text)
    if (r.chart === "none" || chartWidth < 4) return [{ key: r.metric, text: fit(body, width), chart: "", scale: "" }]
    // The chart and its scale labels over the same window: the values the chart shows.
    const values = h(s, r.metric).slice(-chartWidth)
    const height = Math.max(1, chartHeight)
    const drawn = chart(values, chartWidth, height, r.chart === "log" || r.chart === "zero" ? r.chart : "linear")
    const labels = labelOf(r, values, height)
    return drawn.map((line, i) => ({
      key: `${r.metric}-${i}`,
      text: i === 0 ? body : " ".repeat(text),
      chart: line.padEnd(chartWidth),
      scale: fit(i === 0 ? labels[0]! : i === height - 1 ? (labels[1] ?? "") : "", scale)
    }))
  })
  const shown = lines === undefined ? rows : rows.slice(0, Math.max(0, lines))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(panel.title, width)}</Text>
      {shown.map((r) => (
        <Text key={r.key}>
          {r.text}
          {r.chart !== "" ? (
            <>
              {" "}
              <Text color="cyan">{r.chart}</Text> <Text dimColor>{r.scale}</Text>
            </>
          ) : null}
        </Text>
      ))}
    </Box>
  )
}

/** Lines a panel takes with charts `chartHeight` tall (title included). */
export const panelLines = (panel: Panel, chartHeight: number): number => 1 + panel.rows.reduce((n, r) => n + (r.chart === "none" ? 1 : Math.max(1, chartHeight)), 0)

/**
 * Attack outcomes (from `attack.<name>.*` metrics), one line each with the verdict and detection
 * before the money, and the latest attack events: at most `lines` lines under the title. An
 * attack whose start has not come says "scheduled @N"; one running says so.
 */
export const Attacks = ({ s, width, lines, title = "Attacks" }: { readonly s: Snapshot; readonly width: number; readonly lines: number; readonly title?: string }) => {
  const rows = attackRows(s.values).slice(0, lines)
  const events = s.events.filter((e) => e.kind === "attack").slice(-Math.max(0, lines - rows.length))
  const scheduled = (name: string) => {
    const a = s.attacks.find((x) => x.name === name)
    return a !== undefined && a.state === "scheduled" ? a.startEpoch : undefined
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(title, width)}</Text>
      {rows.length === 0 && events.length === 0 ? <Text dimColor>{fit(s.attacks.length > 0 ? `none yet: a launches ${s.attacks.map((a) => a.name).join(", ")}` : "none yet", width)}</Text> : null}
      {rows.map((r) => (
        <Text key={r.attack} {...(r.success === 1 && scheduled(r.attack) === undefined ? { color: "red" } : {})}>
          {fit(attackLine(r, width, scheduled(r.attack)), width)}
        </Text>
      ))}
      {events.map((e, i) => (
        <Text key={`${e.epoch}-${i}`}>{fit(`@${e.epoch} ${e.message}`, width)}</Text>
      ))}
    </Box>
  )
}

/** Lines the Attacks panel would fill under its title. */
export const attackLinesWanted = (s: Snapshot): number => Math.max(1, attackRows(s.values).length + s.events.filter((e) => e.kind === "attack").length)

/** Governance: proposal metrics and the latest governance and parameter-change events, at most `lines` lines under the title. */
export const Governance = ({ s, width, lines, title = "Governance · parameter changes" }: { readonly s: Snapshot; readonly width: number; readonly lines: number; readonly title?: string }) => {
  const gov = governanceValues(s.values)
  const events = s.events.filter((e) => e.kind === "governance" || e.kind === "params").slice(-Math.max(1, lines - (gov.length > 0 ? 1 : 0)))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(title, width)}</Text>
      {gov.length > 0 ? <Text>{fit(gov.map(([k, x]) => `${k.slice(4)} ${compact(x)}`).join("  "), width)}</Text> : null}
      {events.length === 0 ? <Text dimColor>none yet</Text> : null}
      {events.map((e, i) => (
        <Text key={`${e.epoch}-${i}`} {...(e.kind === "params" ? { color: "yellow" } : {})}>
          {fit(`@${e.epoch} ${e.kind === "params" ? describeChange(e.message, s.attacks) : e.message}`, width)}
        </Text>
      ))}
    </Box>
  )
}

/** Lines the Governance panel would fill under its title. */
export const governanceLinesWanted = (s: Snapshot): number =>
  (governanceValues(s.values).length > 0 ? 1 : 0) + Math.max(1, s.events.filter((e) => e.kind === "governance" || e.kind === "params").length)

/**
 * The experiment's guardrails on the run so far: green when they hold, red when broken, and a
 * dim "—" while a value they need does not exist yet (verdict "no data": before the first epoch,
 * after a restart, a metric the run does not record), never a red FAIL.
 */
export const Guardrails = ({ s, width, lines }: { readonly s: Snapshot; readonly width: number; readonly lines?: number }) => {
  if (s.guardrails.length === 0) return null
  const shown = lines === undefined ? s.guardrails : s.guardrails.slice(0, Math.max(0, lines))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Guardrails (live values)</Text>
      {shown.map((g) => {
        const noData = s.epoch === 0 || g.verdict === "no data"
        const values = Object.entries(g.values).map(([k, x]) => `${k}=${Number.isFinite(x) ? compact(x) : "—"}`).join(" ")
        return (
          <Text key={g.expression} {...(noData ? { dimColor: true } : { color: g.pass ? "green" : "red" })}>
            {fit(`${noData ? "—   " : g.pass ? "ok  " : "FAIL"} ${g.expression}  ${noData ? "no data yet" : values}`, width)}
          </Text>
        )
      })}
    </Box>
  )
}

/** Side by side or stacked: the headline metrics of both sides with the difference, and both sides' attack outcomes. */
export const Deltas = ({ a, b, metrics, width }: { readonly a: Snapshot; readonly b: Snapshot; readonly metrics: ReadonlyArray<string>; readonly width: number }) => {
  const sa = a.side ?? "A"
  const sb = b.side ?? "B"
  const label = Math.min(28, Math.max(8, ...metrics.map((m) => m.length)))
  const col = 11
  const delta = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return "—"
    const d = y - x
    const rel = x !== 0 ? ` (${d >= 0 ? "+" : ""}${((d / Math.abs(x)) * 100).toFixed(1)}%)` : ""
    return `${d > 0 ? "+" : d < 0 ? "-" : ""}${compact(Math.abs(d))}${rel}`
  }
  const attacks = [...new Set([...attackRows(a.values), ...attackRows(b.values)].map((r) => r.attack))]
  const sideWidth = Math.min(14, Math.max(sa.length, sb.length))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(`${"Headline".padEnd(label)} ${fit(sa, col - 1).padStart(col)} ${fit(sb, col - 1).padStart(col)}  ${sb} - ${sa}`, width)}</Text>
      {metrics.map((m) => (
        <Text key={m}>{fit(`${fit(m, label)} ${compact(v(a, m)).padStart(col)} ${compact(v(b, m)).padStart(col)}  ${delta(v(a, m), v(b, m))}`, width)}</Text>
      ))}
      {attacks.flatMap((name) =>
        [
          [sa, a],
          [sb, b]
        ].map(([side, s]) => {
          const snap = s as Snapshot
          const r = attackRows(snap.values).find((x) => x.attack === name)
          const st = snap.attacks.find((x) => x.name === name)
          const text = r === undefined ? `${name}: not in this run` : attackLine(r, width - sideWidth - 1, st?.state === "scheduled" ? st.startEpoch : undefined)
          return (
            <Text key={`${name}-${side as string}`} {...(r?.success === 1 && st?.state !== "scheduled" ? { color: "red" } : {})}>
              {fit(`${fit(side as string, sideWidth)} ${text}`, width)}
            </Text>
          )
        })
      )}
    </Box>
  )
}

/** Lines the Deltas block takes. */
export const deltaLines = (a: Snapshot, b: Snapshot, metrics: ReadonlyArray<string>): number =>
  1 + metrics.length + 2 * new Set([...attackRows(a.values), ...attackRows(b.values)].map((r) => r.attack)).size
