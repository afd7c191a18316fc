/**
 * End to end: `sandbox fit` on the shipped (synthetic) price path and on broken files.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-fit-"))

describe("sandbox fit", () => {
  it("recovers the synthetic path's regimes within the intervals it states", async () => {
    const r = await sandbox(["fit", "experiments/data/token-price-synthetic.csv", "--json"])
    expect(r.code).toBe(0)
    const f = JSON.parse(r.stdout)
    expect(f.returns).toBe(365)
    // The file says: epochs 1-200 volatility 0.025, then 0.07 (see its header).
    expect(f.regimes).toHaveLength(2)
    expect(Math.abs(f.regimes[1].from - 200)).toBeLessThan(10)
    expect(f.regimes[0].volatility.low).toBeLessThan(0.025)
    expect(f.regimes[0].volatility.high).toBeGreaterThan(0.025)
    expect(f.regimes[1].volatility.low).toBeLessThan(0.07)
    expect(f.regimes[1].volatility.high).toBeGreaterThan(0.07)
    const text = await sandbox(["fit", "experiments/data/token-price-synthetic.csv"])
    expect(text.stdout).toMatch(/params:\n  market:\n    drift: -?[\d.e-]+\n    volatility: [\d.e-]+\n    regimes:\n      - \{ from: 0, regime: calm/)
  })

  it("bad files: the file, row and column, exit code 2", async () => {
    const missing = await sandbox(["fit", join(dir, "none.csv")])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/none\.csv: cannot read price file: no such file/)
    writeFileSync(join(dir, "neg.csv"), "epoch,price\n0,1\n1,-2\n2,3\n")
    const neg = await sandbox(["fit", join(dir, "neg.csv")])
    expect(neg.code).toBe(2)
    expect(neg.stderr).toMatch(/neg\.csv:3:2: price: Expected a number > 0, got "-2"/)
    writeFileSync(join(dir, "col.csv"), "epoch,close\n0,1\n")
    const col = await sandbox(["fit", join(dir, "col.csv")])
    expect(col.code).toBe(2)
    expect(col.stderr).toMatch(/col\.csv:1:1: price: Expected a column "price"; the header has "epoch", "close"/)
    const other = await sandbox(["fit", join(dir, "col.csv"), "--column", "close"])
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/Expected at least 3 prices/)
  })

  it("fit: in an experiment: `sandbox check` prints the fit, `sandbox run` uses it; a bad series is exit code 2", async () => {
    const check = await sandbox(["check", "experiments/fit-market.yaml"])
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(/fit\.market: experiments\/data\/token-price-synthetic\.csv, column price · 366 prices · 95% confidence intervals/)
    expect(check.stdout).toMatch(/regime 2 from epoch \d+ +\d+ +-?[\d.e-]+ \[/)
    expect(check.stdout).toMatch(/use: last: sets market\.drift, market\.volatility/)
    writeFileSync(join(dir, "prices.csv"), "epoch,price\n0,1\n1,0\n2,3\n")
    writeFileSync(join(dir, "fitted.yaml"), "name: fitted\nepochs: 20\nruns: 2\nfit:\n  market: { file: prices.csv }\n")
    const out = join(dir, "fitted-out")
    const bad = await sandbox(["run", join(dir, "fitted.yaml"), "--out", out])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/fitted\.yaml:5:\d+: fit\.market: .*prices\.csv:3:2: price: Expected a number > 0, got "0"/)
    expect(existsSync(out)).toBe(false)
  })

  it("fit.market assumptions: the fit's intervals become the robustness space; a variant setting one is refused", async () => {
    writeFileSync(join(dir, "series.csv"), readFileSync(`${ROOT}experiments/data/token-price-synthetic.csv`, "utf8"))
    const ab = (fit: string, proposed = "token.emission.perEpoch: 250000") => {
      const path = join(dir, "ab-fitted.yaml")
      writeFileSync(path, `name: ab-fitted\nepochs: 30\nruns: 2\nfit:\n  market: ${fit}\nvariants:\n  current: {}\n  proposed: { ${proposed} }\n`)
      return path
    }
    const fit = JSON.parse((await sandbox(["fit", join(dir, "series.csv"), "--json"])).stdout)
    const r = await sandbox(["robustness", ab("{ file: series.csv, use: whole, assumptions: true }"), "--points", "4", "--runs", "2", "--json"])
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout)
    expect(result.assumptions).toEqual(["market.drift", "market.volatility"])
    expect(result.points).toHaveLength(4)
    for (const p of result.points) {
      expect(p["market.drift"]).toBeGreaterThanOrEqual(fit.drift.low)
      expect(p["market.drift"]).toBeLessThanOrEqual(fit.drift.high)
      expect(p["market.volatility"]).toBeGreaterThanOrEqual(fit.volatility.low)
      expect(p["market.volatility"]).toBeLessThanOrEqual(fit.volatility.high)
    }
    const schedule = await sandbox(["check", ab("{ file: series.csv, assumptions: true }")])
    expect(schedule.code).toBe(2)
    expect(schedule.stderr).toMatch(/fit\.market\.assumptions: with use: schedule the fitted regimes set drift and volatility/)
    const overlap = await sandbox(["robustness", ab("{ file: series.csv, use: last, assumptions: true }", "market.volatility: 0.01"), "--points", "2", "--runs", "2"])
    expect(overlap.code).toBe(2)
    expect(overlap.stderr).toMatch(/variants\.proposed: sets market\.volatility, which the assumption market\.volatility also sets/)
  })
})

