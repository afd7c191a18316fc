/**
 * The search docs/experiments.md reports, re-run: `sandbox optimize` on the committed
 * experiments/optimize-emission.yaml finds emission settings that pass the guardrails the
 * default fails, at the evaluation and with the counts the documentation states, and prints the
 * lines it quotes.
 */
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

interface Evaluation {
  readonly params: Record<string, number>
  readonly verdicts: ReadonlyArray<string>
  readonly violation: number
}

/** The docs' optimize-emission paragraph and the output block quoted after it. */
const documented = () => {
  const docs = readFileSync(`${ROOT}docs/experiments.md`, "utf8")
  const at = docs.indexOf("On `experiments/optimize-emission.yaml`")
  const text = docs.slice(at, docs.indexOf("## Data inputs", at))
  const block = /```\n([\s\S]*?)```/.exec(text)![1]!.split("\n").filter((l) => l !== "")
  const pass = /(\d+) of its (\d+) evaluations pass/.exec(text)!
  return { block, passing: Number(pass[1]), budget: Number(pass[2]) }
}

describe("sandbox optimize on experiments/optimize-emission.yaml", () => {
  it("finds settings passing the guardrails the default fails, as documented", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sandbox-optimize-emission-")), "search")
    const r = await sandbox(["optimize", "experiments/optimize-emission.yaml", "--out", out, "--json", "--workers", "2"])
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout) as { default: Evaluation; best: ReadonlyArray<Evaluation>; evaluations: ReadonlyArray<Evaluation>; firstFeasible: number }
    // The default fails at least one guardrail; the best passes every one.
    expect(result.default.violation).toBeGreaterThan(0)
    expect(result.best.length).toBeGreaterThan(0)
    for (const b of result.best) expect(b.verdicts.every((v) => v === "pass")).toBe(true)
    // The counts the documentation states.
    const doc = documented()
    expect(result.evaluations).toHaveLength(doc.budget)
    expect(result.evaluations.filter((e) => e.violation === 0)).toHaveLength(doc.passing)
    // The lines it quotes, from the printed result (--resume: every evaluation is stored, none re-run).
    const text = await sandbox(["optimize", "experiments/optimize-emission.yaml", "--out", out, "--resume"])
    expect(text.code).toBe(0)
    expect(text.stderr).toMatch(new RegExp(`resuming: ${doc.budget} evaluations already stored`))
    const lines = text.stdout.split("\n").map((l) => l.trimEnd())
    for (const line of doc.block) expect(lines).toContain(line)
  }, 300_000)
})
