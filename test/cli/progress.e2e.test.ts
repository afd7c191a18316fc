/**
 * The progress bar of `sandbox sweep` on a terminal (a pseudo-terminal from `script`): it counts
 * the runs stored, which is what Ctrl-C keeps, so its percentage is never ahead of the store.
 */
import { execFile, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ROOT } from "../support/cli.ts"

const hasScript = spawnSync("script", ["--version"]).status === 0
const dir = mkdtempSync(join(tmpdir(), "sandbox-progress-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!hasScript)(`sweep progress on a terminal${hasScript ? "" : " (skipped: no script(1))"}`, () => {
  it("shows runs stored out of the plan, never decreasing, the percentage that of the stored runs", { timeout: 300_000 }, async () => {
    // Long enough (about 3 s from the bundle on a quiet machine) that the bar, drawn after the
    // first second, must appear.
    const command = `node bin/sandbox.js sweep experiments/emission-sweep.yaml --runs 6 --epochs 1000 --workers 2 --metrics price --out ${join(dir, "s")}`
    const tty = await new Promise<string>((resolve) =>
      execFile("script", ["-qec", command, "/dev/null"], { cwd: ROOT, encoding: "utf8", timeout: 280_000, env: { ...process.env, COLUMNS: "120" } }, (_e, stdout) => resolve(stdout))
    )
    const bars = tty
      .split(/[\r\n]/)
      .flatMap((l) => {
        const m = /(\d+)% stored (\d+)\/(\d+) \(computed (\d+)\/(\d+)\)/.exec(l)
        return m ? [{ pct: Number(m[1]), stored: Number(m[2]), total: Number(m[3]), computed: Number(m[4]) }] : []
      })
    expect(bars.length, tty.slice(-2000)).toBeGreaterThan(0)
    let before = 0
    for (const b of bars) {
      expect(b.total).toBe(48)
      expect(b.pct).toBe(Math.floor((100 * b.stored) / b.total))
      expect(b.stored).toBeGreaterThanOrEqual(before)
      before = b.stored
    }
    expect(tty).toMatch(/price median/)
  })
})
