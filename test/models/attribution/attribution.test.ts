/**
 * attribution: tokens are conserved and nothing goes negative every epoch under random settings;
 * a run is a pure function of its seed; and the farming scenario with a control: duplicated data
 * pays without curation and loses with curation and stake.
 */
import fc from "fast-check"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { attribution } from "../../../models/attribution/index.ts"
import type { AttributionWorld } from "../../../models/attribution/world.ts"

const decode = Schema.decodeUnknownSync(attribution.params)
const final = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![r.series[0]!.length - 1]!
const meanFrom = (r: RunResult, m: string, from: number) => {
  const s = r.series[r.metrics.indexOf(m)]!
  let t = 0
  for (let e = from; e < s.length; e++) t += s[e]!
  return t / (s.length - from)
}

describe("attribution invariants", () => {
  it("hold every epoch under random settings", () => {
    fc.assert(
      fc.property(
        fc.record({
          count: fc.integer({ min: 1, max: 8 }),
          budget: fc.constantFrom(0, 5000),
          curationRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
          stakePerItem: fc.constantFrom(0, 1),
          reputationWeight: fc.constantFrom(0, 1),
          leak: fc.double({ min: 0, max: 1, noNaN: true }),
          seed: fc.integer({ min: 1, max: 1e6 })
        }),
        (c) => {
          const params = decode({
            datanets: { count: c.count, contributors: 10 },
            attribution: { duplicateLeak: c.leak },
            defences: { curationRate: c.curationRate, stakePerItem: c.stakePerItem, reputationWeight: c.reputationWeight },
            demand: { dropAt: 25 },
            attack: { budget: c.budget, start: 5 }
          })
          const problems: Array<string> = []
          simulate(attribution, params, {
            epochs: 40,
            seed: c.seed,
            onEpoch: (w, e) => {
              for (const p of attribution.invariants(w as AttributionWorld)) problems.push(`epoch ${e}: ${p}`)
            }
          })
          expect(problems.slice(0, 5)).toEqual([])
        }
      ),
      { numRuns: 40 }
    )
  })

  it("a run is a pure function of its seed", () => {
    const params = decode({ datanets: { count: 4 }, attack: { budget: 5000, start: 5 }, defences: { curationRate: 0.1 } })
    const a = simulate(attribution, params, { epochs: 40, seed: 3 })
    const b = simulate(attribution, params, { epochs: 40, seed: 3 })
    expect(a.series.map((s) => [...s])).toEqual(b.series.map((s) => [...s]))
  })
})

describe("attribution farming with duplicated data", () => {
  const seeds = [1, 2, 3, 4, 5]
  const run = (defences: object, budget: number, seed: number) =>
    simulate(attribution, decode({ datanets: { count: 8 }, defences, attack: { budget } }), { epochs: 120, seed })

  it("pays without curation, and honest contributors earn less than in the control without the farmer", () => {
    for (const seed of seeds) {
      const attacked = run({}, 20_000, seed)
      const control = run({}, 0, seed)
      expect(final(attacked, "attack.farming.profit")).toBeGreaterThan(0)
      expect(final(attacked, "farmerExtractionPerDollar")).toBeGreaterThan(1)
      expect(meanFrom(attacked, "honestEarnings", 30)).toBeLessThan(meanFrom(control, "honestEarnings", 30))
      expect(final(attacked, "honestContributors")).toBeLessThan(final(control, "honestContributors"))
    }
  })

  it("stake without curation does not stop it: nothing is ever slashed", () => {
    for (const seed of seeds) expect(final(run({ stakePerItem: 1 }, 20_000, seed), "attack.farming.profit")).toBeGreaterThan(0)
  })

  it("loses money with curation votes and stake slashed, in every seed", () => {
    for (const seed of seeds) {
      const attacked = run({ curationRate: 0.2, stakePerItem: 1 }, 20_000, seed)
      expect(final(attacked, "attack.farming.profit")).toBeLessThan(0)
      expect(final(attacked, "attack.farming.detectedEpoch")).toBeLessThanOrEqual(21)
    }
  })
})

describe("poisoned data that earns attribution", () => {
  const quality = (raw: object, seed: number) => final(simulate(attribution, decode(raw), { epochs: 120, seed }), "meanModelQuality")

  it("lowers the models' quality, and curation votes purge it", () => {
    for (const seed of [1, 2, 3]) {
      const clean = quality({ datanets: { count: 8, poisonShare: 0 } }, seed)
      const poisoned = quality({ datanets: { count: 8, poisonShare: 0.3 } }, seed)
      const curated = quality({ datanets: { count: 8, poisonShare: 0.3 }, defences: { curationRate: 0.2 } }, seed)
      expect(poisoned).toBeLessThan(clean - 0.1)
      expect(curated).toBeGreaterThan(poisoned + 0.1)
    }
  })
})
