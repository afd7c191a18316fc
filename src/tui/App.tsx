/**
 * The dashboard: renders the snapshots a live session streams; keys go through the pure reducer
 * (keys.ts) via `useKeys`. It holds only UI state; everything about the run arrives in snapshots
 * through `subscribe`, and every action leaves through `send`. The layout is computed from the
 * terminal's size: panels the model declares, charts that grow taller with the window, attack and
 * governance events that take the rest, overlays (help, log, parameter picker) over the body.
 */
import { Box, Text, useStdout } from "ink"
import { useEffect, useRef, useState } from "react"
import type { Panel } from "../engine/Model.ts"
import type { LiveCommand, Snapshot } from "../experiment/Live.ts"
import { fit, noAttacksNote, wrap } from "./format.ts"
import type { KeyView } from "./keys.ts"
import { attackLinesWanted, Attacks, Deltas, deltaLines, Governance, governanceLinesWanted, Guardrails, Header, panelLines, PanelView } from "./panels.tsx"
import { AttackPicker, EditView, HelpLine, HelpOverlay, LogView, ParamPicker } from "./overlays.tsx"
import { useKeys } from "./useKeys.ts"

export interface AppProps {
  /** Registers a listener for snapshots; returns the unsubscribe function. */
  readonly subscribe: (listener: (s: Snapshot) => void) => () => void
  readonly send: (command: LiveCommand) => void
  /** The model's headline metrics (the comparison's deltas). */
  readonly headline: ReadonlyArray<string>
  /** Labels of the experiment's scenarios that have attacks to launch (`a` names them when the running one has none). */
  readonly attackScenarios?: ReadonlyArray<string>
  /** A fixed screen size instead of the terminal's (tests). */
  readonly size?: { readonly columns: number; readonly rows: number }
}

const useSize = (fixed?: { readonly columns: number; readonly rows: number }) => {
  const { stdout } = useStdout()
  const read = () => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 }
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on("resize", onResize)
    return () => {
      stdout.off("resize", onResize)
    }
  }, [stdout])
  return size
}

/** At least this wide, panels go in two columns. */
export const TWO_COLUMNS_WIDTH = 100
/** At least this wide, Attacks and Governance sit side by side, and so do a comparison's two sides. */
export const SIDE_BY_SIDE_WIDTH = 130
/** Tallest chart, in lines. */
const MAX_CHART = 5

/** Panels split into `n` columns, each taking the next panel while it is the shortest. */
export const columnsOf = (panels: ReadonlyArray<Panel>, n: number): ReadonlyArray<ReadonlyArray<Panel>> => {
  const cols: Array<Array<Panel>> = Array.from({ length: n }, () => [])
  const lines = cols.map(() => 0)
  for (const p of panels) {
    const i = lines.indexOf(Math.min(...lines))
    cols[i]!.push(p)
    lines[i]! += panelLines(p, 1)
  }
  return cols
}

/** Panels of one column that fit `height` lines with charts `ch` tall: whole panels, the last one cut. */
const fitColumn = (panels: ReadonlyArray<Panel>, ch: number, height: number): ReadonlyArray<{ readonly panel: Panel; readonly lines: number }> => {
  const out: Array<{ panel: Panel; lines: number }> = []
  let left = height
  for (const p of panels) {
    if (left < 2) break
    const want = panelLines(p, ch)
    out.push({ panel: p, lines: Math.min(want, left) - 1 })
    left -= Math.min(want, left)
  }
  return out
}

const columnHeight = (panels: ReadonlyArray<Panel>, ch: number) => panels.reduce((n, p) => n + panelLines(p, ch), 0)

/** The tallest chart (up to MAX_CHART) with which every column fits `height`; 1 when none does. */
const chartHeightFor = (cols: ReadonlyArray<ReadonlyArray<Panel>>, height: number): number => {
  let ch = 1
  while (ch < MAX_CHART && cols.every((c) => columnHeight(c, ch + 1) <= height)) ch++
  return ch
}

