/**
 * The key reducer: every key of every screen as a state transition (next mode, commands sent,
 * quit), without rendering anything.
 */
import { describe, expect, it } from "vitest"
import { filterEvents, filterParams, initialUi, isTyping, KEYS, parseValue, reduceKey, splitBurst, type KeyPress, type KeyView, type Mode, type UiState } from "../../src/tui/keys.ts"

const view: KeyView = {
  params: [
    { path: "token.emission.perEpoch", label: "token.emission.perEpoch", value: 500_000, description: "Tokens minted per epoch." },
    { path: "market.volatility", label: "market.volatility", value: 0.05, description: "Daily volatility of the log price." },
    { path: "regions.latencyMs.3.2", label: "regions.latencyMs.oceania.asia", value: 120, description: "Round-trip latency in ms between regions." }
  ],
  attacks: [{ name: "dos-europe" }, { name: "sybil-asia" }],
  events: [
    { epoch: 3, kind: "governance", message: "proposal cut-emission passed" },
    { epoch: 10, kind: "attack", message: "dos-europe: griefing DoS on europe for 30 epochs" },
    { epoch: 12, kind: "params", message: "token.emission.perEpoch 500000 -> 350000 from epoch 12" },
    { epoch: 20, kind: "attack", message: "dos-europe: europe lost 20% of its operators" }
  ],
  page: 2,
  noAttacks: "no attacks to launch"
}
const k = (input: string, extra: Partial<KeyPress> = {}): KeyPress => ({ input, ...extra })
const at = (mode: Mode): UiState => ({ mode, note: "" })
const press = (state: UiState, ...keys: Array<KeyPress>) => {
  let s = state
  const commands: Array<unknown> = []
  let quit = false
  for (const key of keys) {
    const r = reduceKey(s, key, view)
    s = r.state
    commands.push(...r.commands)
    quit ||= r.quit
  }
  return { state: s, commands, quit }
}

describe("normal screen", () => {
  it.each([
    [" ", { _tag: "TogglePause" }],
    ["s", { _tag: "Step" }],
    ["+", { _tag: "Faster" }],
    ["=", { _tag: "Faster" }],
    ["-", { _tag: "Slower" }],
    ["_", { _tag: "Slower" }],
    ["r", { _tag: "Restart", sameSeed: false }],
    ["R", { _tag: "Restart", sameSeed: true }],
    ["e", { _tag: "Export" }],
    ["c", { _tag: "ToggleCompare" }]
  ])("%j sends %j and stays on the normal screen", (key, command) => {
    const r = press(initialUi, k(key))
    expect(r.commands).toEqual([command])
    expect(r.state.mode).toEqual({ tag: "normal" })
    expect(r.quit).toBe(false)
  })

  it("p opens the picker, ? the help, l the log at its newest event, a the attacks", () => {
    expect(press(initialUi, k("p")).state.mode).toEqual({ tag: "params", cursor: 0, query: "" })
    expect(press(initialUi, k("?")).state.mode).toEqual({ tag: "help" })
    expect(press(initialUi, k("l")).state.mode).toEqual({ tag: "log", cursor: 3, filter: "", typing: false, open: false })
    expect(press(initialUi, k("a")).state.mode).toEqual({ tag: "attacks", cursor: 0 })
    for (const key of ["p", "?", "l", "a"]) expect(press(initialUi, k(key)).commands).toEqual([])
  })

  it("a with nothing to launch stays and says why; the next key clears the note", () => {
    const r = reduceKey(initialUi, k("a"), { ...view, attacks: [] })
    expect(r.state).toEqual({ mode: { tag: "normal" }, note: "no attacks to launch" })
    expect(reduceKey(r.state, k("x"), view).state.note).toBe("")
  })

  it("q and Ctrl-C quit", () => {
    expect(press(initialUi, k("q"))).toEqual({ state: initialUi, commands: [{ _tag: "Quit" }], quit: true })
    expect(press(initialUi, k("c", { ctrl: true })).quit).toBe(true)
    // From any screen, typing included.
    expect(press(at({ tag: "params", cursor: 0, query: "vo" }), k("c", { ctrl: true }))).toEqual({ state: initialUi, commands: [{ _tag: "Quit" }], quit: true })
  })

  it("other keys do nothing", () => {
    expect(press(initialUi, k("x"), k("", { upArrow: true }), k("", { escape: true }))).toEqual({ state: initialUi, commands: [], quit: false })
  })

  it("the help lists every key the normal screen handles", () => {
    const listed = KEYS.map(([key]) => key).join(" ")
    for (const key of [" ", "s", "+", "-", "r", "R", "e", "c", "p", "?", "l", "a", "q"]) {
      expect(listed).toContain(key === " " ? "space" : key)
      const r = press(initialUi, k(key))
      expect(r.commands.length > 0 || r.state.mode.tag !== "normal" || r.quit).toBe(true)
    }
  })
})

