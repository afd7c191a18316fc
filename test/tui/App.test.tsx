/**
 * The dashboard's panels, overlays and key handling, rendered with ink-testing-library from real
 * snapshots of live sessions, at 80x24 and 160x48: what each shows, and that it fits.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { LiveSession, type LiveCommand, type Snapshot } from "../../src/experiment/Live.ts"
import { App } from "../../src/tui/App.tsx"
import { Attacks, Deltas, Governance, Guardrails, Header, PanelView } from "../../src/tui/panels.tsx"
import { AttackPicker, EditView, HELP, HelpOverlay, LogView, ParamPicker } from "../../src/tui/overlays.tsx"
import { ROOT } from "../support/cli.ts"
import { renderAt } from "../support/renderAt.ts"

const session = (name: string, epochs: number, steps: number, scenario = 0) => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), { epochs })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const s = new LiveSession(r.right, models[r.right.envelope.model]!, 0, scenario)
  for (let i = 0; i < steps; i++) s.step()
  return s
}
const tick = () => new Promise((r) => setTimeout(r, 30))
const plain = (f: string) => f.replace(/\u001b\[[0-9;]*m/g, "")
const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 160, rows: 48 }
] as const
/** No line wider than the terminal, no more lines than it has. */
const fits = (f: string, size: { readonly columns: number; readonly rows: number }) => {
  const lines = plain(f).split("\n")
  expect(lines.length).toBeLessThanOrEqual(size.rows)
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(size.columns)
}

const gpu = session("ab-emission-cut", 40, 20)
gpu.setParam("token.emission.perEpoch", 250_000)
gpu.step()
const snap: Snapshot = gpu.snapshot({ paused: true, speed: 3, rate: 12, message: "hello" })
const grief = session("regional-griefing", 60, 45, 1)
const griefSnap = grief.snapshot({ paused: true, speed: 3, rate: 0, message: "" })

