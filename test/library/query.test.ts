/**
 * The library's `query`, used as a script uses it (examples/library.ts): imported from the
 * package entry, not from src/. It answers what `sandbox query` answers, and refuses a missing
 * directory or bad SQL by name.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { InvalidArgument, loadExperiment, query, run } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

const FILE = "experiments/governance-emission-cut.yaml"
const dir = mkdtempSync(join(tmpdir(), "sandbox-library-query-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("library query (from the package entry)", () => {
  it("answers what sandbox query answers, from the runs' own values", async () => {
    const exp = await loadExperiment(FILE, { runs: 2, epochs: 12 })
    const results = await run(exp, { out: join(dir, "small") })
    const sql = "select scenario, run, value from metrics where metric = 'price' and epoch = 11 order by scenario, run"
    const answer = await query(join(dir, "small"), sql)
    expect(answer.columns).toEqual(["scenario", "run", "value"])
    expect(answer.tables).toContain("metrics")
    // The values are the runs' own last prices.
    const want = results.outcomes.flatMap((o) => (o._tag === "Completed" ? [[exp.scenarios[o.spec.scenario]!.label, o.spec.run, o.result.series[o.result.metrics.indexOf("price")]![11]]] : []))
    expect(answer.rows.map((r) => [r[0], Number(r[1]), r[2]])).toEqual(want)
    const cli = await sandbox(["query", join(dir, "small"), sql, "--json"])
    expect(cli.code, cli.stderr).toBe(0)
    expect(JSON.parse(cli.stdout)).toEqual(answer.rows.map((r) => ({ scenario: r[0], run: Number(r[1]), value: r[2] })))
    // Refusals name what was wrong: the directory, or the query with the tables it could use.
    const missing = await query(join(dir, "nowhere"), "select 1").catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(InvalidArgument)
    expect((missing as InvalidArgument).message).toBe(`${join(dir, "nowhere")}: no such results directory`)
    const bad = await query(join(dir, "small"), "select nope from metrics").catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(InvalidArgument)
    expect((bad as InvalidArgument).argument).toBe("query")
    expect((bad as InvalidArgument).message).toMatch(/nope.*\(tables: metrics, series, attacks, runs, scenarios\)/s)
  })
})
