/**
 * A run whose numbers overflow fails, naming the metric, the epoch and the parameters large
 * enough to have taken it there; it used to pass with empty cells in metrics.csv and null in
 * summary.json, exit 0 (issue 22, 9).
 */
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { firstInfinity, largestParameters } from "../../src/engine/Overflow.ts"
import { ROOT, sandbox } from "../support/cli.ts"

describe("overflow", () => {
  it("perEpoch: 1e308 fails every run with the metric, the epoch and the parameter (exit 1)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sandbox-overflow-")), "out")
    const r = await sandbox(["run", join(ROOT, "test/fixtures/hostile/overflow.yaml"), "--out", out, "--workers", "1", "--format", "csv"])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/2 of 2 runs failed/)
    expect(r.stdout).toMatch(/scenario base run 0 \(seed \d+\): metric "\w+" overflowed to Infinity at epoch 0; the largest parameters: params\.token\.emission\.perEpoch = 1e\+308/)
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))
    expect(summary.failures).toHaveLength(2)
    // No overflowed run reaches the metrics table as empty cells.
    expect(readFileSync(join(out, "metrics.csv"), "utf8").trim().split("\n")).toHaveLength(1)
  })

  it("finds the earliest epoch over all metrics, and skips NaN (no data)", () => {
    const series = [Float64Array.from([1, 2, Number.NaN, Infinity]), Float64Array.from([Number.NaN, -Infinity, 3, 4])]
    expect(firstInfinity({ metrics: ["a", "b"], series })).toEqual({ metric: "b", epoch: 1, value: -Infinity })
    expect(firstInfinity({ metrics: ["a"], series: [Float64Array.from([Number.NaN, 1])] })).toBeUndefined()
    expect(largestParameters({ a: { b: 5, c: [1e300, -2e301] }, d: "x" }, 2)).toEqual([{ path: "a.c.1", value: -2e301 }, { path: "a.c.0", value: 1e300 }])
  })
})
