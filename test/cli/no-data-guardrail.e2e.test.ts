/** A guardrail over a metric with no data reads "no data", never PASS or FAIL, even under not() and in a report's verdict (issue 22, 4). */
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const hostile = (name: string) => join(ROOT, "test/fixtures/hostile", name)
const dir = mkdtempSync(join(tmpdir(), "sandbox-nodata-"))

describe.concurrent("no-data guardrails", () => {
  it("with no operators, not (p95(operatorMarginP50) > 0.5) and its converse both read no data", async () => {
    const r = await sandbox(["run", hostile("no-data-guardrail.yaml"), "--json", "--workers", "1"])
    const summary = JSON.parse(r.stdout)
    const verdicts = summary.scenarios.flatMap((s: { guardrails: Array<{ verdict: string }> }) => s.guardrails.map((g) => g.verdict))
    expect(verdicts).toEqual(["no data", "no data"])
  })

  it("a report whose guardrails have no data says NO DATA at the top, not FAIL or PASS; a real failure beside one still reads FAIL", async () => {
    const [only, mixed] = await Promise.all([
      sandbox(["report", hostile("no-data-guardrail.yaml"), "--out", join(dir, "only"), "--workers", "1"]),
      sandbox(["report", hostile("no-data-and-fail.yaml"), "--out", join(dir, "mixed"), "--workers", "1"])
    ])
    expect(only.code, only.stderr).toBe(0)
    expect(mixed.code, mixed.stderr).toBe(0)
    const top = (name: string) => readFileSync(join(dir, name, "report.md"), "utf8").split("\n")[2]!
    expect(top("only")).toMatch(/^\*\*Verdict: ⚠️ NO DATA\. No guardrail fails, but 2 of 2 guardrail checks have no data .*: base has no data for not \(p95\(operatorMarginP50\) &gt; 0\.5\) and p95/)
    expect(top("only")).not.toMatch(/PASS|FAIL|base fails/)
    expect(readFileSync(join(dir, "only", "report.html"), "utf8")).toMatch(/<p class="verdict nodata" id="verdict">Verdict: NO DATA\./)
    // Only the guardrail that measured something and missed is named as failing.
    expect(top("mixed")).toBe("**Verdict: ❌ FAIL. 1 of 2 guardrail checks fail (1 more have no data): base fails mean(activeOperators) &gt; 1.**")
  })
})
