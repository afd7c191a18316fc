/**
 * subnets: TAO and every subnet's alpha are conserved and no holding goes negative, every epoch,
 * under random parameters (share rule, size, attacks, demand drop); a run is a pure function of
 * its seed.
 */
import fc from "fast-check"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { simulate } from "../../../src/engine/Simulation.ts"
import { subnets } from "../../../models/subnets/index.ts"
import type { SubnetsWorld } from "../../../models/subnets/world.ts"

const decode = Schema.decodeUnknownSync(subnets.params)

describe("subnets invariants", () => {
  it("hold every epoch under random settings", () => {
    fc.assert(
      fc.property(
        fc.record({
          rule: fc.constantFrom("price", "flow"),
          count: fc.integer({ min: 2, max: 12 }),
          cutoff: fc.constantFrom(0, -1e15),
          demand: fc.double({ min: 0, max: 10_000, noNaN: true }),
          washBudget: fc.constantFrom(0, 3000),
          rootBudget: fc.constantFrom(0, 100_000),
          copierShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
          seed: fc.integer({ min: 1, max: 1e6 })
        }),
        (c) => {
          const params = decode({
            subnets: { count: c.count },
            emission: { rule: c.rule, flowCutoff: c.cutoff },
            market: { demand: c.demand, demandDropAt: 20 },
            validators: { count: 6, copierShare: c.copierShare },
            stakers: { count: 30 },
            miners: { slots: 6 },
            attacks: { washBudget: c.washBudget, washStart: 5, rootBudget: c.rootBudget, rootStart: 5 }
          })
          const problems: Array<string> = []
          simulate(subnets, params, {
            epochs: 40,
            seed: c.seed,
            onEpoch: (w, e) => {
              for (const p of subnets.invariants(w as SubnetsWorld)) problems.push(`epoch ${e}: ${p}`)
            }
          })
          expect(problems.slice(0, 5)).toEqual([])
        }
      ),
      { numRuns: 25 }
    )
  })

  it("a run is a pure function of its seed", () => {
    const params = decode({ subnets: { count: 8 }, attacks: { washBudget: 2000, washStart: 5 } })
    const a = simulate(subnets, params, { epochs: 30, seed: 5 })
    const b = simulate(subnets, params, { epochs: 30, seed: 5 })
    const c = simulate(subnets, params, { epochs: 30, seed: 6 })
    expect(a.series.map((s) => [...s])).toEqual(b.series.map((s) => [...s]))
    expect(a.series.map((s) => [...s])).not.toEqual(c.series.map((s) => [...s]))
  })
})
