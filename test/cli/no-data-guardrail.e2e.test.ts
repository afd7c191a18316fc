/** A guardrail over a metric with no data reads "no data", never PASS or FAIL, even under not() (issue 22, 4). */
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

describe("no-data guardrails", () => {
  it("with no operators, not (p95(operatorMarginP50) > 0.5) and its converse both read no data", async () => {
    const r = await sandbox(["run", join(ROOT, "test/fixtures/hostile/no-data-guardrail.yaml"), "--json", "--workers", "1"])
    const summary = JSON.parse(r.stdout)
    const verdicts = summary.scenarios.flatMap((s: { guardrails: Array<{ verdict: string }> }) => s.guardrails.map((g) => g.verdict))
    expect(verdicts).toEqual(["no data", "no data"])
  })
})
