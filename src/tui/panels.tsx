/**
 * The dashboard's panels: each renders one part of a `Snapshot` in a fixed number of lines, so
 * the whole screen fits 80x24. Panels read only their props.
 */
import { Box, Text } from "ink"
import type { Snapshot } from "../experiment/Live.ts"
import { formatSpeed, SPEEDS } from "../experiment/Live.ts"
import { attackLine, attackRows, compact, describeChange, fit, governanceValues, percent, regionRows, signed, sizeRows, sparkline, usd } from "./format.ts"

const v = (s: Snapshot, m: string): number => s.values[m] ?? Number.NaN
const h = (s: Snapshot, m: string): ReadonlyArray<number> => s.history[m] ?? []

export const Header = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  const state = s.done ? "DONE" : s.paused ? "PAUSED" : "RUNNING"
  const color = s.done ? "cyan" : s.paused ? "yellow" : "green"
  const right = ` epoch ${String(s.epoch).padStart(String(s.epochs).length)}/${s.epochs} · ${formatSpeed(SPEEDS[s.speed]!).padStart(6)} (${String(Math.round(s.rate)).padStart(4)}/s) `
  const room = Math.max(10, width - right.length - state.length)
  // Longest first: with the model, without it, then the scenario without the experiment's name.
  const scenario = s.experiment.includes("/") ? s.experiment.slice(s.experiment.indexOf("/") + 1) : s.experiment
  const candidates = [`${s.experiment} · ${s.model} · seed ${s.seed}`, `${s.experiment} · seed ${s.seed}`, `${scenario} · seed ${s.seed}`]
  const left = fit(candidates.find((c) => c.length <= room) ?? candidates[2]!, room)
  return (
    <Box>
      <Text bold>{left}</Text>
      <Text>{right}</Text>
      <Text color={color} bold>
        {state}
      </Text>
    </Box>
  )
}

/** gpu-network participation: operators and validators with joins/exits and churn. */
export const Participation = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  const spark = Math.max(6, width - 29)
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Participation (count, joins, exits)</Text>
      <Text>
        {fit(`operators  ${compact(v(s, "activeOperators")).padStart(6)} ${signed(v(s, "operatorJoins")).padStart(4)} ${signed(-v(s, "operatorExits")).padStart(4)}`, 28)}{" "}
        <Text color="cyan">{sparkline(h(s, "activeOperators"), spark)}</Text>
      </Text>
      <Text>
        {fit(`validators ${compact(v(s, "activeValidators")).padStart(6)} ${signed(v(s, "validatorJoins")).padStart(4)} ${signed(-v(s, "validatorExits")).padStart(4)}`, 28)}{" "}
        <Text color="cyan">{sparkline(h(s, "activeValidators"), spark)}</Text>
      </Text>
      <Text>
        {fit(`churn/epoch ${percent(v(s, "operatorChurnRate")).padStart(6)}`, 28)} <Text color="magenta">{sparkline(h(s, "operatorExits"), spark)}</Text>
      </Text>
      <Text>{fit(`since epoch 0: ${compact(v(s, "operatorJoinsTotal"))} joined, ${compact(v(s, "operatorExitsTotal"))} left`, width)}</Text>
    </Box>
  )
}

/** Churn by region and by size class, one line each, full width. */
export const Breakdown = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  const regions = regionRows(s.values)
  const sizes = sizeRows(s.values)
  return (
    <Box flexDirection="column" width={width}>
      <Text>{fit("regions " + regions.map((r) => `${r.region} ${compact(r.active)} -${compact(r.exits)} ${Number.isFinite(r.utilization) ? Math.round(r.utilization * 100) : "-"}% busy`).join(" · "), width)}</Text>
      <Text>{fit("sizes   " + sizes.map((r) => `${r.size} ${compact(r.active)} (exit ${percent(r.exitRate)})`).join(" · "), width)}</Text>
    </Box>
  )
}

