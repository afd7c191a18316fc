/**
 * Exit counts by size class: `exitsSmall`, `exitsMedium` and `exitsLarge` count the operators who
 * left, and the rates divide them by the operators of the class ever present. Without attackers
 * (whose sybil identities leave outside the operators' decision), every operator present is
 * either still active or has exited, so the documented denominator is `active + exits` of the class.
 */
import * as fc from "fast-check"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { simulate } from "../../../src/engine/Simulation.ts"

const params = (raw: Record<string, unknown>) => Schema.decodeUnknownSync(gpuNetwork.params)(raw)

describe("exit counts by size class", () => {
  it("add up to operatorExitsTotal, and each rate is exits / (active + exits) of its class, every epoch", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(0.25, 0.5, 1), (seed, emissionScale) => {
        // A low emission makes operators leave, so the counts are tested where they move.
        const p = params({ token: { emission: { kind: "fixed", perEpoch: 500_000 * emissionScale } }, operators: { count: 300 } })
        const r = simulate(gpuNetwork, p, { epochs: 60, seed })
        const s = (name: string) => r.series[r.metrics.indexOf(name)]!
        for (let t = 0; t < 60; t++) {
          const total = s("exitsSmall")[t]! + s("exitsMedium")[t]! + s("exitsLarge")[t]!
          expect(total).toBe(s("operatorExitsTotal")[t]!)
          for (const c of ["Small", "Medium", "Large"]) {
            const exits = s(`exits${c}`)[t]!
            const ever = s(`active${c}`)[t]! + exits
            expect(s(`exitRate${c}`)[t]!).toBeCloseTo(ever > 0 ? exits / ever : 0, 12)
            if (t > 0) expect(exits).toBeGreaterThanOrEqual(s(`exits${c}`)[t - 1]!)
          }
        }
      }),
      { numRuns: 8 }
    )
  })

  it("counts exits where they happen: a cut emission makes small operators leave", () => {
    const cut = simulate(gpuNetwork, params({ token: { emission: { kind: "fixed", perEpoch: 125_000 } }, operators: { count: 300 } }), { epochs: 90, seed: 3 })
    const final = (name: string) => cut.series[cut.metrics.indexOf(name)]![89]!
    expect(final("exitsSmall")).toBeGreaterThan(0)
    expect(final("exitsSmall")).toBeLessThanOrEqual(final("operatorExitsTotal"))
  })
})
