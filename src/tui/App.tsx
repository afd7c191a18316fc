/**
 * The dashboard: renders the snapshots a live session streams and turns keys into commands.
 * It holds only UI state (mode, cursor, typed value); everything about the run arrives in
 * snapshots through `subscribe`, and every action leaves through `send`.
 */
import { Box, Text, useApp, useInput, useStdout, type Key } from "ink"
import { useEffect, useRef, useState } from "react"
import type { LiveCommand, Snapshot } from "../experiment/Live.ts"
import { compact, fit, noAttacksNote, wrap } from "./format.ts"
import { attackLinesWanted, Attacks, Breakdown, Economy, Governance, governanceLinesWanted, Guardrails, Header, Headline, HelpLine, Participation } from "./panels.tsx"

export interface AppProps {
  /** Registers a listener for snapshots; returns the unsubscribe function. */
  readonly subscribe: (listener: (s: Snapshot) => void) => () => void
  readonly send: (command: LiveCommand) => void
  /** The model's headline metrics (the generic panel). */
  readonly headline: ReadonlyArray<string>
  /** The seed a restart uses (a new one each time). */
  readonly nextSeed: () => number
  /** Labels of the experiment's scenarios that have attacks to launch (`a` names them when the running one has none). */
  readonly attackScenarios?: ReadonlyArray<string>
  /** A fixed screen size instead of the terminal's (tests). */
  readonly size?: { readonly columns: number; readonly rows: number }
}

type Mode =
  | { readonly tag: "normal" }
  | { readonly tag: "params"; readonly cursor: number }
  | { readonly tag: "edit"; readonly path: string; readonly current: number; readonly text: string; readonly error: string }
  | { readonly tag: "attacks"; readonly cursor: number }

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

/** A window of `height` items around `cursor`. */
const windowAround = <A,>(items: ReadonlyArray<A>, cursor: number, height: number): { readonly start: number; readonly items: ReadonlyArray<A> } => {
  const start = Math.max(0, Math.min(cursor - Math.floor(height / 2), items.length - height))
  return { start, items: items.slice(start, start + height) }
}

/** Below this width the Attacks and Governance panels are stacked, full width: an attack's line needs ~64 columns. */
export const SIDE_BY_SIDE_WIDTH = 130

