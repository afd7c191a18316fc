/**
 * The per-region cost table (regions.costs): an operator drawn into a listed region pays that
 * region's median cost per capacity unit and fixed cost, a region left out (or a field left
 * out) keeps the operators' values, rows match regions by name in any order, and the table is
 * read from a data file with each problem told at the file's row and column.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { regionCostPerUnit, regionFixedCost } from "../../../models/gpu-network/draw.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { moveGain, movedCostUsd, movePays } from "../../../models/gpu-network/participation/participation.ts"
import type { GpuWorld } from "../../../models/gpu-network/world.ts"
import { decodeExperiment } from "../../../src/experiment/Decode.ts"
import { simulate } from "../../../src/engine/Simulation.ts"

const params = (raw: Record<string, unknown>) => Schema.decodeUnknownSync(gpuNetwork.params)(raw)
const TABLE = [
  { region: "oceania", costPerUnitUsd: 210, fixedCostUsd: 60 },
  { region: "asia", costPerUnitUsd: 110 },
  { region: "europe", fixedCostUsd: 55 }
]

describe("regions.costs", () => {
  it("gives each region its row's costs, by name; a region or field left out keeps the operators' values", () => {
    const p = params({ regions: { costs: TABLE }, operators: { costPerUnitUsd: 150, fixedCostUsd: 40 } })
    // regions.names: americas, europe, asia, oceania
    expect([0, 1, 2, 3].map((r) => regionCostPerUnit(p, r))).toEqual([150, 150, 110, 210])
    expect([0, 1, 2, 3].map((r) => regionFixedCost(p, r))).toEqual([40, 55, 40, 60])
  })

  it("operators drawn into a region pay its costs (no spread: exactly capacity x median + fixed)", () => {
    let world: GpuWorld | undefined
    simulate(gpuNetwork, params({ regions: { costs: TABLE }, operators: { costSigma: 0 } }), { epochs: 1, seed: 3, onEpoch: (w) => (world ??= w as GpuWorld) })
    const o = world!.operators
    const seen = new Set<number>()
    for (let i = 0; i < o.size; i++) {
      if (o.alive[i] !== 1) continue
      const r = o.cols.region[i]!
      seen.add(r)
      const expected = o.cols.capacity[i]! * [150, 150, 110, 210][r]! + [40, 55, 40, 60][r]!
      expect(o.cols.costUsd[i]).toBeCloseTo(expected, 6)
    }
    expect(seen.size).toBe(4)
  })

  it("cheap asia keeps more of its operators than the same network with one cost everywhere (same seed)", () => {
    const count = (costs: ReadonlyArray<unknown>) => {
      const r = simulate(gpuNetwork, params({ regions: { costs } }), { epochs: 120, seed: 5 })
      const i = r.metrics.indexOf("activeOperators_asia")
      return r.series[i]![119]!
    }
    expect(count([{ region: "asia", costPerUnitUsd: 60, fixedCostUsd: 10 }])).toBeGreaterThan(count([]))
  })

  it("refuses an unknown region, a region twice, and a table beside costMultiplier", () => {
    const issue = (raw: Record<string, unknown>) => {
      const r = Schema.decodeUnknownEither(gpuNetwork.params)(raw)
      if (Either.isRight(r)) throw new Error("expected an error")
      return String(r.left)
    }
    expect(issue({ regions: { costs: [{ region: "mars", costPerUnitUsd: 1 }] } })).toMatch(/Expected a region of regions.names \(americas, europe, asia, oceania\), got "mars"/)
    expect(issue({ regions: { costs: [{ region: "asia" }, { region: "asia" }] } })).toMatch(/"asia" repeats/)
    expect(issue({ regions: { costs: [{ region: "asia" }], costMultiplier: [1, 1, 1, 1] } })).toMatch(/either regions.costMultiplier or regions.costs, not both/)
  })
})

describe("moving between regions that cost differently", () => {
  it("a mover keeps its own draw, scaled by the regions' medians, and pays the new fixed cost", () => {
    // 2 units drawn at 150 each in a region with median 150 and fixed 40 -> median 75, fixed 10.
    expect(movedCostUsd(340, 2, { perUnit: 150, fixed: 40 }, { perUnit: 75, fixed: 10 })).toBe(160)
    // A draw 20% above its region's median stays 20% above the new one.
    expect(movedCostUsd(2 * 180 + 40, 2, { perUnit: 150, fixed: 40 }, { perUnit: 100, fixed: 40 })).toBeCloseTo(2 * 120 + 40, 9)
    // No median to scale from: the new region's median.
    expect(movedCostUsd(40, 2, { perUnit: 0, fixed: 40 }, { perUnit: 100, fixed: 5 })).toBe(205)
  })

  it("a cheaper region pays at equal revenue; a dearer one needs the revenue to cover the difference", () => {
    // Same revenue, $30 an epoch cheaper, 90 epochs: worth $2,700 against a $2,000 move.
    expect(moveGain(10, 10, 4, 1, 90, -30)).toBe(2700)
    expect(movePays(10, 10, 4, 1, 90, 2000, -30)).toBe(true)
    expect(movePays(10, 10, 4, 1, 90, 2000, -20)).toBe(false)
    // $10 more revenue per unit (x 4 units) but $45 dearer: a loss.
    expect(movePays(10, 20, 4, 1, 90, 0, 45)).toBe(false)
    // Equal costs: the revenue-only rule.
    expect(moveGain(10, 20, 4, 0.5, 90)).toBe(1800)
  })

  it("with relocation on, operators move to a cheap region, and each mover's cost becomes that region's", () => {
    const cheap = [{ region: "asia", costPerUnitUsd: 90, fixedCostUsd: 20 }]
    const relocations = (costs: ReadonlyArray<unknown>, check?: (w: GpuWorld) => void) => {
      const r = simulate(gpuNetwork, params({ regions: { costs }, operators: { relocation: { enabled: true }, costSigma: 0 } }), { epochs: 120, seed: 5, ...(check ? { onEpoch: (w) => check(w as GpuWorld) } : {}) })
      const at = (m: string) => r.series[r.metrics.indexOf(m)]![119]!
      return { moved: at("relocationsTotal"), asia: at("activeOperators_asia") }
    }
    // Without spread every operator's cost is capacity x its region's median + fixed, before and after a move.
    const median = [150, 150, 90, 150]
    const fixed = [40, 40, 20, 40]
    const table = relocations(cheap, (w) => {
      const o = w.operators
      for (let i = 0; i < o.size; i++) {
        if (o.alive[i] !== 1 || o.cols.attacker[i] !== 0) continue
        const r = o.cols.region[i]!
        expect(o.cols.costUsd[i]).toBeCloseTo(o.cols.capacity[i]! * median[r]! + fixed[r]!, 6)
      }
    })
    const uniform = relocations([])
    expect(table.moved).toBeGreaterThan(uniform.moved)
    expect(table.asia).toBeGreaterThan(uniform.asia)
  })
})

describe("regions.costs from a data file", () => {
  const text = "name: t\nepochs: 5\ndata:\n  regions.costs: { file: costs.csv, columns: [region, costPerUnitUsd, fixedCostUsd] }\n"
  const decode = (csv: string, experiment = text) => decodeExperiment("t.yaml", experiment, {}, Number.POSITIVE_INFINITY, new Map([["costs.csv", { path: "dir/costs.csv", text: csv }]]))
  const issues = (csv: string, experiment = text) => {
    const r = decode(csv, experiment)
    if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error(`expected ExperimentInvalid, got ${JSON.stringify(r)}`)
    return r.left.issues.map((i) => i.message)
  }

  it("reads one record per row; an empty cell keeps the operators' value", () => {
    const r = decode("# synthetic\nregion,costPerUnitUsd,fixedCostUsd,note\nasia,110,30,cheap\neurope,180,,\n")
    expect(Either.isRight(r)).toBe(true)
    expect((Either.getOrThrow(r).scenarios[0]!.params as { regions: unknown }).regions).toMatchObject({ costs: [{ region: "asia", costPerUnitUsd: 110, fixedCostUsd: 30 }, { region: "europe", costPerUnitUsd: 180 }] })
  })

  it("tells each problem at the file's row (line) and column", () => {
    expect(issues("region,costPerUnitUsd,fixedCostUsd\nasia,110,30\neurope,abc,-5\n")).toEqual([
      'dir/costs.csv:3:2: costPerUnitUsd: Expected number, actual "abc"',
      "dir/costs.csv:3:3: fixedCostUsd: Expected a number >= 0, got -5"
    ])
    expect(issues("# header comment\nregion,costPerUnitUsd,fixedCostUsd\nasia,110,30\nmars,1,1\n")).toEqual([
      'dir/costs.csv:4:1: region: Expected a region of regions.names (americas, europe, asia, oceania), got "mars"'
    ])
    expect(issues("region,costPerUnitUsd,fixedCostUsd\nasia,110,30\nasia,1,1\n")).toEqual(['dir/costs.csv:3:1: region: Expected each region once in the cost table, "asia" repeats'])
    expect(issues("region,costPerUnitUsd\nasia,110\n")).toEqual(['dir/costs.csv:1:1: fixedCostUsd: Expected a column "fixedCostUsd"; the header has "region", "costPerUnitUsd"'])
  })

  it("a column the table does not know is named; column and columns together are refused", () => {
    expect(issues("region,cost\nasia,1\n", text.replace("costPerUnitUsd, fixedCostUsd", "cost"))).toEqual([
      'dir/costs.csv:2:2: cost: unknown field "cost"; expected: "region" | "costPerUnitUsd" | "fixedCostUsd"'
    ])
    expect(issues("region\nasia\n", text.replace("columns:", "column: region, columns:"))[0]).toMatch(/Expected exactly one of column \(one list of numbers\) or columns \(a table, one record per row\)/)
  })
})
