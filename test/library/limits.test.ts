/**
 * The library holds a plan against the limits as the commands do (docs/limits.md): a plan beyond
 * them is refused before anything runs or is written, naming the file and the limit, and
 * `allowLarge` lifts them, as --allow-large does. examples/radcad-benchmark's 200,000 epochs per
 * run is such a plan.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { check, ExperimentError, loadExperiment, report, run, sweep } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

const FILE = "examples/radcad-benchmark/experiment.yaml"
const dir = mkdtempSync(join(tmpdir(), "sandbox-library-limits-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("library plan limits", () => {
  it("refuses a plan beyond the limits as the CLI does, and runs it with allowLarge", async () => {
    const exp = await loadExperiment(FILE, { runs: 1 })
    const cli = await sandbox(["run", FILE, "--runs", "1"])
    expect(cli.code).toBe(2)
    const limit = /200,000 epochs per run is above the limit of 100,000[^\n]*/.exec(cli.stderr)?.[0]
    expect(limit, cli.stderr).toBeDefined()
    for (const refused of [run(exp), sweep(exp, { out: join(dir, "sweep") }), report(exp, { out: join(dir, "report") })]) {
      const e = await refused.catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ExperimentError)
      expect((e as ExperimentError).file).toBe(FILE)
      // The CLI's words, limit and remedy alike.
      expect((e as ExperimentError).message).toContain(limit!)
    }
    expect(existsSync(join(dir, "sweep"))).toBe(false)
    expect(existsSync(join(dir, "report"))).toBe(false)
    // Lifted: both values of a run to the end.
    const large = await run(exp, { allowLarge: true, keepOutcomes: false })
    expect(large.records.map((r) => [r.scenario, r.status])).toEqual([
      [0, "completed"],
      [1, "completed"]
    ])
  })

  it("loads as sandbox run does and checks as sandbox check does; allowLarge lifts both", async () => {
    // 2 scenarios x 600,000 runs: above the 1,000,000 runs a plan may have, refused on reading.
    const tooMany = await loadExperiment(FILE, { runs: 600_000 }).catch((x: unknown) => x)
    expect(tooMany).toBeInstanceOf(ExperimentError)
    const cli = await sandbox(["run", FILE, "--runs", "600000"])
    expect(cli.code).toBe(2)
    expect((tooMany as ExperimentError).message).toMatch(/1,200,000 runs/)
    expect(cli.stderr).toMatch(/1,200,000 runs/)
    const exp = await loadExperiment(FILE, { runs: 600_000 }, { allowLarge: true })
    expect(exp.scenarios).toHaveLength(2)
    // Checked, it is still refused unless allowed; nothing is run either way.
    const refused = await check(exp).catch((x: unknown) => x)
    expect(refused).toBeInstanceOf(ExperimentError)
    await expect(check(exp, { allowLarge: true })).resolves.toBeUndefined()
    // The file as it is: refused by check for its epochs, as sandbox check refuses it.
    const asIs = await loadExperiment(FILE)
    const said = await check(asIs).catch((x: unknown) => x)
    const cliAsIs = await sandbox(["check", FILE])
    expect(cliAsIs.code).toBe(2)
    expect((said as ExperimentError).message).toContain(/above the limit[^\n]*/.exec(cliAsIs.stderr)![0])
  })
})
