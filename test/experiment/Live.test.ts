/**
 * Live sessions (the TUI's engine): stepping equals a batch run, a parameter change applies from
 * the next epoch and bad values are refused by the model's schema, restart changes the seed, the
 * stream obeys commands and ends on Quit, export holds exactly what ran.
 */
import { readFileSync } from "node:fs"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { models } from "../../models/index.ts"
import { simulate } from "../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { liveStream, LiveSession, type LiveCommand } from "../../src/experiment/Live.ts"
import { runSeed } from "../../src/experiment/Plan.ts"
import { ROOT } from "../support/cli.ts"

const load = (name: string, epochs: number) => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), { epochs })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

describe("LiveSession", () => {
  const exp = load("ab-emission-cut", 30)
  const model = models["gpu-network"]!

  it("steps to the same values as a batch run of the first scenario's run 0", () => {
    const s = new LiveSession(exp, model)
    while (s.step());
    const batch = simulate(model, exp.scenarios[0]!.params, { epochs: 30, seed: runSeed(exp.envelope.seed, 0) })
    const snap = s.snapshot({ paused: false, speed: 0, rate: 0, message: "" })
    expect(snap.epoch).toBe(30)
    expect(snap.done).toBe(true)
    batch.metrics.forEach((m, i) => expect(snap.values[m]).toBe(batch.series[i]![29]))
    expect(snap.history["activeOperators"]).toEqual(Array.from(batch.series[batch.metrics.indexOf("activeOperators")]!))
  })

  it("runs the scenario it is given (here the proposed variant) and names it", () => {
    const proposed = exp.scenarios.findIndex((sc) => sc.label === "proposed")
    expect(proposed).toBeGreaterThan(0)
    const s = new LiveSession(exp, model, undefined, proposed)
    for (let i = 0; i < 10; i++) s.step()
    const batch = simulate(model, exp.scenarios[proposed]!.params, { epochs: 10, seed: runSeed(exp.envelope.seed, 0) })
    const snap = s.snapshot({ paused: false, speed: 0, rate: 0, message: "" })
    expect(snap.experiment).toBe("ab-emission-cut/proposed")
    expect(snap.values["price"]).toBe(batch.series[batch.metrics.indexOf("price")]![9])
    const exported = JSON.parse(s.exportFiles().find((f) => f.name === "summary.json")!.content) as { scenarios: Array<{ scenario: string; runs: number }> }
    expect(exported.scenarios.map((sc) => [sc.scenario, sc.runs])).toEqual([["current", 0], ["proposed", 1]])
    expect(() => new LiveSession(exp, model, undefined, exp.scenarios.length)).toThrow(RangeError)
  })

  it("changes a parameter from the next epoch, logs it, and refuses values the schema refuses", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 5; i++) s.step()
    expect(s.tunables()[0]).toEqual({ path: "token.emission.perEpoch", value: 500_000 })
    const bad = s.setParam("slashing.doubleSignFraction", 1.5)
    expect(Either.isLeft(bad) && bad.left).toMatch(/slashing\.doubleSignFraction: Expected a probability between 0 and 1, got 1.5/)
    expect(Either.isLeft(s.setParam("token.nope", 1))).toBe(true)
    expect(Either.getOrThrow(s.setParam("token.emission.perEpoch", 100_000))).toBe("token.emission.perEpoch 500000 -> 100000 from epoch 5")
    s.step()
    s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.history["emission"]!.slice(-3)).toEqual([500_000, 100_000, 100_000])
    expect(snap.events.at(-1)).toEqual({ epoch: 5, kind: "params", message: "token.emission.perEpoch 500000 -> 100000 from epoch 5" })
    expect(snap.tunables[0]).toEqual({ path: "token.emission.perEpoch", value: 100_000 })
  })

  it("restarts from epoch 0 with the experiment's parameters and a new seed", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 10; i++) s.step()
    const first = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values["price"]
    s.setParam("token.emission.perEpoch", 1)
    s.restart(runSeed(exp.envelope.seed, 1))
    expect(s.epoch).toBe(0)
    for (let i = 0; i < 10; i++) s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.values["emission"]).toBe(500_000)
    expect(snap.values["price"]).not.toBe(first)
  })

  it("exports exactly the epochs that ran, with the event log", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 4; i++) s.step()
    const files = Object.fromEntries(s.exportFiles().map((f) => [f.name, f.content]))
    expect(Object.keys(files).sort()).toEqual(["events.tsv", "experiment.resolved.yaml", "metrics.csv", "summary.json"])
    const rows = files["metrics.csv"]!.trim().split("\n").slice(1)
    expect(new Set(rows.map((r) => r.split(",")[2]))).toEqual(new Set(["0", "1", "2", "3"]))
    expect(JSON.parse(files["summary.json"]!).epochsRun).toBe(4)
  })

  it("reports no attacks for a model without an attacks list", () => {
    const s = new LiveSession(exp, model)
    expect(s.attacks()).toEqual([])
    expect(Either.isLeft(s.launch("grief"))).toBe(true)
  })
})

describe("liveStream", () => {
  it("starts paused, steps on command, changes speed, and ends on Quit", async () => {
    const exp = load("ab-emission-cut", 50)
    const session = new LiveSession(exp, models["gpu-network"]!)
    const snaps = await Effect.runPromise(
      Effect.gen(function* () {
        const q = yield* Queue.unbounded<LiveCommand>()
        const commands: Array<LiveCommand> = [{ _tag: "Step" }, { _tag: "Step" }, { _tag: "Faster" }, { _tag: "SetParam", path: "token.emission.perEpoch", value: 1000 }, { _tag: "Step" }, { _tag: "Quit" }]
        // One command per snapshot, so each shows its effect.
        const stream = liveStream(session, q, { paused: true, tickMs: 5 }).pipe(
          Stream.tap(() => (commands.length > 0 ? Queue.offer(q, commands.shift()!) : Effect.void))
        )
        return Chunk.toReadonlyArray(yield* Stream.runCollect(stream))
      })
    )
    const last = snaps.at(-1)!
    expect(last.paused).toBe(true)
    expect(last.epoch).toBe(3)
    expect(last.speed).toBe(5)
    expect(last.values["emission"]).toBe(1000)
    expect(snaps.some((s) => s.message === "stepped to epoch 2")).toBe(true)
  })
})

describe("launching an attack live", () => {
  it("moves the attack's start to the next epoch and logs it", () => {
    const r = decodeExperiment("g.yaml", `name: g
epochs: 40
params:
  operators: { initial: 150 }
  validators: { initial: 20 }
  attacks:
    - { kind: griefing, name: dos-asia, region: asia, startEpoch: 1000, durationEpochs: 5 }
`)
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const s = new LiveSession(r.right, models["gpu-network"]!)
    expect(s.attacks()).toEqual([{ name: "dos-asia", startEpoch: 1000 }])
    for (let i = 0; i < 10; i++) s.step()
    expect(Either.getOrThrow(s.launch("dos-asia"))).toBe("attack dos-asia launched at epoch 10")
    s.step()
    s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.values["attack.dos-asia.detectedEpoch"]).toBe(10)
    expect(snap.values["attack.dos-asia.cost"]).toBe(2 * 50_000)
    expect(snap.attacks).toEqual([{ name: "dos-asia", startEpoch: 10 }])
    expect(snap.events.map((e) => e.message)).toContain("launched dos-asia at epoch 10")
  })
})
