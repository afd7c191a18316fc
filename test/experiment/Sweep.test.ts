import * as Either from "effect/Either"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import type { ExperimentInvalid } from "../../src/experiment/Errors.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { simulate } from "../../src/engine/Simulation.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { countPoints, countValues, expandValues, gridPoints, samplePoints, sweepPoints, zipMismatch, zipPoints } from "../../src/experiment/Sweep.ts"

const decode = (text: string) => decodeExperiment("s.yaml", text)
const issuesOf = (text: string) => {
  const r = decode(text)
  if (Either.isRight(r)) throw new Error("expected an error")
  return (r.left as ExperimentInvalid).issues
}

describe("sweep expansion", () => {
  it("expands ranges by steps (both ends included) and by step", () => {
    expect(expandValues({ from: 0, to: 1, steps: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(expandValues({ from: 10, to: 10, steps: 1 })).toEqual([10])
    expect(expandValues({ from: 0, to: 0.3, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.30000000000000004])
    expect(expandValues({ from: 1, to: 2.5, step: 1 })).toEqual([1, 2])
    expect(expandValues([3, "a"])).toEqual([3, "a"])
  })

  it("takes the cartesian product of a grid, last path fastest", () => {
    expect(gridPoints({ a: [1, 2], b: ["x", "y", "z"] })).toEqual([
      { a: 1, b: "x" }, { a: 1, b: "y" }, { a: 1, b: "z" },
      { a: 2, b: "x" }, { a: 2, b: "y" }, { a: 2, b: "z" }
    ])
    expect(gridPoints({})).toEqual([{}])
  })

  it("pairs zip lists row by row and names the lists whose lengths differ", () => {
    expect(zipPoints({ a: [1, 2], b: { from: 10, to: 20, steps: 2 } })).toEqual([{ a: 1, b: 10 }, { a: 2, b: 20 }])
    expect(zipMismatch({ a: [1, 2], b: [1, 2] })).toBeUndefined()
    expect(zipMismatch({ a: [1, 2], b: [1, 2, 3] })).toBe("zip lists must have equal lengths, got a (2), b (3)")
  })

  it("counts points without expanding them, in agreement with the expansion", () => {
    const sweep = { grid: { a: [1, 2], b: { from: 0, to: 1, step: 0.25 } }, zip: { c: [1, 2, 3], d: { from: 0, to: 1, steps: 3 } }, sample: { method: "random" as const, points: 2, ranges: { e: { from: 0, to: 1 } } } }
    expect(countPoints(sweep)).toBe(2 * 5 * 3 * 2)
    expect(sweepPoints(sweep, 1)).toHaveLength(countPoints(sweep))
    expect(countValues({ from: 0, to: 0.3, step: 0.1 })).toBe(expandValues({ from: 0, to: 0.3, step: 0.1 }).length)
  })

  it("multiplies grid x zip x sample", () => {
    const points = sweepPoints({ grid: { g: [1, 2] }, zip: { a: [1, 2, 3], b: [4, 5, 6] }, sample: { method: "random", points: 2, ranges: { s: { from: 0, to: 1 } } } }, 1)
    expect(points).toHaveLength(2 * 3 * 2)
  })

  it("puts exactly one Latin-hypercube point in each stratum of each range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(), (n, seed) => {
        const pts = samplePoints({ method: "latin-hypercube", points: n, ranges: { a: { from: 0, to: 1 }, b: { from: 100, to: 200 } } }, seed)
        expect(pts).toHaveLength(n)
        for (const [key, from, to] of [["a", 0, 1], ["b", 100, 200]] as const) {
          const strata = pts.map((p) => Math.floor((((p[key] as number) - from) / (to - from)) * n)).sort((x, y) => x - y)
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i))
        }
      })
    )
  })

  it("draws the same sample for the same seed and another for another seed", () => {
    const spec = { method: "random" as const, points: 5, ranges: { a: { from: 0, to: 1 } } }
    expect(samplePoints(spec, 3)).toEqual(samplePoints(spec, 3))
    expect(samplePoints(spec, 3)).not.toEqual(samplePoints(spec, 4))
  })
})

