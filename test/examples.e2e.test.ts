/**
 * The example model in examples/staking-pool (docs/writing-a-model.md) lives outside models/
 * and is named by path in examples/staking-pool.yaml. It runs through `sandbox run`, `sandbox
 * sweep --workers 2` and the library (`run`, and `sweep`, the function `sandbox sweep` calls),
 * with identical results, and keeps its invariants.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { simulate } from "../src/engine/Simulation.ts"
import { planRuns } from "../src/experiment/Plan.ts"
import { modelFor } from "../src/experiment/ModelRegistry.ts"
import { decodeExperiment, ExperimentError, loadExperiment, metricsCsv, run, sweep } from "../src/library/index.ts"
import { ROOT, sandbox } from "./support/cli.ts"

const FILE = "examples/staking-pool.yaml"
const ARGS = ["--runs", "2", "--epochs", "40"]
const dir = mkdtempSync(join(tmpdir(), "example-model-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("a model outside models/, named by path", () => {
  it("runs with sandbox run, sandbox sweep --workers 2 and the library, to the same bytes", async () => {
    const r = await sandbox(["run", FILE, ...ARGS, "--workers", "1", "--out", join(dir, "run"), "--format", "csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain("model ./staking-pool")
    const s = await sandbox(["sweep", FILE, ...ARGS, "--workers", "2", "--out", join(dir, "sweep"), "--format", "csv"])
    expect(s.code, s.stderr).toBe(0)
    const cli = readFileSync(join(dir, "run", "metrics.csv"), "utf8")
    expect(readFileSync(join(dir, "sweep", "metrics.csv"), "utf8")).toBe(cli)
    const exp = await loadExperiment(`${ROOT}${FILE}`, { runs: 2, epochs: 40 })
    const results = await run(exp, { workers: 2 })
    expect(metricsCsv(results.outcomes)).toBe(cli)
    // Three variants, two runs each, every run completed.
    expect(results.outcomes.map((o) => o._tag)).toEqual(Array(6).fill("Completed"))
    // The library's sweep writes what `sandbox sweep` writes, byte for byte.
    const swept = await sweep(exp, { out: join(dir, "library-sweep"), workers: 2, format: "csv" })
    expect(swept.records).toHaveLength(6)
    for (const name of ["metrics.csv", "runs.csv", "summary.json"]) {
      expect(readFileSync(join(dir, "library-sweep", name), "utf8"), name).toBe(readFileSync(join(dir, "sweep", name), "utf8"))
    }
    // The resolved experiment's first line names the file as it was given (here an absolute path).
    const resolved = (d: string) => readFileSync(join(dir, d, "experiment.resolved.yaml"), "utf8").split("\n").slice(1).join("\n")
    expect(resolved("library-sweep")).toBe(resolved("sweep"))
  })

  it("keeps its invariants every epoch, and its outcome comes from the stakers' requirements", async () => {
    const exp = await loadExperiment(`${ROOT}${FILE}`, { runs: 1, epochs: 150 })
    const model = modelFor(exp.envelope.model, exp.file)!
    const finals = new Map<string, number>()
    for (const spec of planRuns(exp)) {
      const r = simulate(model, spec.params, { epochs: 150, seed: spec.seed, onEpoch: (w) => expect(model.invariants(w)).toEqual([]) })
      finals.set(spec.label, r.series[r.metrics.indexOf("stakedRatio")]![149]!)
    }
    // More emission draws more stake, but far less than in proportion (yields rise instead).
    expect(finals.get("double")!).toBeGreaterThan(finals.get("base")!)
    expect(finals.get("base")!).toBeGreaterThan(finals.get("half")!)
    expect(finals.get("double")! / finals.get("base")!).toBeLessThan(1.5)
  })

  it("names the file, the field and what was expected when the model path is wrong", async () => {
    const err = await decodeExperiment(`${dir}/x.yaml`, "name: x\nmodel: ./no-such-model\n").catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExperimentError)
    expect((err as ExperimentError).message).toMatch(/x\.yaml: .*model: Expected a model at "\.\/no-such-model": no model at .*no-such-model/)
    // The CLI names the file and the line and column of the `model` value.
    writeFileSync(join(dir, "x.yaml"), "name: x\nseed: 1\n\nmodel: ./no-such-model\n")
    const cli = await sandbox(["run", join(dir, "x.yaml")])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain(`${join(dir, "x.yaml")}:4:8: model: Expected a model at "./no-such-model"`)
  })

  it("runs from a script through the package's exports (examples/library.ts)", async () => {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "examples/library.ts", FILE, join(dir, "script")], { cwd: ROOT, encoding: "utf8", timeout: 280_000 }, (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, stdout, stderr })
      )
    )
    expect(out.code, out.stderr).toBe(0)
    expect(out.stdout).toMatch(/^base: staked share at the last epoch 0\.\d+ \(mean of 4 runs\)$/m)
    // What it reads back by SQL from the files it wrote is what the summary said, scenario by scenario.
    const said = [...out.stdout.matchAll(/^(\w+): staked share at the last epoch (\S+) /gm)].map((m) => `${m[1]}: ${m[2]}`)
    const queried = [...out.stdout.matchAll(/^(\w+): (\S+) \(sandbox query\)$/gm)].map((m) => `${m[1]}: ${m[2]}`)
    expect(said).toHaveLength(3)
    expect([...queried].sort()).toEqual([...said].sort())
  })
})
