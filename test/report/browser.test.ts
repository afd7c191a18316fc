/**
 * The committed example report opened in headless Chromium (Debian's `chromium`): the page
 * renders every chart as an SVG with drawn marks, and a screenshot is taken.
 * Skipped, saying so, when chromium is not installed (.ci/run installs it).
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { models } from "../../models/index.ts"
import { ROOT } from "../support/cli.ts"

const chromium = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim()
const page = `file://${ROOT}reports/ab-emission-cut/report.html`
const flags = (profile: string) => ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`]

describe.skipIf(chromium === "")(`report in headless Chromium${chromium === "" ? " (skipped: chromium is not installed)" : ""}`, () => {
  it("renders one SVG chart with drawn marks per key metric, and screenshots", () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-chromium-"))
    const dom = execFileSync(chromium, [...flags(join(dir, "profile")), "--dump-dom", page], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] })
    const charts = dom.split('<figure class="chart"').slice(1)
    const expected = models["gpu-network"]!.reportMetrics
    expect(charts).toHaveLength(expected.length)
    for (const chart of charts) {
      expect(chart).toMatch(/<svg[^>]*class="marks"/)
      // Each chart draws a band (area) and a median line per scenario: paths with geometry.
      const drawn = chart.split("</figure>")[0]!.match(/<path[^>]* d="M[^"]+"/g) ?? []
      expect(drawn.length).toBeGreaterThanOrEqual(4)
    }
    const shot = join(dir, "report.png")
    execFileSync(chromium, [...flags(join(dir, "profile2")), "--window-size=1000,2000", `--screenshot=${shot}`, page], { timeout: 60_000, stdio: "ignore" })
    expect(statSync(shot).size).toBeGreaterThan(20_000)
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG")
  })
})
