/**
 * The optimizing attackers (issue 16) are deterministic whatever the worker count: each
 * experiment, run by the CLI in-process and on 2 worker threads (past the 5,000 run-epochs below
 * which the Runner stays in-process), writes byte-identical metrics, the attackers' decisions
 * (expectedProfit, planned sizes) among them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { sandbox } from "../../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "optimizers-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Each at least 5,000 run-epochs: scenarios x runs x epochs.
const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string]> = [
  ["sybil-optimizer", [], "attack.sybils.plannedIdentities"], // 5 x 10 x 120
  ["griefing-optimizer", ["--epochs", "130"], "attack.dos-europe.dosGain"], // 4 x 10 x 130
  ["bribery-optimizer", ["--runs", "32"], "attack.bribery.bribesNeeded"], // 4 x 32 x 40
  ["sybil-vote-optimizer", ["--runs", "34"], "attack.sybil.tokensNeeded"], // 5 x 34 x 30
  ["poisoning-optimizer", ["--runs", "5"], "attack.poisoning.plannedShare"] // 6 x 5 x 180 (model network)
]

describe("optimizing attackers at 1 and 2 workers", () => {
  for (const [name, extra, metric] of cases) {
    it(`${name} writes the same metrics with 1 and 2 worker threads`, async () => {
      const args = ["run", `experiments/${name}.yaml`, ...extra, "--format", "csv"]
      const one = await sandbox([...args, "--workers", "1", "--out", join(dir, `${name}-1`)])
      expect(one.code, one.stderr).toBe(0)
      const two = await sandbox([...args, "--workers", "2", "--out", join(dir, `${name}-2`)])
      expect(two.code, two.stderr).toBe(0)
      const csv = readFileSync(join(dir, `${name}-1`, "metrics.csv"), "utf8")
      expect(csv).toContain(metric)
      expect(readFileSync(join(dir, `${name}-2`, "metrics.csv"), "utf8")).toBe(csv)
    })
  }
})
