/**
 * Heat maps of sweeps whose scenarios form a grid: two swept parameters; two with variants (one
 * panel per variant, one colour scale); one swept parameter with variants (the variants down).
 * Other sweeps (zip, 1-D without variants) get none: their charts over time show every point.
 */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { heatmapAxes } from "../../src/report/BuildReport.ts"
import { heatmapSpec, renderSvg } from "../../src/report/Charts.ts"

const decode = (sweepAndVariants: string) => {
  const d = decodeExperiment("hm.yaml", `name: hm\nseed: 1\nepochs: 5\nruns: 1\n${sweepAndVariants}`)
  if (Either.isLeft(d)) throw new Error(JSON.stringify(d.left))
  return d.right
}
const GRID2 = "sweep:\n  grid:\n    token.emission.perEpoch: [250000, 500000, 750000]\n    demand.feesUsdPerEpoch: [100000, 300000]\n"
const GRID1 = "sweep:\n  grid:\n    token.emission.perEpoch: [250000, 500000, 750000]\n"
const VARIANTS = "variants:\n  current: {}\n  costly:\n    operators.costPerUnitUsd: 200\n"

describe("heat map layout", () => {
  it("two swept parameters: across and down, no panels", () => {
    const axes = heatmapAxes(decode(GRID2))!
    expect([axes.x, axes.y, axes.facets]).toEqual(["token.emission.perEpoch", "demand.feesUsdPerEpoch", undefined])
    expect(axes.xOrder).toEqual(["250000", "500000", "750000"])
    expect(axes.yOrder).toEqual(["100000", "300000"])
  })

  it("two swept parameters with variants: one panel per variant, every scenario in its cell", () => {
    const exp = decode(GRID2 + VARIANTS)
    const axes = heatmapAxes(exp)!
    expect(axes.facets).toEqual(["current", "costly"])
    const cells = exp.scenarios.map((s) => axes.cell(s))
    expect(cells).toHaveLength(12)
    expect(new Set(cells.map((c) => `${c.facet}|${c.x}|${c.y}`)).size).toBe(12)
  })

  it("one swept parameter with variants: the parameter across, the variants down", () => {
    const exp = decode(GRID1 + VARIANTS)
    const axes = heatmapAxes(exp)!
    expect([axes.x, axes.y, axes.yOrder]).toEqual(["token.emission.perEpoch", "variant", ["current", "costly"]])
    expect(new Set(exp.scenarios.map((s) => JSON.stringify(axes.cell(s)))).size).toBe(6)
  })

  it("none for a 1-D sweep without variants or a zipped sweep", () => {
    expect(heatmapAxes(decode(GRID1))).toBeUndefined()
    expect(heatmapAxes(decode("sweep:\n  zip:\n    token.emission.perEpoch: [250000, 500000]\n    demand.feesUsdPerEpoch: [100000, 300000]\n" + VARIANTS))).toBeUndefined()
  })

  it("draws one labelled panel per variant, with dark labels on bright cells", async () => {
    const exp = decode(GRID2 + VARIANTS)
    const axes = heatmapAxes(exp)!
    const spec = heatmapSpec("price", exp.scenarios.map((s, i) => ({ ...axes.cell(s), value: i })), axes)
    const svg = await renderSvg(spec)
    for (const v of ["current", "costly", "token.emission.perEpoch", "demand.feesUsdPerEpoch"]) expect(svg).toContain(`>${v}<`)
    // 12 cells, each labelled with its value; the brightest (11) in black, the darkest (0) in white.
    for (let i = 0; i < 12; i++) expect(svg).toMatch(new RegExp(`>${i}</text>`))
    expect(svg).toMatch(/fill="black"[^>]*>11<\/text>|fill="#000"[^>]*>11<\/text>/)
    expect(svg).toMatch(/fill="white"[^>]*>0<\/text>|fill="#fff"[^>]*>0<\/text>/)
  })
})