describe("help", () => {
  it("any key closes it, q included (it does not quit unseen)", () => {
    for (const key of [k("?"), k("q"), k("", { escape: true }), k("x")]) {
      const r = press(at({ tag: "help" }), key)
      expect(r.state.mode).toEqual({ tag: "normal" })
      expect(r.quit).toBe(false)
      expect(r.commands).toEqual([])
    }
  })
})

describe("event log", () => {
  const log = at({ tag: "log", cursor: 3, filter: "", typing: false, open: false })
  it("moves with arrows, j/k, pages, g/G, never past the ends", () => {
    expect(press(log, k("", { upArrow: true })).state.mode).toMatchObject({ cursor: 2 })
    expect(press(log, k("k"), k("k")).state.mode).toMatchObject({ cursor: 1 })
    expect(press(log, k("", { downArrow: true })).state.mode).toMatchObject({ cursor: 3 })
    expect(press(log, k("j")).state.mode).toMatchObject({ cursor: 3 })
    expect(press(log, k("", { pageUp: true })).state.mode).toMatchObject({ cursor: 1 })
    expect(press(log, k("", { pageUp: true }), k("", { pageUp: true })).state.mode).toMatchObject({ cursor: 0 })
    expect(press(at({ tag: "log", cursor: 0, filter: "", typing: false, open: false }), k("", { pageDown: true })).state.mode).toMatchObject({ cursor: 2 })
    expect(press(log, k("g")).state.mode).toMatchObject({ cursor: 0 })
    expect(press(log, k("g"), k("G")).state.mode).toMatchObject({ cursor: 3 })
  })

  it("Enter opens the selected event whole and closes it; Esc closes the event, then the log", () => {
    const opened = press(log, k("", { return: true })).state
    expect(opened.mode).toMatchObject({ open: true })
    expect(press(opened, k("", { return: true })).state.mode).toMatchObject({ open: false })
    const back = press(opened, k("", { escape: true })).state
    expect(back.mode).toMatchObject({ tag: "log", open: false })
    expect(press(back, k("", { escape: true })).state.mode).toEqual({ tag: "normal" })
    expect(press(log, k("q")).state.mode).toEqual({ tag: "normal" })
    expect(press(log, k("l")).state.mode).toEqual({ tag: "normal" })
  })

  it("/ types a filter (letters are text, not keys), the cursor on the newest match; Enter keeps it, Esc clears it", () => {
    const typing = press(log, k("/"), k("d"), k("o"), k("s")).state
    expect(typing.mode).toEqual({ tag: "log", cursor: 1, filter: "dos", typing: true, open: false })
    expect(isTyping(typing.mode)).toBe(true)
    expect(filterEvents(view.events, "dos").map((e) => e.epoch)).toEqual([10, 20])
    const kept = press(typing, k("", { return: true })).state
    expect(kept.mode).toMatchObject({ filter: "dos", typing: false })
    expect(press(typing, k("", { backspace: true })).state.mode).toMatchObject({ filter: "do" })
    expect(press(typing, k("", { escape: true })).state.mode).toEqual({ tag: "log", cursor: 3, filter: "", typing: false, open: false })
    // q while typing is a letter of the filter.
    expect(press(typing, k("q")).state.mode).toMatchObject({ filter: "dosq" })
    expect(press(typing, k("q")).quit).toBe(false)
  })

  it("filters on the epoch, the kind and the text", () => {
    expect(filterEvents(view.events, "@12").map((e) => e.epoch)).toEqual([12])
    expect(filterEvents(view.events, "GOVERNANCE").map((e) => e.epoch)).toEqual([3])
    expect(filterEvents(view.events, "  ")).toHaveLength(4)
  })
})

