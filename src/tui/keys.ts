/**
 * keys: what every key does, as a pure reducer. `reduceKey(state, key, view)` returns the next UI
 * state, the commands to send to the live session and whether to quit; it never renders and
 * never reads the terminal, so every key is unit-tested as a state transition
 * (test/tui/keys.test.ts). `useKeys` (useKeys.ts) wires it to Ink's input.
 */
import type { LiveCommand } from "../experiment/Live.ts"

/** A key as Ink reports it (the fields the reducer reads). */
export interface KeyPress {
  readonly input: string
  readonly escape?: boolean
  readonly return?: boolean
  readonly upArrow?: boolean
  readonly downArrow?: boolean
  readonly pageUp?: boolean
  readonly pageDown?: boolean
  readonly backspace?: boolean
  readonly delete?: boolean
  readonly tab?: boolean
  readonly ctrl?: boolean
}

/** Which screen the keys act on. */
export type Mode =
  | { readonly tag: "normal" }
  | { readonly tag: "help" }
  /** The event log: `cursor` indexes the filtered events (newest last); `typing` while editing the filter; `open` shows the selected event whole. */
  | { readonly tag: "log"; readonly cursor: number; readonly filter: string; readonly typing: boolean; readonly open: boolean }
  /** The parameter picker: `query` filters by name and description. */
  | { readonly tag: "params"; readonly cursor: number; readonly query: string }
  | { readonly tag: "edit"; readonly path: string; readonly label: string; readonly current: number; readonly text: string; readonly error: string }
  | { readonly tag: "attacks"; readonly cursor: number }

export interface UiState {
  readonly mode: Mode
  /** A one-line note from the UI itself (not the session), cleared by the next key. */
  readonly note: string
}

export const initialUi: UiState = { mode: { tag: "normal" }, note: "" }

/** A parameter the picker offers. */
export interface PickerItem {
  readonly path: string
  /** Readable name (`regions.latencyMs.asia.europe` for `regions.latencyMs.2.1`). */
  readonly label: string
  readonly value: number
  readonly description: string
}

/** What the reducer needs to know about the screen: lists it moves a cursor over. */
export interface KeyView {
  readonly params: ReadonlyArray<PickerItem>
  readonly attacks: ReadonlyArray<{ readonly name: string }>
  readonly events: ReadonlyArray<{ readonly message: string; readonly kind: string; readonly epoch: number }>
  /** Lines a page of the log or picker moves. */
  readonly page: number
  /** What `a` says when there is nothing to launch. */
  readonly noAttacks: string
}

export interface KeyResult {
  readonly state: UiState
  readonly commands: ReadonlyArray<LiveCommand>
  readonly quit: boolean
}

/** Every key of the normal screen, for the help overlay (and its test: each is handled). */
export const KEYS: ReadonlyArray<readonly [string, string]> = [
  ["space", "pause / resume"],
  ["s", "step one epoch (pauses)"],
  ["+ / -", "faster / slower"],
  ["r", "restart with a new seed (next run index)"],
  ["R", "restart with the same seed"],
  ["p", "change a parameter from the next epoch (type to search)"],
  ["a", "launch one of the model's attacks now"],
  ["c", "compare: run a copy side by side, changes go to the copy"],
  ["l", "event log (/ filters, Enter shows an event whole)"],
  ["e", "export: metrics and an experiment that replays this session"],
  ["?", "this help"],
  ["q", "quit (Ctrl-C too)"]
]

