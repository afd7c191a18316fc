/**
 * Each report feature checked in the page headless Chromium rendered (Debian's `chromium`), on
 * the committed example (an A/B) and on a 12-point, two-parameter sweep written by the CLI: the
 * PNG charts exist, are PNGs and are what report.md shows; every scenario is listed; the shared
 * parameters are in the parameter table; the verdict line is at the top and coloured.
 * Skipped, saying so, when chromium is not installed.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const chromium = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim()
const flags = (profile: string) => ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`]

const renderedDom = (page: string): string =>
  execFileSync(chromium, [...flags(mkdtempSync(join(tmpdir(), "sandbox-chromium-"))), "--dump-dom", page], { encoding: "utf8", timeout: 240_000, stdio: ["ignore", "pipe", "ignore"] })

/** The text of a rendered section (from its <h2> to the next), tags removed. */
const sectionText = (dom: string, title: string): string => {
  const start = dom.indexOf(`<h2>${title}`)
  if (start < 0) return ""
  const end = dom.indexOf("<h2>", start + 4)
  return dom.slice(start, end < 0 ? undefined : end).replace(/<wbr>/g, "").replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ")
}

const SWEEP = `name: cartel-sweep
description: Emission against fee demand, 12 points.
seed: 7
epochs: 30
runs: 3
params: { operators: { count: 150 }, validators: { count: 20 } }
sweep:
  grid:
    token.emission.perEpoch: [250000, 400000, 550000, 700000]
    demand.feesUsdPerEpoch: [100000, 250000, 400000]
guardrails:
  - p95(operatorChurnRate) < 0.5
`

interface Case {
  readonly name: string
  readonly dir: () => string
  readonly scenarios: () => ReadonlyArray<string>
}

let sweepDir = ""
const committed = join(ROOT, "reports/examples/ab-emission-cut")
const summaryScenarios = (dir: string): ReadonlyArray<string> => (JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { scenarios: Array<{ scenario: string }> }).scenarios.map((s) => s.scenario)

const cases: ReadonlyArray<Case> = [
  { name: "the committed A/B example", dir: () => committed, scenarios: () => summaryScenarios(committed) },
  { name: "a 12-point 2-D sweep", dir: () => sweepDir, scenarios: () => summaryScenarios(sweepDir) }
]

describe.skipIf(chromium === "")(`report features in headless Chromium${chromium === "" ? " (skipped: chromium is not installed)" : ""}`, () => {
  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), "sandbox-report-sweep-"))
    writeFileSync(join(tmp, "cartel.yaml"), SWEEP)
    const r = await sandbox(["report", "cartel.yaml", "--out", "out", "--workers", "1"], tmp)
    expect(r.stderr.replace(/\r?[^\n]*\d+%[^\n]*/g, "")).not.toMatch(/error/i)
    expect(r.code).toBe(0)
    sweepDir = join(tmp, "out")
  }, 300_000)

  for (const c of cases) {
    describe(c.name, () => {
      it("has a PNG beside every SVG chart, and report.md shows the PNGs", () => {
        const dir = c.dir()
        const svgs = readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".svg"))
        expect(svgs.length).toBeGreaterThan(0)
        const md = readFileSync(join(dir, "report.md"), "utf8")
        for (const svg of svgs) {
          const png = `charts/${svg.replace(/\.svg$/, ".png")}`
          expect(readFileSync(join(dir, png)).subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a")
          expect(md).toContain(`](${png})`)
        }
        expect(md).not.toMatch(/\]\(charts\/[^)]*\.svg\)/)
      })

      it("lists every scenario in the rendered key-metric table and in every data file", () => {
        const dir = c.dir()
        const scenarios = c.scenarios()
        const dom = renderedDom(`file://${dir}/report.html`)
        const keyTable = sectionText(dom, "Key metrics at the final epoch")
        for (const s of scenarios) expect(keyTable).toContain(` ${s} `)
        for (const f of readdirSync(join(dir, "data"))) {
          const listed = new Set(readFileSync(join(dir, "data", f), "utf8").trim().split("\n").slice(1).map((l) => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.split(",")[0])))
          // An attack's profit only exists where the attack runs; key metrics exist everywhere.
          if (!f.startsWith("attack")) expect([...listed].sort()).toEqual([...scenarios].sort())
        }
      })

      it("puts the shared parameters in the parameter table, and the experiment file beside and inside", () => {
        const dir = c.dir()
        const dom = renderedDom(`file://${dir}/report.html`)
        const shared = sectionText(dom, "Assumptions shared by every scenario")
        for (const row of ["model gpu-network", "params.operators.count", "params.validators.count"]) expect(shared).toContain(row)
        const experiment = readdirSync(dir).find((f) => /^experiment\.ya?ml$/.test(f))!
        expect(experiment).toBeDefined()
        const text = readFileSync(join(dir, experiment), "utf8")
        const name = /^name: (.+)$/m.exec(text)![1]!
        expect(dom).toContain(`name: ${name}`)
        const repro = sectionText(dom, "Reproduce this report")
        expect(repro).toMatch(/incentive-sandbox version \d+\.\d+\.\d+\+[0-9a-f]{12}/)
        expect(repro).toMatch(/experiment file sha256 [0-9a-f]{64}/)
        expect(repro).toContain("Data inputs: none (the experiment reads no data files).")
      })

      it("opens with a coloured verdict line", () => {
        const dir = c.dir()
        const dom = renderedDom(`file://${dir}/report.html`)
        const verdict = /<p class="verdict (pass|fail)" id="verdict">([^<]+)<\/p>/.exec(dom)
        expect(verdict).not.toBeNull()
        expect(verdict![2]).toMatch(new RegExp(`^Verdict: ${verdict![1]!.toUpperCase()}\\.`))
        expect(dom.indexOf('id="verdict"')).toBeLessThan(dom.indexOf("<h2>"))
        const md = readFileSync(join(dir, "report.md"), "utf8")
        expect(md.split("\n").find((l) => l.startsWith("**Verdict: "))).toMatch(/^\*\*Verdict: (✅ PASS|❌ FAIL)\./)
      })
    })
  }

  it("draws a heat map per metric for the 2-D sweep and names the scenarios a chart leaves out", () => {
    const dom = renderedDom(`file://${sweepDir}/report.html`)
    expect(dom).toContain("<h2>Sweep heat maps</h2>")
    expect(existsSync(join(sweepDir, "charts/activeOperators.heatmap.png"))).toBe(true)
    // 12 scenarios, 8 drawn: each chart over time names the 4 it leaves out.
    const charts = sectionText(dom, "Key metrics over time")
    expect(charts).toMatch(/Not drawn, to keep the chart readable \(4 of 12 scenarios/)
  })
})
