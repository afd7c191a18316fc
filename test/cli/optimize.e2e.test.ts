/**
 * End to end: `sandbox optimize` searches an experiment's parameter box as a user runs it,
 * and `--resume` continues a search to the same result; the library's `optimize` (the function
 * the command calls) finds the same.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadExperiment, optimize } from "../../src/library/index.ts"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-optimize-"))
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const SEARCH = `name: small-search
seed: 5
epochs: 30
runs: 2
guardrails:
  - p50(max(activeOperators)) > 0
  - p50(final(price)) > 0
optimize:
  parameters:
    token.emission.perEpoch: { from: 100000, to: 900000 }
    token.operatorShare: { from: 0.3, to: 0.8 }
  objectives:
    - minimize: p50(final(inflationAnnualized))
  budget: 8
`

describe("sandbox optimize", () => {
  it("finds the best feasible setting with CMA-ES, and a resumed search replays to the same result", async () => {
    const file = write("search.yaml", SEARCH)
    const full = join(dir, "full")
    const r = await sandbox(["optimize", file, "--out", full, "--json", "--workers", "2"])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.method).toBe("cma-es")
    expect(result.evaluations).toHaveLength(8)
    expect(result.default.params).toEqual({ "token.emission.perEpoch": 500000, "token.operatorShare": 0.7 })
    for (const e of result.evaluations) {
      expect(e.params["token.emission.perEpoch"]).toBeGreaterThanOrEqual(100000)
      expect(e.params["token.emission.perEpoch"]).toBeLessThanOrEqual(900000)
    }
    // The best is the feasible evaluation with the least objective.
    const feasible = result.evaluations.filter((e: { violation: number }) => e.violation === 0)
    expect(result.best).toHaveLength(1)
    expect(result.best[0].objectives[0]).toBe(Math.min(...feasible.map((e: { objectives: Array<number> }) => e.objectives[0])))
    expect(JSON.parse(readFileSync(join(full, "result.json"), "utf8"))).toEqual(result)
    // From a script: the same search, the experiment's own seed, runs and epochs carried over.
    expect(await optimize(await loadExperiment(file), { out: join(dir, "library"), workers: 2 })).toEqual(result)

    // Interrupted after 3 evaluations: the rest is computed on --resume, to the same result.
    const cut = join(dir, "cut")
    cpSync(full, cut, { recursive: true })
    writeFileSync(join(cut, "evaluations.json"), JSON.stringify(result.evaluations.slice(0, 3)))
    const resumed = await sandbox(["optimize", file, "--out", cut, "--resume", "--json", "--workers", "1"])
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toMatch(/resuming: 3 evaluations already stored/)
    expect(JSON.parse(resumed.stdout)).toEqual(result)

    const text = await sandbox(["optimize", file, "--out", full, "--force"])
    expect(text.stdout).toMatch(/small-search · optimize \(CMA-ES, one objective\) · 8 evaluations x 2 runs x 30 epochs/)
    expect(text.stdout).toMatch(/default: passes every guardrail/)

    // Another optimize block (a larger budget) on the same experiment does not resume this search.
    const other = await sandbox(["optimize", write("search-9.yaml", SEARCH.replace("budget: 8", "budget: 9")), "--out", full, "--resume"])
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/cannot resume in .*full: it holds a search over another optimize block \(.*"budget":8\}\), not this one \(.*"budget":9\}\)/)
  })

  it("finds a Pareto front with NSGA-II for two objectives", async () => {
    const file = write("front.yaml", SEARCH.replace("    - minimize: p50(final(inflationAnnualized))\n  budget: 8\n", "    - minimize: p50(final(inflationAnnualized))\n    - maximize: p50(final(activeOperators))\n  budget: 8\n  populationSize: 4\n"))
    const r = await sandbox(["optimize", file, "--out", join(dir, "front"), "--json", "--workers", "2"])
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.method).toBe("nsga-ii")
    expect(result.evaluations).toHaveLength(8)
    // No member of the front is beaten on both objectives by another feasible evaluation.
    const feasible = result.evaluations.filter((e: { violation: number }) => e.violation === 0)
    for (const p of result.best) {
      const beaten = feasible.some((q: { objectives: Array<number> }) => q.objectives[0]! <= p.objectives[0] && q.objectives[1]! >= p.objectives[1] && (q.objectives[0]! < p.objectives[0] || q.objectives[1]! > p.objectives[1]))
      expect(beaten).toBe(false)
    }
  })

  it("refuses an experiment without an optimize block, with variants, or with a bad objective, exit code 2", async () => {
    const none = await sandbox(["optimize", write("none.yaml", "name: t\nepochs: 5\n"), "--out", join(dir, "none")])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/none\.yaml: optimize: Expected an optimize block/)
    expect(existsSync(join(dir, "none"))).toBe(false)
    const bad = await sandbox(["optimize", write("bad.yaml", SEARCH.replace("p50(final(inflationAnnualized))", "p50(final(inflation)) < 1")), "--out", join(dir, "bad")])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: optimize\.objectives\[0\]\.minimize: unknown metric "inflation"/)
    const path = await sandbox(["optimize", write("path.yaml", SEARCH.replace("token.operatorShare:", "token.operatorShares:")), "--out", join(dir, "path")])
    expect(path.code).toBe(2)
    expect(path.stderr).toMatch(/optimize\.parameters\["token\.operatorShares"\]: unknown parameter path/)
    const variants = await sandbox(["optimize", write("variants.yaml", `${SEARCH}variants:\n  a: {}\n  b: {}\n`), "--out", join(dir, "variants")])
    expect(variants.code).toBe(2)
    expect(variants.stderr).toMatch(/variants: optimize searches one setting at a time/)
  })
})
