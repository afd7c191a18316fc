/**
 * The routing system on a hand-built world: which nodes do the demanded work under each policy,
 * what coordination overhead takes, what is dropped and the latency users see. Two regions, a
 * and b; demand and online capacity are set by hand (what demand and uptime would have written).
 */
import { describe, expect, it } from "vitest"
import { routing } from "../../../../models/gpu-network/systems/routing.ts"
import { gpuWorld, type OperatorRow } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

/** Operators online with their whole capacity, the regions' tallies as uptime leaves them. */
const world = (policy: string, rows: ReadonlyArray<OperatorRow>, demand: readonly [number, number], coordination: Record<string, unknown> = { cost: 0 }) =>
  gpuWorld({
    params: { regions, routing: { policy, serviceMs: 50, maxQueueMs: 5_000 }, coordination, operators: { capacityMin: 1, capacityMax: 1_000 } },
    operators: rows.map((r) => ({ ...r, served: r.capacity ?? 10 })),
    world: (w) => {
      for (const r of rows) {
        w.regions.onlineCapacity[r.region ?? 0]! += r.capacity ?? 10
        w.regions.onlineCount[r.region ?? 0]! += 1
      }
      w.regions.demand[0] = demand[0]
      w.regions.demand[1] = demand[1]
    }
  })

describe("routing: region-local", () => {
  it("each region serves its own demand up to its capacity; the rest is dropped; nodes work pro rata", () => {
    const fx = world("region-local", [{ capacity: 10, region: 0 }, { capacity: 30, region: 0 }, { capacity: 50, region: 1 }], [20, 80]).run(routing)
    const w = fx.world
    expect(Array.from(w.regions.work)).toEqual([20, 50])
    expect(Array.from(w.regions.dropped)).toEqual([0, 30])
    expect(Array.from(w.operators.cols.work.subarray(0, 3))).toEqual([5, 15, 50])
    expect(w.routing.usefulWork).toBe(70)
    expect(w.routing.dropped).toBe(30)
    // Region a at utilization 0.5: its own 10 ms plus M/M/1 50 x 0.5 / 0.5; b saturated: the cap.
    expect(w.regions.latency[0]).toBeCloseTo(10 + 50, 9)
    expect(w.regions.latency[1]).toBe(20 + 5_000)
  })

  it("coordination overhead (law linear) takes cost x nodes x (1 + local latency / scale) of each region's capacity", () => {
    const fx = world("region-local", [{ capacity: 10, region: 0 }, { capacity: 10, region: 0 }], [100, 0], { law: "linear", cost: 2, latencyScaleMs: 10 }).run(routing)
    // 2 nodes x 2 x (1 + 10/10) = 8 units of overhead: 12 of 20 left to serve.
    expect(fx.world.regions.overhead[0]).toBeCloseTo(8, 9)
    expect(fx.world.routing.usefulWork).toBeCloseTo(12, 9)
    expect(fx.world.routing.totalOverhead).toBeCloseTo(8, 9)
  })
})

describe("routing: global pools", () => {
  it("light-split spreads the served work evenly over every online unit, wherever the demand is", () => {
    const fx = world("light-split", [{ capacity: 10, region: 0 }, { capacity: 30, region: 1 }], [20, 0]).run(routing)
    const w = fx.world
    expect(Array.from(w.operators.cols.work.subarray(0, 2))).toEqual([5, 15])
    // Users in a wait for the work-weighted distance to where it ran: (10 x 5 + 100 x 15) / 20.
    expect(w.regions.latency[0]).toBeCloseTo((10 * 5 + 100 * 15) / 20 + (50 * 0.5) / 0.5, 9)
    expect(w.regions.served[0]).toBe(20)
  })

  it("largest-first fills the biggest nodes first", () => {
    const fx = world("largest-first", [{ capacity: 10, region: 0 }, { capacity: 300, region: 1 }, { capacity: 100, region: 0 }], [350, 0]).run(routing)
    const work = fx.world.operators.cols.work
    expect(work[1]).toBeCloseTo(300, 9)
    expect(work[2]).toBeCloseTo(50, 9)
    expect(work[0]).toBe(0)
    expect(fx.world.routing.usefulWork).toBeCloseTo(350, 9)
  })

  it("serves at most the capacity; the excess is dropped", () => {
    const fx = world("light-split", [{ capacity: 10, region: 0 }], [15, 15]).run(routing)
    expect(fx.world.routing.usefulWork).toBe(10)
    expect(fx.world.routing.dropped).toBe(20)
    expect(Array.from(fx.world.regions.served)).toEqual([5, 5])
  })
})
