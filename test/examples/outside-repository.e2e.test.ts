/**
 * A model in a project of its own, outside the repository: examples/staking-pool and its
 * experiment copied into a temporary folder whose node_modules holds incentive-sandbox (this
 * checkout, linked as an installed package would be) and tsx. There `sandbox run --workers 2`,
 * `sandbox sweep --workers 2` and a script using the library (imported by package name from that
 * folder) run it, each to the bytes the model gives inside the repository: the model's imports
 * of "incentive-sandbox/kit" resolve from its own folder, in the main thread and in the workers.
 */
import { execFile } from "node:child_process"
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const ARGS = ["--runs", "2", "--epochs", "30", "--format", "csv"]
const project = mkdtempSync(join(tmpdir(), "sandbox-own-project-"))
afterAll(() => rmSync(project, { recursive: true, force: true }))

describe("a model in a project outside the repository", () => {
  it("runs with sandbox run and sweep on 2 workers, and from a script through the library, to the repository's bytes", async () => {
    cpSync(join(ROOT, "examples/staking-pool"), join(project, "staking-pool"), { recursive: true })
    cpSync(join(ROOT, "examples/staking-pool.yaml"), join(project, "staking-pool.yaml"))
    // An ES module project, as the package is.
    writeFileSync(join(project, "package.json"), '{ "private": true, "type": "module" }\n')
    mkdirSync(join(project, "node_modules"))
    symlinkSync(ROOT, join(project, "node_modules", "incentive-sandbox"))
    symlinkSync(join(ROOT, "node_modules", "tsx"), join(project, "node_modules", "tsx"))
    // The bytes inside the repository, on this thread.
    const inside = await sandbox(["run", "examples/staking-pool.yaml", ...ARGS, "--workers", "1", "--out", join(project, "inside")])
    expect(inside.code, inside.stderr).toBe(0)
    const want = readFileSync(join(project, "inside", "metrics.csv"), "utf8")
    expect(want.split("\n").length).toBeGreaterThan(3 * 2 * 30)

    const run = await sandbox(["run", "staking-pool.yaml", ...ARGS, "--workers", "2", "--out", "run"], project)
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(join(project, "run", "metrics.csv"), "utf8")).toBe(want)
    const sweep = await sandbox(["sweep", "staking-pool.yaml", ...ARGS, "--workers", "2", "--out", "sweep"], project)
    expect(sweep.code, sweep.stderr).toBe(0)
    expect(readFileSync(join(project, "sweep", "metrics.csv"), "utf8")).toBe(want)

    writeFileSync(
      join(project, "script.ts"),
      [
        'import { loadExperiment, metricsCsv, run } from "incentive-sandbox"',
        'const exp = await loadExperiment("staking-pool.yaml", { runs: 2, epochs: 30 })',
        "const results = await run(exp, { workers: 2 })",
        "process.stdout.write(metricsCsv(results.outcomes))"
      ].join("\n")
    )
    const script = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "script.ts"], { cwd: project, encoding: "utf8", timeout: 280_000, maxBuffer: 64 << 20 }, (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, stdout, stderr })
      )
    )
    expect(script.code, script.stderr).toBe(0)
    expect(script.stdout).toBe(want)
  })
})
