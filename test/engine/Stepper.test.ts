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
import { simulate, Stepper } from "../../src/engine/Simulation.ts"

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
})
