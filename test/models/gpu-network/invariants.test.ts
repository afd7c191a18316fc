import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { totalHoldings, type GpuWorld } from "../../../models/gpu-network/world.ts"
import { simulate } from "../../../src/engine/Simulation.ts"

/** Random but valid parameter sets, small enough to run many. */
const paramsArb = fc
  .record({
    operators: fc.record({
      count: fc.integer({ min: 0, max: 300 }),
      arrivalsPerEpoch: fc.double({ min: 0, max: 20, noNaN: true }),
      sellFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      selling: fc.constantFrom("fraction" as const, "need" as const),
      surplusShare: fc.double({ min: 0, max: 1, noNaN: true }),
      expectation: fc.double({ min: 0, max: 50, noNaN: true }),
      fixedCostUsd: fc.double({ min: 0, max: 500, noNaN: true }),
      capacityAlpha: fc.double({ min: 0.8, max: 3, noNaN: true })
    }),
    validators: fc.record({
      count: fc.integer({ min: 0, max: 60 }),
      arrivalsPerEpoch: fc.double({ min: 0, max: 3, noNaN: true }),
      costUsd: fc.double({ min: 0, max: 5_000, noNaN: true }),
      sellFraction: fc.double({ min: 0, max: 1, noNaN: true })
    }),
    market: fc.record({
      volatility: fc.double({ min: 0, max: 0.3, noNaN: true }),
      drift: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      liquidityUsd: fc.double({ min: 1e4, max: 1e9, noNaN: true }),
      regimes: fc.array(fc.record({ from: fc.nat(100), regime: fc.constantFrom("calm" as const, "bull" as const, "bear" as const, "quiet-illiquid" as const) }), { maxLength: 3 })
    }),
    demand: fc.record({
      feesUsdPerEpoch: fc.double({ min: 0, max: 2e6, noNaN: true }),
      growthPerEpoch: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      shockRate: fc.double({ min: 0, max: 0.5, noNaN: true })
    }),
    routing: fc.record({ policy: fc.constantFrom("largest-first" as const, "light-split" as const, "region-local" as const) }),
    coordination: fc.record({ law: fc.constantFrom("linear" as const, "nlogn" as const, "quadratic" as const), cost: fc.double({ min: 0, max: 0.01, noNaN: true }) }),
    shares: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    emission: fc.oneof(
      fc.record({ kind: fc.constant("fixed" as const), perEpoch: fc.double({ min: 0, max: 5e6, noNaN: true }) }),
      fc.record({ kind: fc.constant("exponential-decay" as const), perEpoch: fc.double({ min: 0, max: 5e6, noNaN: true }), halfLife: fc.double({ min: 1, max: 1000, noNaN: true }) })
    )
  })
  .map(({ shares: [a, b], emission, ...rest }) => ({
    ...rest,
    token: { emission, operatorShare: a, validatorShare: b * (1 - a) }
  }))

describe("gpu-network invariants", () => {
  it("conserves tokens and keeps balances non-negative every epoch, for any parameters", () => {
    fc.assert(
      fc.property(paramsArb, fc.nat(), fc.integer({ min: 1, max: 80 }), (raw, seed, epochs) => {
        const params = Schema.decodeUnknownSync(gpuNetwork.params)(raw)
        let checked = 0
        simulate(gpuNetwork, params, {
          epochs,
          seed,
          onEpoch: (w: GpuWorld) => {
            const problems = gpuNetwork.invariants(w)
            expect(problems).toEqual([])
            const l = w.ledger
            // supply = initial + minted - burned - slashed-and-burned, and every token has a holder.
            expect(l.supply).toBeCloseTo(l.initial + l.minted - l.burned - l.slashedBurned, 0)
            expect(Math.abs(totalHoldings(w) - l.supply)).toBeLessThanOrEqual(1e-9 * l.supply)
            checked++
          }
        })
        expect(checked).toBe(epochs)
      }),
      { numRuns: 60 }
    )
  })

  it("flags a world whose books do not balance (the check can fail)", () => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({ operators: { count: 10 }, validators: { count: 3 } })
    simulate(gpuNetwork, params, {
      epochs: 1,
      seed: 1,
      onEpoch: (w: GpuWorld) => {
        w.outside += 1_000 // a token appears out of nowhere
        expect(gpuNetwork.invariants(w).join(" ")).toMatch(/holdings .* != supply/)
        w.outside -= 1_000
        w.operators.cols.balance[0] = -1
        expect(gpuNetwork.invariants(w).join(" ")).toMatch(/operator 0 has negative/)
      }
    })
  })
})