/** Stake decentralization and the token. */
export const Economy = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  const spark = Math.max(4, width - 23)
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Decentralization · token</Text>
      <Text>{fit(`Nakamoto ops ${compact(v(s, "operatorNakamoto"))} · val ${compact(v(s, "validatorNakamoto"))}`, width)}</Text>
      <Text>{fit(`Gini ops ${compact(v(s, "operatorGini"))} · val ${compact(v(s, "validatorGini"))}`, width)}</Text>
      <Text>
        {fit(`price  ${usd(v(s, "price"))}`, 22)} <Text color="green">{sparkline(h(s, "price"), spark)}</Text>
      </Text>
      <Text>
        {fit(`supply ${compact(v(s, "supply"))} ${percent(v(s, "inflationAnnualized"))}/y`, 22)} <Text color="green">{sparkline(h(s, "supply"), spark)}</Text>
      </Text>
    </Box>
  )
}

/** Any model: its headline metrics with sparklines (used when the gpu-network panels do not apply). */
export const Headline = ({ s, metrics, width }: { readonly s: Snapshot; readonly metrics: ReadonlyArray<string>; readonly width: number }) => {
  const label = Math.min(30, Math.max(...metrics.map((m) => m.length), 8))
  const spark = Math.max(6, width - label - 12)
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Headline metrics</Text>
      {metrics.map((m) => (
        <Text key={m}>
          {fit(m, label)} {compact(v(s, m)).padStart(9)} <Text color="cyan">{sparkline(h(s, m), spark)}</Text>
        </Text>
      ))}
    </Box>
  )
}

/**
 * Attack outcomes (from metrics), one line each with the verdict and detection before the money
 * (`attackLine`), then the latest attack events: at most `lines` lines under the title.
 */
export const Attacks = ({ s, width, lines }: { readonly s: Snapshot; readonly width: number; readonly lines: number }) => {
  const rows = attackRows(s.values).slice(0, lines)
  const events = s.events.filter((e) => e.kind === "attack").slice(-Math.max(0, lines - rows.length))
  // An attack of the scenario whose start epoch has not run yet reports zeros: say it is scheduled.
  const startsAt = (name: string) => {
    const a = s.attacks.find((x) => x.name === name)
    return a !== undefined && s.epoch <= a.startEpoch ? a.startEpoch : undefined
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Attacks</Text>
      {rows.length === 0 && events.length === 0 ? <Text dimColor>none yet</Text> : null}
      {rows.map((r) => (
        <Text key={r.attack} {...(r.success === 1 && startsAt(r.attack) === undefined ? { color: "red" } : {})}>
          {fit(attackLine(r, width, startsAt(r.attack)), width)}
        </Text>
      ))}
      {events.map((e, i) => (
        <Text key={`${e.epoch}-${i}`}>{fit(`@${e.epoch} ${e.message}`, width)}</Text>
      ))}
    </Box>
  )
}

/** Lines the Attacks panel would fill under its title (outcome rows and attack events; 1 for "none yet"). */
export const attackLinesWanted = (s: Snapshot): number => Math.max(1, attackRows(s.values).length + s.events.filter((e) => e.kind === "attack").length)

/** Governance: proposal metrics and the latest governance and parameter-change events, at most `lines` lines under the title. */
export const Governance = ({ s, width, lines }: { readonly s: Snapshot; readonly width: number; readonly lines: number }) => {
  const gov = governanceValues(s.values)
  const events = s.events.filter((e) => e.kind === "governance" || e.kind === "params").slice(-Math.max(1, lines - (gov.length > 0 ? 1 : 0)))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Governance · parameter changes</Text>
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

/** The experiment's guardrails on the live values: green when they hold, red when broken. */
export const Guardrails = ({ s, width }: { readonly s: Snapshot; readonly width: number }) => {
  if (s.guardrails.length === 0) return null
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Guardrails (live values)</Text>
      {s.guardrails.map((g) => (
        <Text key={g.expression} color={g.verdict === "pass" ? "green" : g.verdict === "fail" ? "red" : "gray"}>
          {fit(`${g.verdict === "pass" ? "ok  " : g.verdict === "fail" ? "FAIL" : "n/a "} ${g.expression}  ${Object.entries(g.values).map(([k, x]) => `${k}=${compact(x)}`).join(" ")}`, width)}
        </Text>
      ))}
    </Box>
  )
}

export const HELP = "space pause  s step  +/- speed  r restart  p param  a attack  e export  q quit"

export const HelpLine = ({ width }: { readonly width: number }) => <Text dimColor>{fit(HELP, width)}</Text>
