/**
 * The dashboard's panels and key handling, rendered with ink-testing-library from real
 * snapshots of a live session.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { render } from "ink-testing-library"
import { describe, expect, it } from "vitest"
import { models } from "../../models/index.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { LiveSession, type LiveCommand, type Snapshot } from "../../src/experiment/Live.ts"
import { App } from "../../src/tui/App.tsx"
import { Attacks, Breakdown, Economy, Governance, Guardrails, Header, Headline, HELP, Participation } from "../../src/tui/panels.tsx"
import { ROOT } from "../support/cli.ts"

const session = (name: string, epochs: number, steps: number, scenario = 0) => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), { epochs })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const s = new LiveSession(r.right, models[r.right.envelope.model]!, undefined, scenario)
  for (let i = 0; i < steps; i++) s.step()
  return s
}
const tick = () => new Promise((r) => setTimeout(r, 30))

const gpu = session("ab-emission-cut", 40, 20)
gpu.setParam("token.emission.perEpoch", 250_000)
gpu.step()
const snap: Snapshot = gpu.snapshot({ paused: true, speed: 3, rate: 12, message: "hello" })

describe("panels", () => {
  it("header: experiment, epoch, speed and state", () => {
    const f = render(<Header s={snap} width={80} />).lastFrame()!
    // Several scenarios: the header names the one running; at 80 columns the seed keeps its digits.
    expect(f).toMatch(/(ab-emission-cut\/)?current · seed \d{6,} /)
    expect(render(<Header s={snap} width={120} />).lastFrame()).toMatch(/ab-emission-cut\/current · gpu-network · seed \d+/)
    expect(render(<Header s={{ ...snap, experiment: "default" }} width={80} />).lastFrame()).toMatch(/default · gpu-network · seed \d+/)
    expect(f).toContain("epoch 21/40")
    expect(f).toContain("10/s")
    expect(f).toContain("PAUSED")
  })

  it("participation: operators and validators with joins and exits, churn", () => {
    const f = render(<Participation s={snap} width={45} />).lastFrame()!
    expect(f).toContain(`operators   ${snap.values["activeOperators"]!.toLocaleString("en-US")}`)
    expect(f).toMatch(/validators\s+\d+/)
    expect(f).toMatch(/churn\/epoch\s+\d+\.\d%/)
    expect(f).toMatch(/since epoch 0: [\d,]+ joined, [\d,]+ left/)
    // Nobody left: the exits column reads 0, not -0 (the negated count).
    const calm = render(<Participation s={{ ...snap, values: { ...snap.values, operatorExits: 0, validatorJoins: 0, validatorExits: 0 } }} width={45} />).lastFrame()!
    expect(calm).toMatch(/validators\s+\d+\s+0\s+0 /)
    expect(calm).not.toContain("-0")
  })

  it("breakdown: every region and size class", () => {
    const f = render(<Breakdown s={snap} width={200} />).lastFrame()!
    for (const r of ["americas", "europe", "asia"]) expect(f).toContain(r)
    for (const c of ["small", "medium", "large"]) expect(f).toContain(c)
  })

  it("economy: Nakamoto, Gini, price and supply", () => {
    const f = render(<Economy s={snap} width={34} />).lastFrame()!
    expect(f).toContain(`Nakamoto ops ${snap.values["operatorNakamoto"]}`)
    expect(f).toMatch(/Gini ops 0\.\d+/)
    expect(f).toMatch(/price\s+\$\d+\.\d\d/)
    expect(f).toMatch(/supply \d+\.\d\dB/)
  })

  it("governance: the parameter change applied", () => {
    const f = render(<Governance s={snap} width={80} lines={3} />).lastFrame()!
    expect(f).toContain("@20 emission.perEpoch 500000→250000")
  })

  it("governance: an attack launched with `a` reads as launched, not as its startEpoch changing", () => {
    const g = session("regional-griefing", 40, 12, 1)
    expect(g.launch("dos-europe")._tag).toBe("Right")
    g.step()
    const f = render(<Governance s={g.snapshot({ paused: true, speed: 3, rate: 0, message: "" })} width={80} lines={3} />).lastFrame()!
    expect(f).toContain("@12 attack dos-europe launched")
    expect(f).not.toContain("startEpoch")
  })

  it("attacks: outcomes from attack metrics and the attack log; 'none yet' without", () => {
    expect(render(<Attacks s={snap} width={40} lines={3} />).lastFrame()).toContain("none yet")
    const withAttack: Snapshot = {
      ...snap,
      values: { ...snap.values, "attack.poisoning.cost": 120, "attack.poisoning.profit": 300, "attack.poisoning.success": 1, "attack.poisoning.detectedEpoch": 7 },
      events: [...snap.events, { epoch: 3, kind: "attack", message: "launched grief" }]
    }
    const f = render(<Attacks s={withAttack} width={80} lines={3} />).lastFrame()!
    expect(f).toContain("poisoning: SUCCEEDS · detected @7 · cost $120.00 · profit $300.00")
    expect(f).toContain("@3 launched grief")
  })

  it("attacks: a scheduled attack says so instead of its zero outcome", () => {
    const g = session("regional-griefing", 40, 10, 1)
    const f = render(<Attacks s={g.snapshot({ paused: true, speed: 3, rate: 0, message: "" })} width={80} lines={3} />).lastFrame()!
    expect(f).toContain("dos-europe: scheduled @30")
  })

  it("guardrails: each with its verdict and the values it used", () => {
    const broken: Snapshot = { ...snap, guardrails: [{ expression: "p50(price) > 100", verdict: "fail", pass: false, values: { "p50(price)": 1.5 } }, { expression: "p50(price) > 0", verdict: "pass", pass: true, values: { "p50(price)": 1.5 } }, { expression: "p50(attack.x.profit) > 0", verdict: "no data", pass: false, values: { "p50(attack.x.profit)": Number.NaN } }] }
    const f = render(<Guardrails s={broken} width={80} />).lastFrame()!
    expect(f).toContain("FAIL p50(price) > 100  p50(price)=1.50")
    expect(f).toContain("ok   p50(price) > 0")
    expect(f).toContain("n/a  p50(attack.x.profit) > 0")
  })

  it("headline: any model's headline metrics", () => {
    const av = session("spot-check-rate", 20, 10)
    const s = av.snapshot({ paused: false, speed: 4, rate: 0, message: "" })
    const f = render(<Headline s={s} metrics={models["ai-verification"]!.headline} width={80} />).lastFrame()!
    for (const m of models["ai-verification"]!.headline) expect(f).toContain(m)
  })
})

describe("App", () => {
  const mount = (s: Snapshot, attackScenarios: ReadonlyArray<string> = []) => {
    const sent: Array<LiveCommand> = []
    let seeds = 100
    const app = render(
      <App subscribe={(l) => (l(s), () => {})} send={(c) => sent.push(c)} headline={models["gpu-network"]!.headline} nextSeed={() => ++seeds} attackScenarios={attackScenarios} size={{ columns: 80, rows: 24 }} />
    )
    return { app, sent }
  }
  /** Mounted, with the first snapshot drawn and the input handler live (polls: CI is slow). */
  const mounted = async (s: Snapshot, attackScenarios: ReadonlyArray<string> = []) => {
    const m = mount(s, attackScenarios)
    for (let i = 0; i < 100 && !m.app.lastFrame()?.includes("Participation"); i++) await tick()
    await tick()
    return m
  }

  it("fits 80x24 and shows every panel and the help line", async () => {
    const f = (await mounted(snap)).app.lastFrame()!
    const lines = f.split("\n")
    expect(lines.length).toBeLessThanOrEqual(24)
    // Ink draws the frame; no line runs past 80 visible columns.
    for (const l of lines) expect(l.replace(/\u001b\[[0-9;]*m/g, "").length).toBeLessThanOrEqual(80)
    for (const t of ["Participation", "Decentralization", "regions", "Attacks", "Governance", "Guardrails", HELP, "hello"]) expect(f).toContain(t)
  })

  it("at 80 columns an attack's line keeps its verdict, detection, cost and profit", async () => {
    const g = session("regional-griefing", 60, 45, 1)
    const s = g.snapshot({ paused: true, speed: 3, rate: 0, message: "" })
    const f = (await mounted(s)).app.lastFrame()!
    const lines = f.split("\n").map((l) => l.replace(/\u001b\[[0-9;]*m/g, ""))
    expect(lines.length).toBeLessThanOrEqual(24)
    const row = lines.find((l) => l.startsWith("dos-europe: "))!
    expect(row).toMatch(/^dos-europe: (SUCCEEDS|fails) · detected @30 · cost \$[\d.]+[kM]? · profit -\$[\d.]+[kM]?\s*$/)
    expect(row.length).toBeLessThanOrEqual(80)
    // The attack's events are not cut either.
    expect(f).toContain("@30 dos-europe: griefing DoS on europe for 30 epochs")
  })

  it("turns keys into commands", async () => {
    const { app, sent } = await mounted(snap)
    for (const k of [" ", "s", "+", "-", "r", "e"]) {
      app.stdin.write(k)
      await tick()
    }
    expect(sent).toEqual([{ _tag: "TogglePause" }, { _tag: "Step" }, { _tag: "Faster" }, { _tag: "Slower" }, { _tag: "Restart", seed: 101 }, { _tag: "Export" }])
    app.stdin.write("q")
    await tick()
    expect(sent.at(-1)).toEqual({ _tag: "Quit" })
  })

  it("p edits a parameter: pick it, type a value, Enter sends it; a non-number is refused; Esc cancels", async () => {
    const { app, sent } = await mounted(snap)
    app.stdin.write("p")
    await tick()
    expect(app.lastFrame()).toContain("token.emission.perEpoch = 250.0k")
    app.stdin.write("\u001b[B") // down
    await tick()
    app.stdin.write("\r")
    await tick()
    expect(app.lastFrame()).toContain(`New value for ${snap.tunables[1]!.path}`)
    app.stdin.write("abc")
    app.stdin.write("\r")
    await tick()
    expect(sent).toEqual([])
    app.stdin.write("0.2")
    await tick()
    app.stdin.write("\r")
    await tick()
    expect(sent).toEqual([{ _tag: "SetParam", path: snap.tunables[1]!.path, value: 0.2 }])
    app.stdin.write("p")
    await tick()
    app.stdin.write("\u001b")
    await tick()
    expect(app.lastFrame()).toContain("Attacks")
  })

  it("a names the scenarios with attacks when the one running has none, and launches one when it has", async () => {
    const none = await mounted(snap, ["griefing", "own-operators"])
    none.app.stdin.write("a")
    await tick()
    // Two lines: the note wraps instead of losing the scenario names.
    const note = none.app.lastFrame()!.replace(/\s+/g, " ")
    expect(note).toContain("scenario current has no attacks; these have: griefing, own-operators (sandbox tui <file> --scenario NAME)")
    expect(none.app.lastFrame()!.split("\n").length).toBeLessThanOrEqual(24)
    const nowhere = await mounted(snap)
    nowhere.app.stdin.write("a")
    await tick()
    expect(nowhere.app.lastFrame()).toContain("no attacks to launch: no scenario of this experiment defines one")
    const armed = await mounted({ ...snap, attacks: [{ name: "grief-eu", startEpoch: 90 }] })
    armed.app.stdin.write("a")
    await tick()
    expect(armed.app.lastFrame()).toContain("grief-eu (scheduled at epoch 90)")
    armed.app.stdin.write("\r")
    await tick()
    expect(armed.sent).toEqual([{ _tag: "Launch", name: "grief-eu" }])
  })
})