describe("parameter picker", () => {
  const picker = at({ tag: "params", cursor: 0, query: "" })
  it("moves with arrows (wrapping) and pages", () => {
    expect(press(picker, k("", { downArrow: true })).state.mode).toMatchObject({ cursor: 1 })
    expect(press(picker, k("", { upArrow: true })).state.mode).toMatchObject({ cursor: 2 })
    expect(press(picker, k("", { pageDown: true })).state.mode).toMatchObject({ cursor: 2 })
    expect(press(at({ tag: "params", cursor: 2, query: "" }), k("", { pageUp: true })).state.mode).toMatchObject({ cursor: 0 })
  })

  it("typing searches names and descriptions, every word; Backspace edits the search", () => {
    const r = press(picker, ...[..."latency asia"].map((c) => k(c)))
    expect(r.state.mode).toEqual({ tag: "params", cursor: 0, query: "latency asia" })
    expect(filterParams(view.params, "latency asia").map((p) => p.path)).toEqual(["regions.latencyMs.3.2"])
    expect(filterParams(view.params, "minted").map((p) => p.path)).toEqual(["token.emission.perEpoch"])
    expect(filterParams(view.params, "VOLATILITY").map((p) => p.path)).toEqual(["market.volatility"])
    expect(press(r.state, k("", { backspace: true })).state.mode).toMatchObject({ query: "latency asi" })
    // q and p are letters of the search here, not quit.
    expect(press(picker, k("q")).quit).toBe(false)
  })

  it("Enter edits the selected match; with no match it stays and says so", () => {
    const r = press(picker, k("v"), k("o"), k("l"), k("", { return: true }))
    expect(r.state.mode).toEqual({ tag: "edit", path: "market.volatility", label: "market.volatility", current: 0.05, text: "", error: "" })
    const none = press(picker, k("z"), k("z"), k("", { return: true }))
    expect(none.state.mode).toMatchObject({ tag: "params", query: "zz" })
    expect(none.state.note).toBe('no parameter matches "zz"')
  })

  it("Esc clears the search first, then closes", () => {
    const typed = press(picker, k("v")).state
    expect(press(typed, k("", { escape: true })).state.mode).toEqual({ tag: "params", cursor: 0, query: "" })
    expect(press(picker, k("", { escape: true })).state.mode).toEqual({ tag: "normal" })
  })
})

