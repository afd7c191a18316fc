/**
 * Live sessions (the TUI's engine): stepping equals a batch run, a parameter change applies from
 * the next epoch and bad values are refused by the model's schema, restart changes the seed, the
 * stream obeys commands and ends on Quit, export holds exactly what ran.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { simulate } from "../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { writeExport, type ExportFile } from "../../src/experiment/ExportFiles.ts"
import { liveStream, LiveSession, type LiveCommand } from "../../src/experiment/Live.ts"
import { openResults, readSeries } from "../../src/experiment/Query.ts"
import { planRuns, runSeed } from "../../src/experiment/Plan.ts"
import { runOne } from "../../src/experiment/RunOne.ts"
import { ROOT } from "../support/cli.ts"

const load = (name: string, epochs: number) => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), { epochs })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** The text of an exported file. */
const text = (files: ReadonlyArray<ExportFile>, name: string): string => {
  const f = files.find((x) => x.name === name)
  if (f === undefined || !("content" in f)) throw new Error(`no text file ${name} in the export`)
  return f.content
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
    // The export replays just this scenario: its parameters in full, no variants.
    const exported = JSON.parse(text(s.exportFiles(), "summary.json")) as { scenarios: Array<{ scenario: string; runs: number }> }
    expect(exported.scenarios.map((sc) => [sc.scenario, sc.runs])).toEqual([["base", 1]])
    expect(text(s.exportFiles(), "experiment.resolved.yaml").replace(/\s+/g, " ")).toContain("(scenario proposed)")
    expect(() => new LiveSession(exp, model, undefined, exp.scenarios.length)).toThrow(RangeError)
  })

  it("changes a parameter from the next epoch, logs it, and refuses values the schema refuses", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 5; i++) s.step()
    expect(s.tunables()[0]).toMatchObject({ path: "token.emission.perEpoch", value: 500_000 })
    const bad = s.setParam("slashing.doubleSignFraction", 1.5)
    expect(Either.isLeft(bad) && bad.left).toMatch(/slashing\.doubleSignFraction: Expected a probability between 0 and 1, got 1.5/)
    expect(Either.isLeft(s.setParam("token.nope", 1))).toBe(true)
    expect(Either.getOrThrow(s.setParam("token.emission.perEpoch", 100_000))).toBe("token.emission.perEpoch 500000 -> 100000 from epoch 5")
    s.step()
    s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.history["emission"]!.slice(-3)).toEqual([500_000, 100_000, 100_000])
    expect(snap.events.at(-1)).toEqual({ epoch: 5, kind: "params", message: "token.emission.perEpoch 500000 -> 100000 from epoch 5" })
    expect(snap.tunables[0]).toMatchObject({ path: "token.emission.perEpoch", value: 100_000 })
  })

  it("restarts from epoch 0 with the experiment's parameters and a new seed", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 10; i++) s.step()
    const first = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values["price"]
    s.setParam("token.emission.perEpoch", 1)
    s.restart(false)
    expect(s.epoch).toBe(0)
    expect(s.run).toBe(1)
    expect(s.seed).toBe(runSeed(exp.envelope.seed, 1))
    expect(s.changes).toEqual([])
    for (let i = 0; i < 10; i++) s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.values["emission"]).toBe(500_000)
    expect(snap.values["price"]).not.toBe(first)
  })

  it("exports exactly the epochs that ran, as the tables sandbox run --out writes, with the event log", async () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 4; i++) s.step()
    const files = s.exportFiles()
    const dir = join(mkdtempSync(join(tmpdir(), "sandbox-live-")), "export")
    await Effect.runPromise(writeExport(dir, files).pipe(Effect.provide(NodeContext.layer)))
    expect(readdirSync(dir).sort()).toEqual([".incentive-sandbox-output", "events.tsv", "experiment.resolved.yaml", "runs.parquet", "scenarios.parquet", "series.parquet", "summary.json"])
    const batch = simulate(model, exp.scenarios[0]!.params, { epochs: 4, seed: runSeed(exp.envelope.seed, 0) })
    const db = await openResults(dir)
    try {
      const price = await readSeries(db, "price")
      expect(price.scenarios.map((sc) => [sc.scenario, sc.runs.map((r) => r.run)])).toEqual([["base", [0]]])
      expect(Array.from(price.scenarios[0]!.runs[0]!.values)).toEqual(Array.from(batch.series[batch.metrics.indexOf("price")]!))
      expect((await db.read("SELECT CAST(count(DISTINCT epoch) AS INTEGER), max(epoch) FROM series")).rows).toEqual([[4, 3]])
    } finally {
      db.close()
    }
    expect(JSON.parse(text(files, "summary.json")).epochsRun).toBe(4)
  })

  it("R replays the same run: same seed, same numbers; r moves on to a run not played yet", () => {
    const s = new LiveSession(exp, model)
    for (let i = 0; i < 8; i++) s.step()
    const first = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values
    s.restart(true)
    expect([s.run, s.epoch]).toEqual([0, 0])
    for (let i = 0; i < 8; i++) s.step()
    expect(s.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values).toEqual(first)
    s.restart(false)
    s.restart(false)
    expect(s.run).toBe(2)
    s.restart(true)
    expect(s.run).toBe(2)
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    // The header's seed is the experiment's (what --seed sets), with the run index beside it.
    expect([snap.seed, snap.run]).toEqual([exp.envelope.seed, 2])
  })

  it("--seed and the header agree: the header shows the experiment seed, and run 0 is sandbox run's run 0 of it", () => {
    const r = decodeExperiment("ab-emission-cut", readFileSync(`${ROOT}experiments/ab-emission-cut.yaml`, "utf8"), { epochs: 12, seed: 5 })
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const s = new LiveSession(r.right, model)
    while (s.step());
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect([snap.seed, snap.run]).toEqual([5, 0])
    const batch = simulate(model, r.right.scenarios[0]!.params, { epochs: 12, seed: runSeed(5, 0) })
    batch.metrics.forEach((m, i) => expect(snap.values[m]).toBe(batch.series[i]![11]))
  })

  it("offers only parameters that can change mid-run, with readable names and the schema's descriptions", () => {
    const s = new LiveSession(exp, model)
    const paths = s.tunables().map((t) => t.path)
    for (const fixed of ["token.initialSupply", "market.initialPrice", "operators.count", "validators.count"]) expect(paths).not.toContain(fixed)
    const latency = s.tunables().find((t) => t.path === "regions.latencyMs.3.2")!
    expect(latency.label).toBe("regions.latencyMs.oceania.asia")
    expect(latency.description).toMatch(/latency in ms between regions/)
    expect(s.tunables().find((t) => t.path === "token.emission.perEpoch")!.description).not.toBe("")
    expect(Either.isLeft(s.setParam("token.initialSupply", 5))).toBe(true)
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
  operators: { count: 150 }
  validators: { count: 20 }
  attacks:
    - { kind: griefing, name: dos-asia, region: asia, startEpoch: 1000, durationEpochs: 5 }
`)
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const s = new LiveSession(r.right, models["gpu-network"]!)
    expect(s.attacks()).toEqual([{ name: "dos-asia", startEpochPath: "attacks.0.startEpoch", startEpoch: 1000, endEpoch: 1005, state: "scheduled" }])
    for (let i = 0; i < 10; i++) s.step()
    expect(Either.getOrThrow(s.launch("dos-asia"))).toBe("attack dos-asia launched at epoch 10")
    s.step()
    s.step()
    const snap = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(snap.values["attack.dos-asia.detectedEpoch"]).toBe(10)
    expect(snap.values["attack.dos-asia.cost"]).toBe(2 * 50_000)
    // Running now, not "scheduled at epoch 10".
    expect(snap.attacks).toEqual([{ name: "dos-asia", startEpochPath: "attacks.0.startEpoch", startEpoch: 10, endEpoch: 15, state: "running" }])
    for (let i = 0; i < 5; i++) s.step()
    expect(s.attacks()[0]!.state).toBe("over")
    expect(snap.events.map((e) => e.message)).toContain("launched dos-asia at epoch 10")
  })
})

describe("an exported session replays", () => {
  const griefing = () => {
    const r = decodeExperiment("g.yaml", `name: g
seed: 7
epochs: 60
params:
  operators: { count: 150 }
  validators: { count: 20 }
  attacks:
    - { kind: griefing, name: dos-asia, region: asia, startEpoch: 1000, durationEpochs: 5 }
`)
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }

  it("restarted onto run 2, with parameter changes and an attack launched, sandbox run's path gives the screen's numbers", () => {
    const s = new LiveSession(griefing(), models["gpu-network"]!)
    for (let i = 0; i < 5; i++) s.step()
    s.setParam("token.emission.perEpoch", 1) // dropped by the restart
    s.restart(false)
    s.restart(false)
    for (let i = 0; i < 9; i++) s.step()
    expect(Either.isRight(s.setParam("token.emission.perEpoch", 350_000))).toBe(true)
    expect(Either.isRight(s.setParam("market.volatility", 0.09))).toBe(true)
    for (let i = 0; i < 7; i++) s.step()
    expect(Either.isRight(s.launch("dos-asia"))).toBe(true)
    for (let i = 0; i < 11; i++) s.step()
    const screen = s.snapshot({ paused: true, speed: 0, rate: 0, message: "" })
    expect(screen.changes).toBe(3)

    const yaml = text(s.exportFiles(), "experiment.resolved.yaml")
    expect(yaml).toContain("firstRun: 2")
    expect(yaml).toMatch(/schedule:\n\s+- epoch: 9\n\s+set:\n\s+token\.emission\.perEpoch: 350000\n\s+market\.volatility: 0\.09\n\s+- epoch: 16\n\s+set:\n\s+attacks\.0\.startEpoch: 16/)
    const replay = decodeExperiment("experiment.resolved.yaml", yaml)
    if (Either.isLeft(replay)) throw new Error(JSON.stringify(replay.left))
    const specs = planRuns(replay.right)
    expect(specs.map((x) => [x.run, x.seed])).toEqual([[2, runSeed(7, 2)]])
    const out = runOne(models["gpu-network"]!, replay.right.envelope.epochs, specs[0]!)
    if (out._tag !== "Completed") throw new Error(out.error)
    expect(out.result.series[0]!.length).toBe(27)
    out.result.metrics.forEach((m, i) => expect([m, out.result.series[i]![26]]).toEqual([m, screen.values[m]]))
    // The attack really ran in both.
    expect(screen.values["attack.dos-asia.detectedEpoch"]).toBe(16)
  })

  it("a comparison's copy is bit-identical to its original until a change, and each side exports its own replay", () => {
    const a = new LiveSession(griefing(), models["gpu-network"]!)
    for (let i = 0; i < 6; i++) a.step()
    a.setParam("market.volatility", 0.02)
    for (let i = 0; i < 4; i++) a.step()
    const b = a.copy()
    expect(b.epoch).toBe(10)
    expect(b.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values).toEqual(a.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values)
    b.setParam("token.emission.perEpoch", 0)
    for (let i = 0; i < 5; i++) {
      a.step()
      b.step()
    }
    expect(b.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values["emission"]).toBe(0)
    expect(a.snapshot({ paused: true, speed: 0, rate: 0, message: "" }).values["emission"]).toBe(500_000)
    expect(b.changes).toEqual([{ epoch: 6, set: { "market.volatility": 0.02 } }, { epoch: 10, set: { "token.emission.perEpoch": 0 } }])
  })
})

describe("liveStream comparing", () => {
  it("c starts a copy in lock step, changes go to it, R restarts both on the same run, export writes both sides", async () => {
    const exp = load("ab-emission-cut", 40)
    const session = new LiveSession(exp, models["gpu-network"]!, 0, 0)
    const exported: Array<ReadonlyArray<ExportFile>> = []
    const snaps = await Effect.runPromise(
      Effect.gen(function* () {
        const q = yield* Queue.unbounded<LiveCommand>()
        const commands: Array<LiveCommand> = [
          { _tag: "Step" },
          { _tag: "Step" },
          { _tag: "ToggleCompare" },
          { _tag: "SetParam", path: "token.emission.perEpoch", value: 0 },
          { _tag: "Step" },
          { _tag: "Step" },
          { _tag: "Export" },
          { _tag: "Quit" }
        ]
        const stream = liveStream(session, q, {
          paused: true,
          tickMs: 5,
          exportTo: (files) => Effect.sync(() => (exported.push(files), "out"))
        }).pipe(Stream.tap(() => (commands.length > 0 ? Queue.offer(q, commands.shift()!) : Effect.void)))
        return Chunk.toReadonlyArray(yield* Stream.runCollect(stream))
      })
    )
    const last = snaps.at(-1)!
    expect(last.epoch).toBe(4)
    expect(last.compare?.epoch).toBe(4)
    expect([last.side, last.compare?.side]).toEqual(["A", "B"])
    expect(last.values["emission"]).toBe(500_000)
    expect(last.compare!.values["emission"]).toBe(0)
    expect(snaps.some((s) => s.message === "B: token.emission.perEpoch 500000 -> 0 from epoch 2")).toBe(true)
    const names = exported[0]!.map((f) => f.name)
    expect(names).toContain("A/experiment.resolved.yaml")
    expect(names).toContain("B/experiment.resolved.yaml")
    expect(text(exported[0]!, "B/experiment.resolved.yaml")).toMatch(/schedule:\n\s+- epoch: 2\n\s+set:\n\s+token\.emission\.perEpoch: 0/)
    expect(text(exported[0]!, "A/experiment.resolved.yaml")).not.toContain("schedule:")
  })

  it("--compare with variants: each side is its scenario, both restart on the same run", () => {
    const exp = load("ab-emission-cut", 30)
    const a = new LiveSession(exp, models["gpu-network"]!, 0, 0)
    const b = a.copy(1)
    expect([a.label, b.label]).toEqual(["current", "proposed"])
    for (let i = 0; i < 5; i++) a.step(), b.step()
    a.restart(false)
    b.restartAt(a.run)
    expect([a.run, b.run, a.seed === b.seed, b.epoch]).toEqual([1, 1, true, 0])
  })
})