/** Columns of panels side by side, each cut to `height` lines. */
const PanelColumns = ({ s, panels, width, height, columns }: { readonly s: Snapshot; readonly panels: ReadonlyArray<Panel>; readonly width: number; readonly height: number; readonly columns: number }) => {
  const cols = columnsOf(panels, columns)
  const ch = chartHeightFor(cols, height)
  const colWidth = Math.floor((width - (columns - 1)) / columns)
  return (
    <Box>
      {cols.map((c, i) => (
        <Box key={i} flexDirection="column" width={colWidth} marginRight={i < columns - 1 ? 1 : 0}>
          {fitColumn(c, ch, height).map(({ panel, lines }) => (
            <PanelView key={panel.title} s={s} panel={panel} width={colWidth} chartHeight={ch} lines={lines} />
          ))}
        </Box>
      ))}
    </Box>
  )
}

export const App = ({ subscribe, send, headline, attackScenarios = [], size: fallback }: AppProps) => {
  const [snap, setSnap] = useState<Snapshot | undefined>(undefined)
  const latest = useRef<Snapshot | undefined>(undefined)
  const size = useSize(fallback)
  useEffect(
    () =>
      subscribe((s) => {
        latest.current = s
        setSnap(s)
      }),
    [subscribe]
  )
  const view = (): KeyView | undefined => {
    const s = latest.current
    if (s === undefined) return undefined
    const target = s.compare ?? s
    const slash = s.experiment.indexOf("/")
    return {
      params: target.tunables,
      attacks: target.attacks,
      events: s.events,
      page: Math.max(1, size.rows - 8),
      noAttacks: noAttacksNote(slash < 0 ? undefined : s.experiment.slice(slash + 1), attackScenarios)
    }
  }
  const ui = useKeys(view, send)

  if (!snap) return <Text>starting...</Text>
  const mode = ui.mode
  const width = Math.max(40, size.columns - 1)
  const message = wrap(ui.note || snap.message, width, 2)
  // The body: the screen less the header (2), the message, the key line and one spare row (a
  // frame as tall as the terminal makes Ink clear the screen on every frame: flicker).
  const body = Math.max(6, size.rows - 1 - 2 - message.length - 1)
  const sideBySide = width >= SIDE_BY_SIDE_WIDTH
  const columns = width >= TWO_COLUMNS_WIDTH ? 2 : 1

  const lower = (height: number, s: Snapshot) => {
    const guard = s.guardrails.length > 0 ? Math.min(s.guardrails.length + 1, Math.max(0, height - 4)) : 0
    const rest = Math.max(2, height - guard)
    if (sideBySide) {
      return (
        <>
          <Box>
            <Attacks s={s} width={Math.floor(width / 2)} lines={rest - 1} />
            <Box width={1} />
            <Governance s={s} width={width - Math.floor(width / 2) - 1} lines={rest - 1} />
          </Box>
          {guard > 0 ? <Guardrails s={s} width={width} lines={guard - 1} /> : null}
        </>
      )
    }
    const shared = rest - 2
    const gov = Math.max(1, Math.min(governanceLinesWanted(s), shared - Math.min(attackLinesWanted(s), Math.ceil(shared / 2))))
    return (
      <>
        <Attacks s={s} width={width} lines={Math.max(1, shared - gov)} />
        <Governance s={s} width={width} lines={gov} />
        {guard > 0 ? <Guardrails s={s} width={width} lines={guard - 1} /> : null}
      </>
    )
  }
  /** Lines the lower block wants: events, at most a third of the body, at least the titles and a line each. */
  const lowerWant = (s: Snapshot) => {
    const guard = s.guardrails.length > 0 ? s.guardrails.length + 1 : 0
    const events = sideBySide ? 1 + Math.max(attackLinesWanted(s), governanceLinesWanted(s)) : 2 + attackLinesWanted(s) + governanceLinesWanted(s)
    return guard + Math.max(sideBySide ? 2 : 4, Math.min(events, Math.floor(body / 3)))
  }

  const content = (() => {
    switch (mode.tag) {
      case "help":
        return <HelpOverlay width={width} height={body} />
      case "log":
        return <LogView s={snap} mode={mode} width={width} height={body} />
      case "params":
        return <ParamPicker s={snap.compare ?? snap} mode={mode} width={width} height={body} side={snap.compare !== undefined ? (snap.compare.side ?? "B") : undefined} />
      default:
        break
    }
    const b = snap.compare
    if (b !== undefined) {
      // Comparing: the deltas, then each side's panels (side by side when wide, else stacked).
      const deltas = Math.min(deltaLines(snap, b, headline), Math.max(3, Math.floor(body / 2)))
      const rest = body - deltas
      const modal = mode.tag === "edit" ? 4 : mode.tag === "attacks" ? 1 + b.attacks.length : 0
      // On a tall screen, B's governance and parameter changes get the lines the charts do not need.
      const changes = sideBySide && rest - modal >= 24 && modal === 0 ? Math.min(1 + governanceLinesWanted(b), Math.floor((rest - modal) / 5)) : 0
      const sides = rest - modal - changes
      return (
        <>
          <Deltas a={snap} b={b} metrics={headline.slice(0, Math.max(0, deltas - 1))} width={width} />
          {sideBySide ? (
            <Box>
              <Box flexDirection="column" width={Math.floor(width / 2)}>
                <Text bold color="magenta">{fit(`── ${snap.side ?? "A"} ──`, Math.floor(width / 2))}</Text>
                <PanelColumns s={snap} panels={snap.panels} width={Math.floor(width / 2)} height={sides - 1} columns={1} />
              </Box>
              <Box width={1} />
              <Box flexDirection="column" width={width - Math.floor(width / 2) - 1}>
                <Text bold color="magenta">{fit(`── ${b.side ?? "B"} (changes go here) ──`, width - Math.floor(width / 2) - 1)}</Text>
                <PanelColumns s={b} panels={b.panels} width={width - Math.floor(width / 2) - 1} height={sides - 1} columns={1} />
              </Box>
            </Box>
          ) : (
            <>
              <Text bold color="magenta">{fit(`── ${snap.side ?? "A"} ──`, width)}</Text>
              <PanelColumns s={snap} panels={snap.panels} width={width} height={Math.floor((sides - 2) / 2)} columns={columns} />
              <Text bold color="magenta">{fit(`── ${b.side ?? "B"} (changes go here) ──`, width)}</Text>
              <PanelColumns s={b} panels={b.panels} width={width} height={sides - 2 - Math.floor((sides - 2) / 2)} columns={columns} />
            </>
          )}
          {changes >= 2 ? <Governance s={b} width={width} lines={changes - 1} title={`${b.side ?? "B"}: governance · parameter changes`} /> : null}
          {mode.tag === "edit" ? <EditView mode={mode} width={width} description={b.tunables.find((t) => t.path === mode.path)?.description ?? ""} /> : null}
          {mode.tag === "attacks" ? <AttackPicker s={snap} cursor={mode.cursor} width={width} /> : null}
        </>
      )
    }
    const want = lowerWant(snap)
    const top = Math.max(3, body - want)
    const cols = columnsOf(snap.panels, columns)
    const used = Math.min(top, Math.max(...cols.map((c) => columnHeight(c, chartHeightFor(cols, top)))))
    const below = body - used
    return (
      <>
        <PanelColumns s={snap} panels={snap.panels} width={width} height={used} columns={columns} />
        {mode.tag === "edit" ? (
          <EditView mode={mode} width={width} description={snap.tunables.find((t) => t.path === mode.path)?.description ?? ""} />
        ) : mode.tag === "attacks" ? (
          <AttackPicker s={snap} cursor={mode.cursor} width={width} />
        ) : (
          lower(below, snap)
        )}
      </>
    )
  })()

  return (
    <Box flexDirection="column" width={width}>
      <Header s={snap} width={width} />
      <Box flexDirection="column" height={body} overflow="hidden">
        {content}
      </Box>
      {message.map((line, i) => (
        <Text key={i} color="yellow">
          {fit(line, width)}
        </Text>
      ))}
      <HelpLine width={width} />
    </Box>
  )
}
