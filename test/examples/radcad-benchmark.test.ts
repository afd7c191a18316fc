/**
 * The radCAD benchmark example model: its trajectories against values worked out from radCAD's
 * update rules (a <- a |cos a| in block 1, b <- b + 5 a_param in block 2), by hand and with
 * Python's math.cos for the first steps of a.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { simulate } from "../../src/engine/Simulation.ts"
import { radcadBenchmark } from "../../examples/radcad-benchmark/model.ts"

const run = (a: number, epochs: number) => {
  const params = Schema.decodeUnknownSync(radcadBenchmark.params)({ a })
  const r = simulate(radcadBenchmark, params, { epochs, seed: 1 })
  return { a: r.series[r.metrics.indexOf("a")]!, b: r.series[r.metrics.indexOf("b")]! }
}

describe("radcad-benchmark example", () => {
  it("follows block 1 on even epochs: a_1 = cos 1, then a <- a |cos a| (b unchanged)", () => {
    const { a, b } = run(1, 8)
    // Timesteps 1..4 of radCAD's state a (python: a = a * abs(math.cos(a))).
    const expected = [0.5403023058681398, 0.46333797992644493, 0.4144862265665347, 0.3793889205932669]
    for (let t = 0; t < 4; t++) {
      expect(a[2 * t]).toBe(expected[t])
      expect(a[2 * t + 1]).toBe(expected[t]) // block 2 leaves a alone
    }
    expect(b[0]).toBe(2) // block 1 leaves b at its initial 2.0
  })

  it("follows block 2 on odd epochs: five policies of step 1, summed, times param a", () => {
    for (const param of [1, 2]) {
      const { b } = run(param, 20)
      for (let t = 0; t < 10; t++) {
        expect(b[2 * t + 1]).toBe(2 + 5 * param * (t + 1))
        expect(b[2 * t]).toBe(2 + 5 * param * t)
      }
    }
  })

  it("reaches radCAD's final b after 100,000 timesteps: 2 + 5 x a x 100,000", () => {
    expect(run(1, 200_000).b[199_999]).toBe(500_002)
    expect(run(2, 200_000).b[199_999]).toBe(1_000_002)
  })
})