describe("sweeps and variants in experiment files", () => {
  it("builds variant x point scenarios with labels and applied overrides", () => {
    const r = decode(`name: ab
params:
  operators: { count: 50 }
variants:
  current: {}
  proposed:
    token: { emission: { kind: exponential-decay, halfLife: 100 } }
    operators.fixedCostUsd: 10
sweep:
  zip:
    market.volatility: [0.01, 0.02]
    demand.feesUsdPerEpoch: [1000, 2000]
`)
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const labels = r.right.scenarios.map((s) => s.label)
    expect(labels).toEqual([
      "current · market.volatility=0.01,demand.feesUsdPerEpoch=1000",
      "current · market.volatility=0.02,demand.feesUsdPerEpoch=2000",
      "proposed · market.volatility=0.01,demand.feesUsdPerEpoch=1000",
      "proposed · market.volatility=0.02,demand.feesUsdPerEpoch=2000"
    ])
    const p = r.right.scenarios[3]!.params as any
    expect(p.token.emission).toEqual({ kind: "exponential-decay", perEpoch: 500000, halfLife: 100 })
    expect([p.operators.count, p.operators.fixedCostUsd, p.market.volatility]).toEqual([50, 10, 0.02])
    const c = r.right.scenarios[0]!.params as any
    expect([c.token.emission.kind, c.operators.fixedCostUsd]).toEqual(["fixed", 40])
  })

  it("runs every variant on the same seeds (common random numbers): a no-op variant is bit-identical", () => {
    const r = decode(`name: crn
runs: 3
params:
  operators: { count: 40 }
variants:
  current: {}
  same: { market.volatility: 0.03 }
  proposed: { token.emission.perEpoch: 250000 }
`)
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const specs = planRuns(r.right)
    for (let run = 0; run < 3; run++) {
      const seeds = new Set(specs.filter((s) => s.run === run).map((s) => s.seed))
      expect(seeds.size).toBe(1)
    }
    expect(new Set(specs.map((s) => s.seed)).size).toBe(3)
    // market.volatility 0.03 is the default: the variant changes nothing, so on common random
    // numbers its runs equal current's bit for bit, and the proposal's differ only by the rule.
    const model = models["gpu-network"]!
    const series = (label: string, run: number) => {
      const spec = specs.find((s) => s.label === label && s.run === run)!
      return simulate(model, spec.params, { epochs: 20, seed: spec.seed }).series
    }
    const [current, same, proposed] = [series("current", 1), series("same", 1), series("proposed", 1)]
    current.forEach((s, i) => expect(Buffer.from(s.buffer).equals(Buffer.from(same[i]!.buffer))).toBe(true))
    expect(current.some((s, i) => !Buffer.from(s.buffer).equals(Buffer.from(proposed[i]!.buffer)))).toBe(true)
  })

  it("rejects zip lists of different lengths, naming them", () => {
    const issues = issuesOf("name: z\nsweep:\n  zip:\n    market.volatility: [0.1, 0.2]\n    operators.count: [1, 2, 3]\n")
    expect(issues).toEqual([expect.objectContaining({ path: "sweep.zip", message: "zip lists must have equal lengths, got market.volatility (2), operators.count (3)", line: 4 })])
  })

  it("rejects bad ranges, bad variant values and bad sample ranges with their paths", () => {
    expect(issuesOf("name: z\nsweep:\n  grid:\n    market.volatility: { from: 0, to: 1 }\n")[0]!.message).toMatch(/exactly one of steps or step/)
    expect(issuesOf("name: z\nsweep:\n  grid:\n    market.volatility: { from: -1, to: 1, steps: 3 }\n")[0]).toMatchObject({ path: 'sweep.grid["market.volatility"]', message: "Expected a number >= 0, got -1" })
    expect(issuesOf("name: z\nvariants:\n  proposed:\n    operators: { count: -4 }\n")[0]).toMatchObject({ path: "variants.proposed", message: "params.operators.count: Expected a whole number >= 0, got -4", line: 4 })
    expect(issuesOf("name: z\nsweep:\n  sample:\n    points: 4\n    ranges:\n      market.volatility: { from: -1, to: 0.1 }\n")[0]).toMatchObject({ path: 'sweep.sample.ranges["market.volatility"].from' })
    expect(issuesOf("name: z\nsweep:\n  grid:\n    market.volatility: { from: 0, to: 1, step: 0.000001 }\n")[0]!.message).toMatch(/at most 100000 scenarios, got 1000001/)
  })
})
