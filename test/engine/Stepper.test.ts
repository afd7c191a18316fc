/**
 * Stepper: a run advanced one epoch at a time gives the same series as `simulate`, and a
 * parameter change (from the caller or from a system via `world.nextParams`) applies from the
 * next epoch only.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import type { GpuNetworkParams } from "../../models/gpu-network/params/params.ts"
import type { GpuWorld } from "../../models/gpu-network/world.ts"
import { applyChange, simulate, Stepper } from "../../src/engine/Simulation.ts"

const params = (raw: unknown): GpuNetworkParams => Schema.decodeUnknownSync(gpuNetwork.params)(raw)
const emission = (r: { metrics: ReadonlyArray<string>; series: ReadonlyArray<Float64Array> }) => Array.from(r.series[r.metrics.indexOf("emission")]!)

describe("Stepper", () => {
  it("stepping to the end is bit-identical to simulate", () => {
    const p = params({})
    const whole = simulate(gpuNetwork, p, { epochs: 40, seed: 9 })
    const s = new Stepper(gpuNetwork, p, { epochs: 40, seed: 9 })
    let steps = 0
    while (s.step()) steps++
    expect(steps).toBe(40)
    expect(s.done).toBe(true)
    expect(s.step()).toBe(false)
    expect(s.result().series).toEqual(whole.series)
    expect(s.partial().series[0]!.length).toBe(40)
  })

  it("applies setParams from the next epoch, and only from then", () => {
    const a = params({ token: { emission: { kind: "fixed", perEpoch: 1000 } } })
    const b = params({ token: { emission: { kind: "fixed", perEpoch: 5000 } } })
    const s = new Stepper(gpuNetwork, a, { epochs: 10, seed: 3 })
    for (let i = 0; i < 4; i++) s.step()
    s.setParams(b)
    expect(s.params).toBe(b)
    while (s.step());
    expect(emission(s.result())).toEqual([1000, 1000, 1000, 1000, 5000, 5000, 5000, 5000, 5000, 5000])
    expect(s.partial().series[0]!.length).toBe(10)
  })

  it("applies world.nextParams set by a system at the next epoch", () => {
    const a = params({ token: { emission: { kind: "fixed", perEpoch: 1000 } } })
    const b = params({ token: { emission: { kind: "fixed", perEpoch: 0 } } })
    const r = simulate(gpuNetwork, a, {
      epochs: 6,
      seed: 3,
      onEpoch: (w: GpuWorld, epoch) => {
        if (epoch === 2) w.nextParams = b
      }
    })
    expect(emission(r)).toEqual([1000, 1000, 1000, 0, 0, 0])
  })

  it("a schedule changes parameters before its epoch, on the params in force, and logs each change", () => {
    const a = params({ token: { emission: { kind: "fixed", perEpoch: 1000 } } })
    const r = new Stepper(gpuNetwork, a, { epochs: 8, seed: 3, schedule: [{ epoch: 3, set: { "token.emission.perEpoch": 200 } }, { epoch: 6, set: { "token.emission.perEpoch": 0 } }] })
    while (r.step());
    expect(emission(r.result())).toEqual([1000, 1000, 1000, 200, 200, 200, 0, 0])
    expect(r.events.entries.filter((e) => e.kind === "params").map((e) => e.message)).toEqual([
      "token.emission.perEpoch 1000 -> 200 from epoch 3",
      "token.emission.perEpoch 200 -> 0 from epoch 6"
    ])
    expect(r.changes).toEqual([{ epoch: 3, set: { "token.emission.perEpoch": 200 } }, { epoch: 6, set: { "token.emission.perEpoch": 0 } }])
    // The original params object is not touched (params are shared between runs).
    expect(a.token.emission).toMatchObject({ perEpoch: 1000 })
  })

  it("a change made by hand and the same change scheduled give bit-identical runs", () => {
    const p = params({})
    const byHand = new Stepper(gpuNetwork, p, { epochs: 30, seed: 11 })
    for (let i = 0; i < 12; i++) byHand.step()
    byHand.change({ "token.emission.perEpoch": 123_456, "market.volatility": 0.09 })
    while (byHand.step());
    const scheduled = simulate(gpuNetwork, p, { epochs: 30, seed: 11, schedule: byHand.changes })
    expect(byHand.changes).toEqual([{ epoch: 12, set: { "token.emission.perEpoch": 123_456, "market.volatility": 0.09 } }])
    expect(scheduled.series).toEqual(byHand.result().series)
    expect(emission(scheduled)[11]).toBe(500_000)
    expect(emission(scheduled)[12]).toBe(123_456)
  })

  it("applyChange copies: nested paths and list indices, the original unchanged", () => {
    const o = { a: { b: 1, c: [1, 2, 3] }, d: 4 }
    expect(applyChange(o, { "a.b": 5, "a.c.1": 9 })).toEqual({ a: { b: 5, c: [1, 9, 3] }, d: 4 })
    expect(o).toEqual({ a: { b: 1, c: [1, 2, 3] }, d: 4 })
  })
})
