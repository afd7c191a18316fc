/**
 * The committed example report opened in headless Chromium (Debian's `chromium`): in the page
 * Chromium rendered, every chart draws its data (a band and a median line per scenario, each a
 * path through the epochs), and a screenshot is taken. Background, grid and axis paths do not
 * count, so a chart without data fails: the same check run on the page with an empty chart
 * added finds that chart empty.
 * Skipped, saying so, when chromium is not installed (.ci/run installs it).
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { bandChartSpec, renderSvg } from "../../src/report/Charts.ts"
import { ROOT } from "../support/cli.ts"

const chromium = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim()
const report = `${ROOT}reports/examples/ab-emission-cut`
const flags = (profile: string) => ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`]

/** The DOM of `page` after Chromium loaded and rendered it. */
const renderedDom = (page: string, profile: string): string =>
  execFileSync(chromium, [...flags(profile), "--dump-dom", page], { encoding: "utf8", timeout: 240_000, stdio: ["ignore", "pipe", "ignore"] })

/** Points of an SVG path (its move-to and line-to commands). */
const points = (d: string): number => (d.match(/[MLml]/g) ?? []).length

/**
 * Each chart's data marks in a rendered page, by its figure's data-metric: vega draws each
 * series of an area or line mark as a path inside a group labelled "mark-area role-mark" /
 * "mark-line role-mark"; only paths through at least `minPoints` points count.
 */
const dataMarks = (dom: string, minPoints: number): ReadonlyArray<{ readonly metric: string; readonly areas: number; readonly lines: number }> =>
  dom
    .split('<figure class="chart"')
    .slice(1)
    .map((figure) => {
      const body = figure.split("</figure>")[0]!
      const drawn = (kind: string) =>
        [...body.matchAll(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>(.*?)</g>`, "gs"))].filter((g) =>
          [...g[1]!.matchAll(/<path[^>]* d="([^"]+)"/g)].some((p) => points(p[1]!) >= minPoints)
        ).length
      return { metric: /data-metric="([^"]*)"/.exec(body)![1]!, areas: drawn("area"), lines: drawn("line") }
    })

describe.skipIf(chromium === "")(`report in headless Chromium${chromium === "" ? " (skipped: chromium is not installed)" : ""}`, () => {
  it("renders every chart with a band and a median line per scenario, and screenshots", () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-chromium-"))
    // The charts over time (histograms and heat maps are other figures; PNGs are their copies).
    const charts = readdirSync(join(report, "charts")).filter((f) => /^[^.]+\.svg$/.test(f)).map((f) => f.replace(/\.svg$/, ""))
    expect(charts.length).toBeGreaterThanOrEqual(8)
    // What each chart must draw, from the data behind it: a series per scenario, through its epochs.
    const csv = (metric: string) => readFileSync(join(report, "data", `${metric}.csv`), "utf8").trim().split("\n").slice(1)
    const scenarios = (metric: string) => new Set(csv(metric).map((l) => l.split(",")[0])).size
    const epochs = Math.min(...charts.map((m) => csv(m).length / scenarios(m)))
    expect(epochs).toBeGreaterThan(100)

    const marks = dataMarks(renderedDom(`file://${report}/report.html`, join(dir, "profile")), epochs)
    expect(marks.map((m) => m.metric).sort()).toEqual([...charts].sort())
    for (const m of marks) expect({ metric: m.metric, areas: m.areas, lines: m.lines }).toEqual({ metric: m.metric, areas: scenarios(m.metric), lines: scenarios(m.metric) })

    const shot = join(dir, "report.png")
    execFileSync(chromium, [...flags(join(dir, "profile2")), "--window-size=1000,2000", `--screenshot=${shot}`, `file://${report}/report.html`], { timeout: 240_000, stdio: "ignore" })
    expect(statSync(shot).size).toBeGreaterThan(20_000)
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG")
  })

  it("finds a chart without data empty (its background, grid and axes are not marks)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-chromium-"))
    const empty = await renderSvg(bandChartSpec("empty", []))
    // The old check (4 paths with geometry) passed this chart.
    expect((empty.match(/<path[^>]* d="M[^"]+"/g) ?? []).length).toBeGreaterThanOrEqual(4)
    const page = join(dir, "report.html")
    writeFileSync(page, readFileSync(join(report, "report.html"), "utf8").replace("</body>", `<figure class="chart" data-metric="empty">${empty}</figure>\n</body>`))
    const marks = dataMarks(renderedDom(`file://${page}`, join(dir, "profile")), 2)
    expect(marks.find((m) => m.metric === "empty")).toEqual({ metric: "empty", areas: 0, lines: 0 })
    expect(marks.filter((m) => m.metric !== "empty").every((m) => m.areas > 0 && m.lines > 0)).toBe(true)
  })
})
