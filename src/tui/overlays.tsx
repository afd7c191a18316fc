/**
 * The dashboard's overlays and help line: key help, the event log, the parameter and attack
 * pickers and the value editor. Each reads only its props (the snapshot and the UI mode).
 */
import { Box, Text } from "ink"
import type { Snapshot, Tunable } from "../experiment/Live.ts"
import { fit, grouped, wrap } from "./format.ts"
import { filterEvents, filterParams, KEYS, type Mode } from "./keys.ts"

/** `?`: every key, what it does, and the keys of each overlay. */
export const HelpOverlay = ({ width, height }: { readonly width: number; readonly height: number }) => {
  const lines = [
    ...KEYS.map(([k, what]) => `${k.padEnd(7)} ${what}`),
    "",
    "Lists (p, a, l): ↑/↓ move, PgUp/PgDn page, Enter chooses, Esc goes back.",
    "p: type to search names and descriptions, Enter edits the value.",
    "l: / filters, Enter shows the selected event whole, g/G first/last.",
    "Changes apply from the next epoch and are recorded: e exports them as an",
    "experiment that sandbox run replays (same seed, run index and changes)."
  ]
  const shown = lines.slice(0, Math.max(1, height - 1))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit("Keys (any key closes this help)", width)}</Text>
      {shown.map((l, i) => (
        <Text key={i}>{fit(l, width)}</Text>
      ))}
    </Box>
  )
}

/** A window of `height` items around `cursor`. */
export const windowAround = <A,>(items: ReadonlyArray<A>, cursor: number, height: number): { readonly start: number; readonly items: ReadonlyArray<A> } => {
  const start = Math.max(0, Math.min(cursor - Math.floor(height / 2), items.length - height))
  return { start, items: items.slice(start, start + height) }
}

/** `l`: the event log, filtered, scrolled around the cursor; Enter shows the selected event whole. */
export const LogView = ({ s, mode, width, height }: { readonly s: Snapshot; readonly mode: Extract<Mode, { tag: "log" }>; readonly width: number; readonly height: number }) => {
  const events = filterEvents(s.events, mode.filter)
  const cursor = Math.max(0, Math.min(mode.cursor, events.length - 1))
  const selected = events[cursor]
  const full = mode.open && selected !== undefined ? wrap(`@${selected.epoch} [${selected.kind}] ${selected.message}`, width - 2, 6) : []
  const listHeight = Math.max(1, height - 2 - (full.length > 0 ? full.length + 1 : 0))
  const w = windowAround(events, cursor, listHeight)
  const filterLine = mode.typing ? `filter: ${mode.filter}▏ (Enter keeps, Esc clears)` : mode.filter !== "" ? `filter: ${mode.filter} (/ edits)` : "/ filters · Enter shows whole · Esc closes"
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(`Event log: ${events.length} of ${s.events.length} events · ${filterLine}`, width)}</Text>
      {events.length === 0 ? <Text dimColor>{fit(mode.filter !== "" ? `no event matches "${mode.filter}"` : "no events yet", width)}</Text> : null}
      {w.items.map((e, i) => (
        <Text key={`${w.start + i}`} inverse={w.start + i === cursor} {...(e.kind === "params" ? { color: "yellow" } : e.kind === "attack" ? { color: "red" } : {})}>
          {fit(`@${String(e.epoch).padStart(4)} ${e.kind.padEnd(10)} ${e.message}`, width)}
        </Text>
      ))}
      {full.length > 0 ? (
        <Box flexDirection="column" borderStyle="single" borderLeft={false} borderRight={false} borderBottom={false}>
          {full.map((l, i) => (
            <Text key={i}>{fit(l, width)}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  )
}

/** `p`: the parameters that can change mid-run, searchable, with the selected one's description. */
export const ParamPicker = ({ s, mode, width, height, side }: { readonly s: Snapshot; readonly mode: Extract<Mode, { tag: "params" }>; readonly width: number; readonly height: number; readonly side?: string | undefined }) => {
  const items = filterParams(s.tunables, mode.query)
  const cursor = Math.max(0, Math.min(mode.cursor, items.length - 1))
  const selected: Tunable | undefined = items[cursor]
  const about = selected !== undefined && selected.description !== "" ? wrap(selected.description, width, 2) : []
  const listHeight = Math.max(1, height - 2 - about.length)
  const w = windowAround(items, cursor, listHeight)
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(`Change from the next epoch${side !== undefined ? ` (in ${side})` : ""} · search: ${mode.query}▏ · ${items.length} of ${s.tunables.length} · ↑/↓ Enter, Esc`, width)}</Text>
      {items.length === 0 ? <Text dimColor>{fit(`no parameter matches "${mode.query}" (Backspace edits the search)`, width)}</Text> : null}
      {w.items.map((t, i) => (
        <Text key={t.path} inverse={w.start + i === cursor}>
          {fit(`${t.label} = ${grouped(t.value)}`, width)}
        </Text>
      ))}
      {about.map((l, i) => (
        <Text key={`about-${i}`} dimColor>
          {fit(l, width)}
        </Text>
      ))}
    </Box>
  )
}

/** Typing a new value, with the schema's description and the last error (naming what was typed). */
export const EditView = ({ mode, width, description }: { readonly mode: Extract<Mode, { tag: "edit" }>; readonly width: number; readonly description: string }) => (
  <Box flexDirection="column" width={width}>
    <Text bold>{fit(`New value for ${mode.label} (now ${grouped(mode.current)}); Enter applies, Esc cancels`, width)}</Text>
    {description !== "" ? <Text dimColor>{fit(description, width)}</Text> : null}
    <Text>
      {"> "}
      {mode.text}
      <Text inverse> </Text>
    </Text>
    {mode.error ? <Text color="red">{fit(mode.error, width)}</Text> : null}
  </Box>
)

/** `a`: the model's attacks, each with where it stands (scheduled, running, over). */
export const AttackPicker = ({ s, cursor, width }: { readonly s: Snapshot; readonly cursor: number; readonly width: number }) => (
  <Box flexDirection="column" width={width}>
    <Text bold>{fit(`Launch an attack now${s.compare !== undefined ? ` (in ${s.compare.side ?? "B"})` : ""} (↑/↓, Enter, Esc cancels)`, width)}</Text>
    {(s.compare ?? s).attacks.map((a, i) => (
      <Text key={a.name} inverse={i === cursor}>
        {fit(
          `${a.name} (${a.state === "scheduled" ? `scheduled at epoch ${a.startEpoch}` : a.state === "running" ? `running since epoch ${a.startEpoch}${a.endEpoch !== undefined ? `, until ${a.endEpoch}` : ""}` : `over: ran ${a.startEpoch}-${(a.endEpoch ?? a.startEpoch) - 1}; Enter runs it again from now`})`,
          width
        )}
      </Text>
    ))}
  </Box>
)

export const HELP = "space pause  s step  +/- speed  r/R restart  p param  a attack  c compare  l log  e export  ? help  q quit"

export const HelpLine = ({ width }: { readonly width: number }) => <Text dimColor>{fit(width >= HELP.length ? HELP : "space pause  s step  +/- speed  p param  a attack  l log  ? help  q quit", width)}</Text>