describe.each(SIZES)("panels at $columns x $rows", (size) => {
  const width = size.columns - 1
  it("header: experiment, seed and run, epoch, speed, state; the model's states and the changes recorded", () => {
    const f = plain(renderAt(<Header s={snap} width={width} />, size.columns).lastFrame()!)
    expect(f).toMatch(new RegExp(`(ab-emission-cut/)?current · (gpu-network · )?seed ${snap.seed} run 0 `))
    expect(f).toContain("epoch 21/40")
    expect(f).toContain("10/s")
    expect(f).toContain("PAUSED")
    expect(f).toMatch(/market: no regime schedule · demand [\d,]+ \(\d+% unserved\)/)
    expect(f).toContain("1 change recorded")
    fits(f, size)
  })

  it("the model's panels: values with separators, extras, charts with their scale", () => {
    const participation = snap.panels.find((p) => p.title.startsWith("Participation"))!
    const f = plain(renderAt(<PanelView s={snap} panel={participation} width={width} chartHeight={size.rows > 30 ? 3 : 1} />, size.columns).lastFrame()!)
    expect(f).toContain(`operators   ${snap.values["activeOperators"]!.toLocaleString("en-US").padStart(9)}`)
    expect(f).toMatch(/churn\/epoch\s+\d+\.\d%/)
    expect(f).toMatch(/left total\s+[\d,]+ joined [\d,]+/)
    // The scale beside the chart: min-max on one line, max on top and min at the bottom when taller.
    if (size.rows > 30) expect(f).toMatch(/[▁▂▃▄▅▆▇█]\s+[\d,.]+k?\n/)
    else expect(f).toMatch(/[▁▂▃▄▅▆▇█]\s+[\d,.]+k?–[\d,.]+k?/)
    const token = plain(renderAt(<PanelView s={snap} panel={snap.panels[1]!} width={width} />, size.columns).lastFrame()!)
    expect(token).toMatch(/price\s+\$\d+\.\d\d/)
    expect(token).toMatch(/\$[\d.]+–\$[\d.]+ log/)
    fits(f, size)
  })

  it("attacks: verdict first, scheduled ones say so, a running one shows its outcome", () => {
    const scheduled = session("regional-griefing", 60, 10, 1).snapshot({ paused: true, speed: 3, rate: 0, message: "" })
    expect(plain(renderAt(<Attacks s={scheduled} width={width} lines={3} />, size.columns).lastFrame()!)).toContain("dos-europe: scheduled @30")
    const f = plain(renderAt(<Attacks s={griefSnap} width={width} lines={4} />, size.columns).lastFrame()!)
    expect(f).toMatch(/dos-europe: (SUCCEEDS|fails) · detected @30 · cost \$[\d.]+[kM]? · profit -?\$[\d.]+[kM]?/)
    expect(f).toContain("@30 dos-europe: griefing DoS on europe for 30 epochs")
    expect(plain(renderAt(<Attacks s={snap} width={width} lines={3} />, size.columns).lastFrame()!)).toContain("none yet")
    fits(f, size)
  })

  it("governance: the parameter change applied, with separators", () => {
    const f = plain(renderAt(<Governance s={snap} width={width} lines={3} />, size.columns).lastFrame()!)
    expect(f).toContain("@20 emission.perEpoch 500,000→250,000")
    fits(f, size)
  })

  it("guardrails: ok, FAIL, and — with no value yet (not a red FAIL)", () => {
    const broken: Snapshot = { ...snap, guardrails: [{ expression: "p50(price) > 100", verdict: "fail", pass: false, values: { "p50(price)": 1.5 } }, { expression: "p50(price) > 0", verdict: "pass", pass: true, values: { "p50(price)": 1.5 } }, { expression: "p50(attack.x.profit) > 0", verdict: "no data", pass: false, values: { "p50(attack.x.profit)": Number.NaN } }] }
    const f = plain(renderAt(<Guardrails s={broken} width={width} />, size.columns).lastFrame()!)
    expect(f).toContain("FAIL p50(price) > 100  p50(price)=1.50")
    expect(f).toContain("ok   p50(price) > 0")
    expect(f).toContain("—    p50(attack.x.profit) > 0  no data yet")
    const fresh: Snapshot = { ...broken, epoch: 0, guardrails: [{ expression: "p50(price) > 100", verdict: "no data", pass: false, values: { "p50(price)": Number.NaN } }] }
    const none = plain(renderAt(<Guardrails s={fresh} width={width} />, size.columns).lastFrame()!)
    expect(none).toContain("—    p50(price) > 100  no data yet")
    expect(none).not.toContain("FAIL")
    fits(f, size)
  })

  it("help overlay: every key", () => {
    const f = plain(renderAt(<HelpOverlay width={width} height={size.rows - 4} />, size.columns).lastFrame()!)
    for (const k of ["space", "s ", "+ / -", "r ", "R ", "p ", "a ", "c ", "l ", "e ", "? ", "q "]) expect(f).toContain(`\n${k}`)
    fits(f, size)
  })

  it("event log: filtered, the selection whole on Enter, never cut", () => {
    const long: Snapshot = { ...griefSnap, events: [...griefSnap.events, { epoch: 44, kind: "info", message: `a very long event ${"that goes on ".repeat(12)}and ends here` }] }
    const f = plain(renderAt(<LogView s={long} mode={{ tag: "log", cursor: long.events.length - 1, filter: "", typing: false, open: true }} width={width} height={size.rows - 4} />, size.columns).lastFrame()!)
    expect(f).toContain(`Event log: ${long.events.length} of ${long.events.length} events`)
    expect(f.replace(/\s+/g, " ")).toContain("and ends here")
    const filtered = plain(renderAt(<LogView s={long} mode={{ tag: "log", cursor: 0, filter: "dos on", typing: true, open: false }} width={width} height={size.rows - 4} />, size.columns).lastFrame()!)
    expect(filtered).toContain("Event log: 1 of")
    expect(filtered).toContain("filter: dos on▏")
    expect(filtered).toContain("griefing DoS on europe for 30 epochs")
    fits(f, size)
  })

  it("parameter picker: search, readable names, descriptions; no fields fixed at start", () => {
    const f = plain(renderAt(<ParamPicker s={snap} mode={{ tag: "params", cursor: 0, query: "latency ocean" }} width={width} height={size.rows - 4} />, size.columns).lastFrame()!)
    expect(f).toContain("search: latency ocean▏")
    expect(f).toContain("regions.latencyMs.oceania.americas = ")
    expect(f).not.toContain("regions.latencyMs.3.0")
    expect(f).toContain("Round-trip latency in ms between regions")
    const all = plain(renderAt(<ParamPicker s={snap} mode={{ tag: "params", cursor: 0, query: "" }} width={width} height={200} />, size.columns).lastFrame()!)
    expect(all).toContain("token.emission.perEpoch = 250,000")
    expect(all).not.toContain("token.initialSupply")
    expect(all).not.toContain("market.initialPrice")
    fits(f, size)
  })

  it("editing: the description and the error naming what was typed", () => {
    const f = plain(renderAt(<EditView mode={{ tag: "edit", path: "market.volatility", label: "market.volatility", current: 0.05, text: "abc", error: '"abc" is not a number' }} width={width} description="Daily volatility." />, size.columns).lastFrame()!)
    expect(f).toContain("New value for market.volatility (now 0.05)")
    expect(f).toContain('"abc" is not a number')
    fits(f, size)
  })

  it("attack picker: scheduled, running and over", () => {
    const at = (state: "scheduled" | "running" | "over") => ({ ...griefSnap, attacks: [{ ...griefSnap.attacks[0]!, state }] })
    expect(plain(renderAt(<AttackPicker s={at("scheduled")} cursor={0} width={width} />, size.columns).lastFrame()!)).toContain("dos-europe (scheduled at epoch 30)")
    expect(plain(renderAt(<AttackPicker s={at("running")} cursor={0} width={width} />, size.columns).lastFrame()!)).toContain("dos-europe (running since epoch 30, until 60)")
    expect(plain(renderAt(<AttackPicker s={at("over")} cursor={0} width={width} />, size.columns).lastFrame()!)).toContain("dos-europe (over: ran 30-59")
  })

  it("deltas: headline metrics of both sides with the difference, and both attack outcomes", () => {
    const b = session("regional-griefing", 60, 45, 1)
    const a = session("regional-griefing", 60, 45, 0)
    const sa = { ...a.snapshot({ paused: true, speed: 3, rate: 0, message: "" }), side: "no-attack" }
    const sb = { ...b.snapshot({ paused: true, speed: 3, rate: 0, message: "" }), side: "griefing" }
    const f = plain(renderAt(<Deltas a={sa} b={sb} metrics={["activeOperators", "price"]} width={width} />, size.columns).lastFrame()!)
    expect(f).toMatch(/Headline\s+no-attack\s+griefing\s+griefing - no-attack/)
    const diff = sb.values["activeOperators"]! - sa.values["activeOperators"]!
    expect(f).toMatch(new RegExp(`activeOperators\\s+[\\d,]+\\s+[\\d,]+\\s+${diff > 0 ? "\\+" : "-"}${Math.abs(diff).toLocaleString("en-US")} \\([+-]\\d+\\.\\d%\\)`))
    expect(f).toContain("no-attack dos-europe: not in this run")
    expect(f).toMatch(/griefing  dos-europe: (SUCCEEDS|fails)/)
    fits(f, size)
  })
})