export const App = ({ subscribe, send, headline, nextSeed, attackScenarios = [], size: fallback }: AppProps) => {
  const [snap, setSnap] = useState<Snapshot | undefined>(undefined)
  const [mode, setModeState] = useState<Mode>({ tag: "normal" })
  // Keys can arrive faster than React re-renders (a paste, tmux send-keys): the handler reads
  // the mode from a ref updated at once, not from the last render's closure.
  const modeRef = useRef<Mode>(mode)
  const setMode = (m: Mode) => {
    modeRef.current = m
    setModeState(m)
  }
  const [note, setNote] = useState("")
  const { exit } = useApp()
  const size = useSize(fallback)
  useEffect(() => subscribe(setSnap), [subscribe])

  const handle = (input: string, key: Key) => {
    if (!snap) return
    const mode = modeRef.current
    switch (mode.tag) {
      case "normal":
        setNote("")
        if (input === " ") send({ _tag: "TogglePause" })
        else if (input === "s") send({ _tag: "Step" })
        else if (input === "+" || input === "=") send({ _tag: "Faster" })
        else if (input === "-" || input === "_") send({ _tag: "Slower" })
        else if (input === "r") send({ _tag: "Restart", seed: nextSeed() })
        else if (input === "e") send({ _tag: "Export" })
        else if (input === "p") setMode({ tag: "params", cursor: 0 })
        else if (input === "a") {
          if (snap.attacks.length === 0) {
            const slash = snap.experiment.indexOf("/")
            setNote(noAttacksNote(slash < 0 ? undefined : snap.experiment.slice(slash + 1), attackScenarios))
          }
          else setMode({ tag: "attacks", cursor: 0 })
        } else if (input === "q" || (key.ctrl && input === "c")) {
          send({ _tag: "Quit" })
          exit()
        }
        return
      case "params": {
        const n = snap.tunables.length
        if (key.escape) setMode({ tag: "normal" })
        else if (key.upArrow || input === "k") setMode({ tag: "params", cursor: (mode.cursor - 1 + n) % n })
        else if (key.downArrow || input === "j") setMode({ tag: "params", cursor: (mode.cursor + 1) % n })
        else if (key.return && n > 0) {
          const t = snap.tunables[mode.cursor]!
          setMode({ tag: "edit", path: t.path, current: t.value, text: "", error: "" })
        }
        return
      }
      case "edit":
        if (key.escape) setMode({ tag: "normal" })
        else if (key.backspace || key.delete) setMode({ ...mode, text: mode.text.slice(0, -1), error: "" })
        else if (key.return) {
          const value = Number(mode.text)
          if (mode.text.trim() === "" || !Number.isFinite(value)) setMode({ ...mode, error: `"${mode.text}" is not a number` })
          else {
            send({ _tag: "SetParam", path: mode.path, value })
            setMode({ tag: "normal" })
          }
        } else if (/^[0-9.eE+-]+$/.test(input)) setMode({ ...mode, text: mode.text + input, error: "" })
        return
      case "attacks": {
        const n = snap.attacks.length
        if (key.escape) setMode({ tag: "normal" })
        else if (key.upArrow || input === "k") setMode({ tag: "attacks", cursor: (mode.cursor - 1 + n) % n })
        else if (key.downArrow || input === "j") setMode({ tag: "attacks", cursor: (mode.cursor + 1) % n })
        else if (key.return) {
          send({ _tag: "Launch", name: snap.attacks[mode.cursor]!.name })
          setMode({ tag: "normal" })
        }
        return
      }
    }
  }

  useInput((input, key) => {
    // A burst of keys (a paste, tmux send-keys) arrives as one string: replay it key by key,
    // except while typing a value, where digits come in bulk.
    if (input.length > 1 && !(modeRef.current.tag === "edit" && /^[0-9.eE+-]+$/.test(input))) {
      for (const ch of input) handle(ch === "\r" ? "" : ch, { ...key, return: ch === "\r" })
    } else handle(input, key)
  })

  if (!snap) return <Text>starting...</Text>
  const width = Math.max(40, size.columns - 1)
  const wide = width >= 100
  const gpu = "activeOperators" in snap.values
  const left = Math.floor(width * (wide ? 0.55 : 0.56))
  const right = width - left - 1
  // The message takes a second line when it needs one (a long note or schema error).
  const message = wrap(note || snap.message, width, 2)
  // Rows left for the lower panels: screen - header - top panels - message - help.
  const top = gpu ? 7 : headline.length + 1
  const spare = Math.max(4, size.rows - 1 - top - message.length - 1 - 1)
  const guardrailLines = Math.min(snap.guardrails.length > 0 ? snap.guardrails.length + 1 : 0, Math.max(0, spare - 4))
  const lower = Math.max(2, spare - guardrailLines - 1)
  // Side by side, each panel has `lower` lines under its title; stacked, the two share
  // lower - 1 lines: governance gets what it needs up to half, attacks the rest.
  const sideBySide = width >= SIDE_BY_SIDE_WIDTH
  const shared = lower - 1
  const govLines = Math.min(governanceLinesWanted(snap), Math.max(1, shared - Math.min(attackLinesWanted(snap), Math.ceil(shared / 2))))
  const attackLines = Math.max(1, shared - govLines)

  const modal = (() => {
    switch (mode.tag) {
      case "params": {
        const w = windowAround(snap.tunables, mode.cursor, Math.max(3, lower + guardrailLines - 1))
        return (
          <Box flexDirection="column">
            <Text bold>{fit("Parameter to change from the next epoch (↑/↓, Enter, Esc cancels)", width)}</Text>
            {w.items.map((t, i) => (
              <Text key={t.path} inverse={w.start + i === mode.cursor}>
                {fit(`${t.path} = ${compact(t.value)}`, width)}
              </Text>
            ))}
          </Box>
        )
      }
      case "edit":
        return (
          <Box flexDirection="column">
            <Text bold>{fit(`New value for ${mode.path} (now ${mode.current}); Enter applies, Esc cancels`, width)}</Text>
            <Text>
              {"> "}
              {mode.text}
              <Text inverse> </Text>
            </Text>
            {mode.error ? <Text color="red">{mode.error}</Text> : null}
          </Box>
        )
      case "attacks":
        return (
          <Box flexDirection="column">
            <Text bold>{fit("Launch an attack now (↑/↓, Enter, Esc cancels)", width)}</Text>
            {snap.attacks.map((a, i) => (
              <Text key={a.name} inverse={i === mode.cursor}>
                {fit(`${a.name} (scheduled at epoch ${a.startEpoch})`, width)}
              </Text>
            ))}
          </Box>
        )
      default:
        return undefined
    }
  })()

  return (
    <Box flexDirection="column" width={width}>
      <Header s={snap} width={width} />
      {gpu ? (
        <>
          <Box>
            <Participation s={snap} width={left} />
            <Box width={1} />
            <Economy s={snap} width={right} />
          </Box>
          <Breakdown s={snap} width={width} />
        </>
      ) : (
        <Headline s={snap} metrics={headline} width={width} />
      )}
      {modal ?? (
        <>
          {sideBySide ? (
            <Box>
              <Attacks s={snap} width={Math.floor(width / 2)} lines={lower} />
              <Box width={1} />
              <Governance s={snap} width={width - Math.floor(width / 2) - 1} lines={lower} />
            </Box>
          ) : (
            <>
              <Attacks s={snap} width={width} lines={attackLines} />
              <Governance s={snap} width={width} lines={govLines} />
            </>
          )}
          {guardrailLines > 0 ? <Guardrails s={{ ...snap, guardrails: snap.guardrails.slice(0, guardrailLines - 1) }} width={width} /> : null}
        </>
      )}
      {message.map((line, i) => (
        <Text key={i} color="yellow">
          {fit(line, width)}
        </Text>
      ))}
      <HelpLine width={width} />
    </Box>
  )
}
