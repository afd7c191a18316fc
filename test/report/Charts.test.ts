/**
 * Band charts: vega-lite configuration (not hand-drawn SVG) gives a readable title with the
 * metric's name beneath, an x axis over the epochs run, opaque legend swatches and a legend that
 * stays within the chart's width.
 */
import { describe, expect, it } from "vitest"
import type { BandRow } from "../../src/report/Bands.ts"
import { bandChartSpec, legendKeys, metricTitle, renderSvg } from "../../src/report/Charts.ts"

const rows = (scenarios: ReadonlyArray<string>, epochs: number): Array<BandRow> =>
  scenarios.flatMap((scenario, i) => Array.from({ length: epochs }, (_, epoch) => ({ scenario, epoch, p5: epoch + i, p50: epoch + i + 1, p95: epoch + i + 2 })))

const widthOf = (svg: string) => Number(/<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)![1])
const legendLabels = (svg: string) => [...svg.matchAll(/role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)

describe("band chart", () => {
  it("runs the x axis over the epochs run, not to a rounded 400 for 365 epochs", async () => {
    const svg = await renderSvg(bandChartSpec("activeOperators", rows(["current", "proposed"], 365)))
    expect(svg).toContain("X-axis titled 'epoch' for a linear scale with values from 0 to 364")
  })

  it("titles the chart readably and keeps the metric's name beneath", async () => {
    const svg = await renderSvg(bandChartSpec("operatorChurnRate", rows(["a"], 10)))
    expect(svg).toContain("Title text 'Operator churn rate'")
    expect(svg).toMatch(/<text[^>]*>operatorChurnRate<\/text>/)
  })

  it("draws legend swatches opaque (the band's 0.2 opacity made them pale)", async () => {
    const svg = await renderSvg(bandChartSpec("price", rows(["current", "proposed"], 10)))
    const swatches = [...svg.matchAll(/role-legend-symbol"[^>]*><path [^>]*opacity="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(swatches).toEqual([1, 1])
  })

  it("orders the legend and colours by scenario, and lists only the scenarios drawn", async () => {
    const svg = await renderSvg(bandChartSpec("attack.x.profit", rows(["zeta", "alpha"], 10), { scenarios: ["none", "zeta", "alpha"] }))
    expect(legendLabels(svg)).toEqual(["zeta", "alpha"])
    // "zeta" keeps the second colour of the scenario order even though "none" is not drawn.
    const zetaFill = /role-legend-symbol"[^>]*><path [^>]*fill="(#[0-9a-f]+)"/.exec(svg)![1]
    expect(zetaFill).toBe("#f58518")
  })

  it("keeps a sweep's legend within the chart: wrapped columns, short keys for labels too long to fit", async () => {
    const sweep = [250000, 500000, 750000, 1000000].flatMap((e) => [150000, 350000].map((f) => `token.emission.perEpoch=${e},demand.feesUsdPerEpoch=${f}`))
    // These labels were one row of legend 3,400 pixels wide.
    const keys = legendKeys(sweep)!
    expect([...keys.values()]).toEqual(["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"])
    const keyed = await renderSvg(bandChartSpec("price", rows(sweep, 20), { scenarios: sweep, keys }))
    expect(widthOf(keyed)).toBeLessThanOrEqual(700)
    expect(legendLabels(keyed)).toEqual(["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"])
    // Labels that fit are kept whole, in as many columns as fit the width.
    const medium = ["emission=250000,fees=150000", "emission=250000,fees=350000", "emission=500000,fees=150000", "emission=500000,fees=350000"]
    expect(legendKeys(medium)).toBeUndefined()
    const wrapped = await renderSvg(bandChartSpec("price", rows(medium, 20), { scenarios: medium }))
    expect(widthOf(wrapped)).toBeLessThanOrEqual(700)
    expect(legendLabels(wrapped)).toEqual(medium)
  })

  it("turns metric names into titles", () => {
    expect(metricTitle("activeOperators")).toBe("Active operators")
    expect(metricTitle("validatorNakamoto")).toBe("Validator Nakamoto")
    expect(metricTitle("inflationAnnualized")).toBe("Inflation annualized")
    expect(metricTitle("attack.dos-europe.profit")).toBe("Attack profit: dos-europe")
    expect(metricTitle("attack.capture.profit")).toBe("Attack profit: capture")
    expect(metricTitle("activeOperators_europe")).toBe("Active operators (europe)")
    expect(metricTitle("gov.proposalsOpen")).toBe("Governance: proposals open")
    expect(metricTitle("feesUsdPerEpoch")).toBe("Fees USD per epoch")
    expect(metricTitle("price")).toBe("Price")
  })
})
