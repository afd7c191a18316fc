/**
 * End to end: the `sandbox` command spawned as a user runs it, on the default experiment and
 * on broken files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"

let dir = ""
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-e2e-"))
})

const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe("sandbox run", async () => {
  it("runs the default experiment and prints the summary table", async () => {
    const r = await sandbox(["run", "experiments/default.yaml", "--runs", "3", "--epochs", "60"])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/default · model gpu-network · 1 scenario x 3 runs x 60 epochs · seed 42/)
    expect(r.stdout).toMatch(/metric \(final epoch\)\s+median\s+p5\s+p95\s+mean/)
    expect(r.stdout).toMatch(/^activeOperators\s+[\d,.]+/m)
  })

  it("prints the summary as JSON with --json, with final values consistent with the CSV", async () => {
    const out = join(dir, "json-out")
    const r = await sandbox(["run", "experiments/default.yaml", "--runs", "2", "--epochs", "30", "--json", "--out", out, "--format", "csv"])
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.stdout)
    expect(summary).toMatchObject({ experiment: "default", model: "gpu-network", seed: 42, epochs: 30, runs: 2 })
    expect(summary.runSeeds).toHaveLength(2)
    const active = summary.scenarios[0].metrics.find((m: { metric: string }) => m.metric === "activeOperators")
    const finals = readFileSync(join(out, "metrics.csv"), "utf8")
      .split("\n")
      .filter((l) => l.endsWith("") && l.includes(",29,activeOperators,"))
      .map((l) => Number(l.split(",")[4]))
    expect(finals).toHaveLength(2)
    expect(active.mean).toBeCloseTo((finals[0]! + finals[1]!) / 2, 9)
  })

  it("writes byte-identical metrics.csv for the same seed, different for another seed", async () => {
    const [a, b, c] = ["a", "b", "c"].map((n) => join(dir, `det-${n}`))
    for (const [out, seed] of [[a, "7"], [b, "7"], [c, "8"]] as const) {
      const r = await sandbox(["run", "experiments/default.yaml", "--runs", "2", "--epochs", "40", "--seed", seed, "--out", out!, "--format", "csv"])
      expect(r.code).toBe(0)
    }
    expect(readdirSync(a!).sort()).toEqual([".incentive-sandbox-output", "experiment.resolved.yaml", "metrics.csv", "summary.json"])
    const csv = (d: string) => readFileSync(join(d, "metrics.csv"))
    expect(csv(a!).equals(csv(b!))).toBe(true)
    expect(csv(a!).equals(csv(c!))).toBe(false)
    expect(csv(a!).toString().split("\n")[0]).toBe("scenario,run,epoch,metric,value")
    // The resolved experiment records the seed and every default, and re-runs to the same CSV.
    const resolved = readFileSync(join(a!, "experiment.resolved.yaml"), "utf8")
    expect(resolved).toMatch(/^seed: 7$/m)
    expect(resolved).toMatch(/^ {2}operators:\n {4}count: 1000$/m)
    const again = join(dir, "det-again")
    const r = await sandbox(["run", join(a!, "experiment.resolved.yaml"), "--out", again, "--format", "csv"])
    expect(r.code).toBe(0)
    expect(csv(again).equals(csv(a!))).toBe(true)
  })

  it("refuses to overwrite an existing --out directory without --force, and replaces it with --force", async () => {
    const out = join(dir, "existing")
    const keep = join(out, "mine.txt")
    expect((await sandbox(["run", "experiments/default.yaml", "--runs", "1", "--epochs", "5", "--out", out])).code).toBe(0)
    writeFileSync(keep, "user data")
    const refused = await sandbox(["run", "experiments/default.yaml", "--runs", "1", "--epochs", "5", "--out", out])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/output directory .*existing already exists; .*--force/)
    expect(readFileSync(keep, "utf8")).toBe("user data")
    const forced = await sandbox(["run", "experiments/default.yaml", "--runs", "1", "--epochs", "5", "--out", out, "--force"])
    expect(forced.code).toBe(0)
    expect(existsSync(keep)).toBe(false)
    expect(existsSync(join(out, "series.parquet"))).toBe(true)
    expect(readdirSync(dir).filter((n) => n.includes(".partial-") || n.includes(".replaced-"))).toEqual([])
  })
})

describe("bad input", async () => {
  const cases: ReadonlyArray<readonly [string, string | null, RegExp]> = [
    ["missing file", null, /missing\.yaml: cannot read experiment file: no such file/],
    ["bad YAML", "name: t\nruns: [1,\n", /bad-yaml\.yaml:3:1: invalid YAML/],
    ["unknown field", "name: t\nepoch: 3\n", /unknown-field\.yaml:2:8: epoch: unknown field "epoch"/],
    ["wrong type", "name: t\nruns: many\n", /wrong-type\.yaml:2:7: runs: Expected number, actual "many"/],
    ["negative count", "name: t\nparams:\n  operators:\n    count: -3\n", /negative-count\.yaml:4:12: params\.operators\.count: Expected a whole number >= 0, got -3/],
    ["probability above 1", "name: t\nparams:\n  validators:\n    sellFraction: 2\n", /probability-above-1\.yaml:4:19: params\.validators\.sellFraction: Expected a probability between 0 and 1, got 2/],
    ["zero epochs", "name: t\nepochs: 0\n", /zero-epochs\.yaml:2:9: epochs: Expected a whole number >= 1, got 0/]
  ]

  it.each(cases)("%s: one clear message, exit code 2, nothing written", async (name, text, message) => {
    const slug = name.replace(/ /g, "-").toLowerCase()
    const file = text === null ? join(dir, "missing.yaml") : write(`${slug}.yaml`, text)
    const out = join(dir, `out-${slug}`)
    const r = await sandbox(["run", file, "--out", out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe("")
    expect(existsSync(out)).toBe(false)
  })

  it("rejects out-of-range command-line overrides", async () => {
    const r = await sandbox(["run", "experiments/default.yaml", "--epochs", "0"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--epochs: Expected a whole number >= 1, got 0/)
  })

  it("rejects an unknown option with the parser's one-line message and exit code 2", async () => {
    const r = await sandbox(["run", "experiments/default.yaml", "--sed", "3"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Received unknown argument: '--sed'/)
    expect(r.stderr).not.toMatch(/_tag/)
  })

  it("keeps a failing run as data, reports it and exits non-zero", async () => {
    const file = write("impossible.yaml", "name: t\nruns: 2\nepochs: 5\nparams:\n  token:\n    initialSupply: 1000\n    initialTreasury: 0\n")
    const out = join(dir, "out-impossible")
    const r = await sandbox(["run", file, "--out", out])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/2 of 2 runs failed/)
    expect(r.stdout).toMatch(/run 0 \(seed \d+\): initial stakes .* exceed token.initialSupply/)
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).failures).toHaveLength(2)
  })
})

describe("sandbox check", async () => {
  it("validates without running", async () => {
    const r = await sandbox(["check", "experiments/default.yaml"])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^ok: experiments\/default\.yaml: experiment "default", model gpu-network, 1 scenario x 20 runs = 20 runs of 365 epochs, seed 42/)
  })

  it("runs from the TypeScript sources as well as from the bundle (SANDBOX_SOURCE=1)", async () => {
    const bundled = await sandbox(["check", "experiments/default.yaml"])
    const source = await sandbox(["check", "experiments/default.yaml"], undefined, { SANDBOX_SOURCE: "1" })
    expect(source.code).toBe(0)
    expect(source.stdout).toBe(bundled.stdout)
  })
})
