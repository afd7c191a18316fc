/**
 * End to end: `sandbox robustness` re-runs an A/B over its assumptions as a user runs it, and
 * the library's `robustness` (the function the command calls) gives the same result.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ExperimentError, loadExperiment, robustness } from "../../src/library/index.ts"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-robustness-"))
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const AB = `name: small-ab
seed: 3
epochs: 40
runs: 3
variants:
  current: {}
  proposed:
    token.emission.perEpoch: 250000
guardrails:
  - p95(max(operatorChurnRate)) < 0.05
assumptions:
  operators.sellFraction: { from: 0.05, to: 0.9 }
`

describe("sandbox robustness", () => {
  it("states each conclusion over the sampled assumptions, the same for 1 or 2 workers", async () => {
    const file = write("ab.yaml", AB)
    const one = await sandbox(["robustness", file, "--points", "4", "--workers", "1", "--json"])
    expect(one.stderr).toBe("")
    expect(one.code).toBe(0)
    const r = JSON.parse(one.stdout)
    expect(r.assumptions).toEqual(["operators.sellFraction"])
    expect(r.points).toHaveLength(4)
    for (const p of r.points) {
      expect(p["operators.sellFraction"]).toBeGreaterThanOrEqual(0.05)
      expect(p["operators.sellFraction"]).toBeLessThanOrEqual(0.9)
    }
    // One difference per headline metric, one verdict per variant and guardrail.
    expect(r.conclusions.filter((c: { kind: string }) => c.kind === "difference").length).toBeGreaterThan(0)
    expect(r.conclusions.filter((c: { kind: string }) => c.kind === "guardrail").map((c: { subject: string }) => c.subject)).toEqual([
      "current: p95(max(operatorChurnRate)) < 0.05",
      "proposed: p95(max(operatorChurnRate)) < 0.05"
    ])
    for (const c of r.conclusions) expect(c.outcomes).toHaveLength(4)
    const two = await sandbox(["robustness", file, "--points", "4", "--workers", "2", "--json"])
    expect(two.stdout).toBe(one.stdout)
    // From a script: the experiment's own seed, runs and epochs carry over to the same result.
    const library = await robustness(await loadExperiment(file), { points: 4, workers: 2 })
    expect(JSON.stringify(library.result, null, 2)).toBe(one.stdout.trim())
    const text = await sandbox(["robustness", file, "--points", "4", "--workers", "2"])
    expect(text.stdout).toMatch(/small-ab · robustness over operators\.sellFraction · 4 points x 3 runs per variant/)
    expect(text.stdout).toMatch(/proposed vs current: price: /)
  })

  it("refuses an experiment without assumptions, or with a bad assumption path, with exit code 2", async () => {
    const none = await sandbox(["robustness", write("none.yaml", "name: t\nepochs: 5\nruns: 1\n")])
    expect(none.code).toBe(2)
    const refused = await robustness(await loadExperiment(join(dir, "none.yaml"))).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ExperimentError)
    expect((refused as ExperimentError).message).toMatch(/none\.yaml: assumptions: Expected an assumptions block/)
    expect(none.stderr).toMatch(/none\.yaml: assumptions: Expected an assumptions block/)
    const bad = await sandbox(["robustness", write("bad.yaml", "name: t\nepochs: 5\nassumptions:\n  operators.sellFractoin: { from: 0, to: 1 }\n  operators.sellFraction: { from: 0, to: 2 }\n")])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+: assumptions\["operators\.sellFractoin"\]: unknown parameter path "operators\.sellFractoin"/)
    expect(bad.stderr).toMatch(/bad\.yaml:5:\d+: assumptions\["operators\.sellFraction"\]\.to: Expected a probability between 0 and 1, got 2/)
    const swept = await sandbox(["robustness", write("swept.yaml", "name: t\nepochs: 5\nsweep:\n  grid:\n    market.volatility: [0.01, 0.02]\nassumptions:\n  operators.sellFraction: { from: 0, to: 1 }\n")])
    expect(swept.code).toBe(2)
    expect(swept.stderr).toMatch(/sweep: robustness varies the assumptions itself/)
  })
})