describe.each(SIZES)("App at $columns x $rows", (size) => {
  const mount = (s: Snapshot, attackScenarios: ReadonlyArray<string> = []) => {
    const sent: Array<LiveCommand> = []
    const app = renderAt(<App subscribe={(l) => (l(s), () => {})} send={(c) => sent.push(c)} headline={models["gpu-network"]!.headline} attackScenarios={attackScenarios} size={size} />, size.columns)
    return { app, sent }
  }
  /** Mounted, with the first snapshot drawn and the input handler live (polls: CI is slow). */
  const mounted = async (s: Snapshot, attackScenarios: ReadonlyArray<string> = []) => {
    const m = mount(s, attackScenarios)
    for (let i = 0; i < 100 && !m.app.lastFrame()?.includes("Participation"); i++) await tick()
    await tick()
    return m
  }
  const keys = async (app: { stdin: { write: (s: string) => void } }, ...ks: Array<string>) => {
    for (const k of ks) {
      app.stdin.write(k)
      await tick()
    }
  }
  /** Waits (up to 10 s) until `n` commands were sent. */
  const sentCount = async (sent: ReadonlyArray<unknown>, n: number) => {
    for (let i = 0; i < 300 && sent.length < n; i++) await tick()
  }
  /** The frame once it shows `text` (polls for up to 10 s: a loaded machine renders late); the last frame otherwise. */
  const frameWith = async (app: { lastFrame: () => string | undefined }, text: string): Promise<string> => {
    for (let i = 0; i < 300 && !plain(app.lastFrame() ?? "").replace(/\s+/g, " ").includes(text.replace(/\s+/g, " ")); i++) await tick()
    return plain(app.lastFrame() ?? "")
  }

  it("fits and shows the panels, events, guardrails, message and key line; big screens fill up", async () => {
    const f = plain((await mounted(snap)).app.lastFrame()!)
    fits(f, size)
    for (const t of ["Participation", "Decentralization", "Attacks", "Governance", "Guardrails", "hello"]) expect(f).toContain(t)
    expect(f).toContain(size.columns >= HELP.length + 1 ? HELP : "? help")
    if (size.rows >= 48) {
      for (const t of ["Regions", "Size classes"]) expect(f).toContain(t)
      // Charts grow with the window: few empty lines left.
      const empty = f.split("\n").filter((l) => l.trim() === "").length
      expect(empty).toBeLessThanOrEqual(8)
      expect(f.split("\n").length).toBeGreaterThanOrEqual(44)
    }
  })

  it("keys become commands: r new run, R same seed", async () => {
    const { app, sent } = await mounted(snap)
    await keys(app, " ", "s", "+", "-", "r", "R", "e", "c", "q")
    await sentCount(sent, 9)
    expect(sent).toEqual([
      { _tag: "TogglePause" },
      { _tag: "Step" },
      { _tag: "Faster" },
      { _tag: "Slower" },
      { _tag: "Restart", sameSeed: false },
      { _tag: "Restart", sameSeed: true },
      { _tag: "Export" },
      { _tag: "ToggleCompare" },
      { _tag: "Quit" }
    ])
  })

  it("? shows the help over the body; any key closes it", async () => {
    const { app } = await mounted(snap)
    await keys(app, "?")
    const f = await frameWith(app, "R       restart with the same seed")
    expect(f).toContain("Keys (any key closes this help)")
    expect(f).toContain("R       restart with the same seed")
    fits(f, size)
    await keys(app, "x")
    expect(await frameWith(app, "Participation")).toContain("Participation")
  })

  it("l opens the log; / filters it", async () => {
    const { app } = await mounted(griefSnap)
    await keys(app, "l")
    expect(await frameWith(app, `Event log: ${griefSnap.events.length} of ${griefSnap.events.length} events`)).toContain(`Event log: ${griefSnap.events.length} of ${griefSnap.events.length} events`)
    await keys(app, "/", "dos on")
    const f = await frameWith(app, "Event log: 1 of")
    expect(f).toContain("Event log: 1 of")
    expect(f).toContain("griefing DoS on europe for 30 epochs")
    fits(f, size)
    await keys(app, "\r", "\u001b")
    expect(await frameWith(app, "Participation")).toContain("Participation")
  })

  it("p: search, pick, a non-number is refused naming it, a number is sent; Esc cancels", async () => {
    const { app, sent } = await mounted(snap)
    await keys(app, "p", "volat")
    expect(await frameWith(app, "market.volatility = 0.03")).toContain("market.volatility = 0.03")
    fits(app.lastFrame()!, size)
    await keys(app, "\r")
    expect(await frameWith(app, "New value for market.volatility (now 0.03)")).toContain("New value for market.volatility (now 0.03)")
    expect(await frameWith(app, "Standard deviation of the log-price change per epoch.")).toContain("Standard deviation of the log-price change per epoch.")
    await keys(app, "abc", "\r")
    expect(await frameWith(app, '"abc" is not a number')).toContain('"abc" is not a number')
    expect(sent).toEqual([])
    await keys(app, "\u007f", "\u007f", "\u007f", "0.2", "\r")
    await sentCount(sent, 1)
    expect(sent).toEqual([{ _tag: "SetParam", path: "market.volatility", value: 0.2 }])
    await keys(app, "p", "\u001b")
    expect(await frameWith(app, "Attacks")).toContain("Attacks")
  })

  it("a names the scenarios with attacks when the one running has none, and launches one when it has", async () => {
    const none = await mounted(snap, ["griefing", "own-operators"])
    await keys(none.app, "a")
    const note = "scenario current has no attacks; these have: griefing, own-operators (sandbox tui <file> --scenario NAME)"
    expect((await frameWith(none.app, note)).replace(/\s+/g, " ")).toContain(note)
    fits(none.app.lastFrame()!, size)
    const armed = await mounted(griefSnap)
    await keys(armed.app, "a")
    expect(await frameWith(armed.app, "dos-europe (running since epoch 30, until 60)")).toContain("dos-europe (running since epoch 30, until 60)")
    await keys(armed.app, "\r")
    await sentCount(armed.sent, 1)
    expect(armed.sent).toEqual([{ _tag: "Launch", name: "dos-europe" }])
  })

  it("comparing: both sides and the deltas fit", async () => {
    const a = session("regional-griefing", 60, 45, 0)
    const b = session("regional-griefing", 60, 45, 1)
    const extra = { paused: true, speed: 3, rate: 0, message: "" }
    const s: Snapshot = { ...a.snapshot(extra), side: "no-attack", compare: { ...b.snapshot(extra), side: "griefing" } }
    const f = plain((await mounted(s)).app.lastFrame()!)
    fits(f, size)
    expect(f).toMatch(/Headline\s+no-attack\s+griefing/)
    expect(f).toContain("── no-attack ──")
    expect(f).toContain("── griefing (changes go here) ──")
    expect(f).toMatch(/griefing  dos-europe: (SUCCEEDS|fails)/)
    if (size.columns >= 130) {
      // Side by side: both side titles on one line; on a tall screen B's changes below.
      expect(f.split("\n").some((l) => l.includes("── no-attack ──") && l.includes("── griefing"))).toBe(true)
      if (size.rows >= 48) expect(f).toContain("griefing: governance · parameter changes")
    }
  })
})
