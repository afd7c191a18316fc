/**
 * The library's `report`, used as a script uses it (examples/library.ts): imported from the
 * package entry, not from src/. It writes the report `sandbox report` writes, byte for byte,
 * whether it runs the experiment or reads a results directory back (`from`), and refuses another
 * experiment's results by argument before writing anything.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { InvalidArgument, loadExperiment, report, run } from "incentive-sandbox"
import { ROOT, sandbox } from "../support/cli.ts"

// The same file, named the same way, as the CLI is given (a report records its command line).
const FILE = "experiments/governance-emission-cut.yaml"
const ARGS = ["--runs", "3", "--epochs", "30"]
// A fixed date, as `npm run reports` sets it: the library reads it as the CLI does.
const EPOCH = "1795564800"

/** Every file under `root`, by relative path, with its bytes. */
const tree = (root: string, at = root): Record<string, Buffer> =>
  Object.fromEntries(
    readdirSync(at).flatMap((name) => {
      const path = join(at, name)
      return statSync(path).isDirectory() ? Object.entries(tree(root, path)) : [[relative(root, path), readFileSync(path)]]
    })
  )

const dir = mkdtempSync(join(tmpdir(), "sandbox-library-report-"))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  delete process.env["SOURCE_DATE_EPOCH"]
})

describe("library report (from the package entry)", () => {
  it("writes what sandbox report writes, computed or from a results directory", async () => {
    expect(process.cwd()).toBe(ROOT.replace(/\/$/, ""))
    process.env["SOURCE_DATE_EPOCH"] = EPOCH
    const exp = await loadExperiment(FILE, { runs: 3, epochs: 30 })
    const stages: Array<string> = []
    const computed = await report(exp, { out: join(dir, "computed"), workers: 2, onProgress: (p, stage) => stages.push(`${stage}:${p.runsTotal}`) })
    expect(new Set(stages)).toEqual(new Set([`runs:${exp.scenarios.length * 3}`]))
    const results = await run(exp, { out: join(dir, "run") })
    const stored = await report(exp, { out: join(dir, "stored"), from: join(dir, "run") })
    const cli = await sandbox(["report", FILE, ...ARGS, "--out", join(dir, "cli"), "--workers", "1"], ROOT, { SOURCE_DATE_EPOCH: EPOCH })
    expect(cli.code, cli.stderr).toBe(0)
    const want = tree(join(dir, "cli"))
    expect(Object.keys(want)).toContain("report.md")
    expect(tree(join(dir, "computed"))).toEqual(want)
    expect(tree(join(dir, "stored"))).toEqual(want)
    // Every file but the marker that lets --force replace the folder.
    expect([...computed.files].sort()).toEqual(Object.keys(want).filter((f) => f !== ".incentive-sandbox-output").sort())
    // The summary it returns is the runs' summary.
    expect(stored.summary).toEqual(results.summary)
    expect(computed.summary).toEqual(results.summary)
    // A directory of other runs is refused, by argument, before anything is written.
    const other = await loadExperiment(FILE, { runs: 2, epochs: 30 })
    const refused = await report(other, { out: join(dir, "refused"), from: join(dir, "run") }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidArgument)
    expect((refused as InvalidArgument).argument).toBe("from")
    expect(() => statSync(join(dir, "refused"))).toThrow()
  })

  it("with assumptions, its robustness section is sandbox report's too", async () => {
    process.env["SOURCE_DATE_EPOCH"] = EPOCH
    const file = "experiments/ab-emission-cut.yaml"
    const exp = await loadExperiment(file, { runs: 2, epochs: 20 })
    expect(Object.keys(exp.envelope.assumptions).length).toBeGreaterThan(0)
    const stages = new Set<string>()
    await report(exp, { out: join(dir, "ab"), workers: 2, onProgress: (_p, stage) => stages.add(stage) })
    expect([...stages].sort()).toEqual(["robustness", "runs"])
    const cli = await sandbox(["report", file, "--runs", "2", "--epochs", "20", "--out", join(dir, "ab-cli"), "--workers", "1"], ROOT, { SOURCE_DATE_EPOCH: EPOCH })
    expect(cli.code, cli.stderr).toBe(0)
    const want = tree(join(dir, "ab-cli"))
    expect(readFileSync(join(dir, "ab-cli", "report.md"), "utf8")).toMatch(/robust/i)
    expect(tree(join(dir, "ab"))).toEqual(want)
  })
})