/** Picker items matching every word of `query` (in the name or the description), in order. */
export const filterParams = (items: ReadonlyArray<PickerItem>, query: string): ReadonlyArray<PickerItem> => {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "")
  if (words.length === 0) return items
  return items.filter((p) => {
    const text = `${p.label} ${p.path} ${p.description}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** Events whose kind or message contains `filter` (case-insensitive). */
export const filterEvents = <E extends { readonly message: string; readonly kind: string; readonly epoch: number }>(events: ReadonlyArray<E>, filter: string): ReadonlyArray<E> => {
  const f = filter.trim().toLowerCase()
  if (f === "") return events
  return events.filter((e) => `@${e.epoch} ${e.kind} ${e.message}`.toLowerCase().includes(f))
}

const clamp = (x: number, n: number) => Math.max(0, Math.min(n - 1, x))
const printable = (k: KeyPress) => k.input.length > 0 && !k.ctrl && !k.escape && !k.return && !k.tab && !/[\u0000-\u001f\u007f]/.test(k.input)
const result = (state: UiState, commands: ReadonlyArray<LiveCommand> = [], quit = false): KeyResult => ({ state, commands, quit })
const to = (mode: Mode, note = ""): UiState => ({ mode, note })

/** Parse a typed value: a finite number, or the message naming what was typed. */
export const parseValue = (text: string): { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string } => {
  const t = text.trim().replace(/[,_]/g, "")
  const value = Number(t)
  return t === "" ? { ok: false, error: "type a number (Esc cancels)" } : Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `"${text}" is not a number` }
}

/** The next UI state, the commands to send and whether to quit, after `key`. Pure. */
export const reduceKey = (state: UiState, key: KeyPress, view: KeyView): KeyResult => {
  const mode = state.mode
  const input = key.input
  // Ctrl-C quits from anywhere, typing included.
  if (key.ctrl && input === "c") return result(to({ tag: "normal" }), [{ _tag: "Quit" }], true)
  switch (mode.tag) {
    case "normal": {
      const s = to(mode)
      if (input === "q" || (key.ctrl && input === "c")) return result(s, [{ _tag: "Quit" }], true)
      if (key.ctrl) return result(s)
      if (input === " ") return result(s, [{ _tag: "TogglePause" }])
      if (input === "s") return result(s, [{ _tag: "Step" }])
      if (input === "+" || input === "=") return result(s, [{ _tag: "Faster" }])
      if (input === "-" || input === "_") return result(s, [{ _tag: "Slower" }])
      if (input === "r") return result(s, [{ _tag: "Restart", sameSeed: false }])
      if (input === "R") return result(s, [{ _tag: "Restart", sameSeed: true }])
      if (input === "e") return result(s, [{ _tag: "Export" }])
      if (input === "c") return result(s, [{ _tag: "ToggleCompare" }])
      if (input === "p") return result(to({ tag: "params", cursor: 0, query: "" }))
      if (input === "?") return result(to({ tag: "help" }))
      if (input === "l") return result(to({ tag: "log", cursor: Math.max(0, view.events.length - 1), filter: "", typing: false, open: false }))
      if (input === "a") return view.attacks.length === 0 ? result(to(mode, view.noAttacks)) : result(to({ tag: "attacks", cursor: 0 }))
      return result(s)
    }
    case "help":
      // Any key closes the help; q and Ctrl-C close it too rather than quitting unseen.
      return result(to({ tag: "normal" }))
    case "log": {
      const shown = filterEvents(view.events, mode.filter)
      if (mode.typing) {
        if (key.escape) return result(to({ ...mode, typing: false, filter: "", cursor: Math.max(0, view.events.length - 1) }))
        if (key.return) return result(to({ ...mode, typing: false }))
        if (key.backspace || key.delete) {
          const filter = mode.filter.slice(0, -1)
          return result(to({ ...mode, filter, cursor: Math.max(0, filterEvents(view.events, filter).length - 1) }))
        }
        if (printable(key)) {
          const filter = mode.filter + input
          return result(to({ ...mode, filter, cursor: Math.max(0, filterEvents(view.events, filter).length - 1) }))
        }
        return result(state)
      }
      if (key.escape || input === "q" || input === "l") return mode.open ? result(to({ ...mode, open: false })) : result(to({ tag: "normal" }))
      if (input === "/") return result(to({ ...mode, typing: true, open: false }))
      if (key.return) return result(to({ ...mode, open: !mode.open }))
      const n = shown.length
      if (key.upArrow || input === "k") return result(to({ ...mode, cursor: clamp(mode.cursor - 1, n) }))
      if (key.downArrow || input === "j") return result(to({ ...mode, cursor: clamp(mode.cursor + 1, n) }))
      if (key.pageUp) return result(to({ ...mode, cursor: clamp(mode.cursor - view.page, n) }))
      if (key.pageDown) return result(to({ ...mode, cursor: clamp(mode.cursor + view.page, n) }))
      if (input === "g") return result(to({ ...mode, cursor: 0 }))
      if (input === "G") return result(to({ ...mode, cursor: Math.max(0, n - 1) }))
      return result(state)
    }
    case "params": {
      const shown = filterParams(view.params, mode.query)
      const n = shown.length
      if (key.escape) return mode.query !== "" ? result(to({ tag: "params", cursor: 0, query: "" })) : result(to({ tag: "normal" }))
      if (key.upArrow) return result(to({ ...mode, cursor: n === 0 ? 0 : (mode.cursor - 1 + n) % n }))
      if (key.downArrow) return result(to({ ...mode, cursor: n === 0 ? 0 : (mode.cursor + 1) % n }))
      if (key.pageUp) return result(to({ ...mode, cursor: clamp(mode.cursor - view.page, n) }))
      if (key.pageDown) return result(to({ ...mode, cursor: clamp(mode.cursor + view.page, n) }))
      if (key.return) {
        const p = shown[clamp(mode.cursor, n)]
        if (p === undefined) return result(to(mode, `no parameter matches "${mode.query}"`))
        return result(to({ tag: "edit", path: p.path, label: p.label, current: p.value, text: "", error: "" }))
      }
      if (key.backspace || key.delete) return result(to({ ...mode, query: mode.query.slice(0, -1), cursor: 0 }))
      if (printable(key)) return result(to({ ...mode, query: mode.query + input, cursor: 0 }))
      return result(state)
    }
    case "edit": {
      if (key.escape) return result(to({ tag: "normal" }, "change cancelled"))
      if (key.backspace || key.delete) return result(to({ ...mode, text: mode.text.slice(0, -1), error: "" }))
      if (key.return) {
        const v = parseValue(mode.text)
        if (!v.ok) return result(to({ ...mode, error: v.error }))
        return result(to({ tag: "normal" }), [{ _tag: "SetParam", path: mode.path, value: v.value }])
      }
      if (printable(key)) return result(to({ ...mode, text: mode.text + input, error: "" }))
      return result(state)
    }
    case "attacks": {
      const n = view.attacks.length
      if (key.escape) return result(to({ tag: "normal" }))
      if (key.upArrow || input === "k") return result(to({ tag: "attacks", cursor: n === 0 ? 0 : (mode.cursor - 1 + n) % n }))
      if (key.downArrow || input === "j") return result(to({ tag: "attacks", cursor: n === 0 ? 0 : (mode.cursor + 1) % n }))
      if (key.return) {
        const a = view.attacks[clamp(mode.cursor, n)]
        return a === undefined ? result(to({ tag: "normal" })) : result(to({ tag: "normal" }), [{ _tag: "Launch", name: a.name }])
      }
      return result(state)
    }
  }
}

/**
 * A burst of keys (a paste, tmux send-keys) arrives from the terminal as one string: split it
 * into single key presses (a carriage return is Enter, DEL or BS Backspace), except that while
 * typing, a run of printable characters stays one press of text.
 */
export const splitBurst = (key: KeyPress, typing: boolean): ReadonlyArray<KeyPress> => {
  if (key.input.length <= 1) return [key]
  const special = (ch: string): KeyPress | undefined =>
    ch === "\r" || ch === "\n" ? { input: "", return: true } : ch === "\u007f" || ch === "\b" ? { input: "", backspace: true } : undefined
  if (!typing) return [...key.input].map((ch) => special(ch) ?? { ...key, input: ch, return: false })
  const out: Array<KeyPress> = []
  let text = ""
  for (const ch of key.input) {
    const s = special(ch)
    if (s === undefined) {
      text += ch
      continue
    }
    if (text !== "") out.push({ ...key, input: text, return: false })
    text = ""
    out.push(s)
  }
  if (text !== "") out.push({ ...key, input: text, return: false })
  return out
}

/** True while keys are text (a search query, a filter, a value). */
export const isTyping = (mode: Mode): boolean => mode.tag === "edit" || mode.tag === "params" || (mode.tag === "log" && mode.typing)