describe("editing a value", () => {
  const edit = at({ tag: "edit", path: "token.emission.perEpoch", label: "token.emission.perEpoch", current: 500_000, text: "", error: "" })
  it("Enter sends the typed number (separators allowed) and goes back", () => {
    const r = press(edit, k("350,000"), k("", { return: true }))
    expect(r.commands).toEqual([{ _tag: "SetParam", path: "token.emission.perEpoch", value: 350_000 }])
    expect(r.state.mode).toEqual({ tag: "normal" })
    expect(press(edit, k("1"), k("e"), k("3"), k("", { return: true })).commands).toEqual([{ _tag: "SetParam", path: "token.emission.perEpoch", value: 1000 }])
  })

  it("a value that is not a number is refused naming what was typed", () => {
    const r = press(edit, k("a"), k("b"), k("c"), k("", { return: true }))
    expect(r.commands).toEqual([])
    expect(r.state.mode).toMatchObject({ tag: "edit", text: "abc", error: '"abc" is not a number' })
    expect(press(edit, k("", { return: true })).state.mode).toMatchObject({ error: "type a number (Esc cancels)" })
    // Typing again clears the error; Backspace edits.
    expect(press(r.state, k("", { backspace: true })).state.mode).toMatchObject({ text: "ab", error: "" })
  })

  it("Esc cancels without sending", () => {
    const r = press(edit, k("5"), k("", { escape: true }))
    expect(r.commands).toEqual([])
    expect(r.state).toEqual({ mode: { tag: "normal" }, note: "change cancelled" })
  })

  it("parses values", () => {
    expect(parseValue(" 1_000 ")).toEqual({ ok: true, value: 1000 })
    expect(parseValue("-0.5")).toEqual({ ok: true, value: -0.5 })
    expect(parseValue("Infinity")).toEqual({ ok: false, error: '"Infinity" is not a number' })
  })
})

describe("attack picker", () => {
  const attacks = at({ tag: "attacks", cursor: 0 })
  it("moves (wrapping), launches the selected one, Esc cancels", () => {
    expect(press(attacks, k("", { downArrow: true })).state.mode).toEqual({ tag: "attacks", cursor: 1 })
    expect(press(attacks, k("j"), k("j")).state.mode).toEqual({ tag: "attacks", cursor: 0 })
    expect(press(attacks, k("k")).state.mode).toEqual({ tag: "attacks", cursor: 1 })
    expect(press(attacks, k("", { upArrow: true })).state.mode).toEqual({ tag: "attacks", cursor: 1 })
    expect(press(attacks, k("j"), k("", { return: true })).commands).toEqual([{ _tag: "Launch", name: "sybil-asia" }])
    expect(press(attacks, k("", { return: true })).state.mode).toEqual({ tag: "normal" })
    expect(press(attacks, k("", { escape: true }))).toEqual({ state: initialUi, commands: [], quit: false })
  })
})

describe("bursts of keys", () => {
  it("split into key presses, Enter included, except text while typing", () => {
    expect(splitBurst(k("ps"), false).map((p) => p.input)).toEqual(["p", "s"])
    expect(splitBurst(k("12\r"), false)).toEqual([k("1", { return: false }), k("2", { return: false }), { input: "", return: true }])
    expect(splitBurst(k("123456"), true)).toEqual([k("123456", { return: false })])
    // Backspaces sent in a burst while typing are Backspace presses, not text.
    expect(splitBurst(k("ab\u007f\u007fc\r"), true)).toEqual([k("ab", { return: false }), { input: "", backspace: true }, { input: "", backspace: true }, k("c", { return: false }), { input: "", return: true }])
    expect(splitBurst(k("x"), false)).toEqual([k("x")])
  })

  it("a pasted session of keys gives the same state as typed keys", () => {
    const typed = press(initialUi, k("p"), k("v"), k("o"), k("l"), k("", { return: true }), k("0"), k("."), k("1"), k("", { return: true }))
    let s = initialUi
    const sent: Array<unknown> = []
    for (const key of splitBurst(k("pvol\r"), isTyping(s.mode))) {
      const r = reduceKey(s, key, view)
      s = r.state
      sent.push(...r.commands)
    }
    for (const key of splitBurst(k("0.1\r"), isTyping(s.mode))) {
      const r = reduceKey(s, key, view)
      s = r.state
      sent.push(...r.commands)
    }
    expect(sent).toEqual(typed.commands)
    expect(sent).toEqual([{ _tag: "SetParam", path: "market.volatility", value: 0.1 }])
  })
})
