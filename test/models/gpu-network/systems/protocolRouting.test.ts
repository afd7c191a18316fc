/**
 * Routing under coordination.model protocol (coordination/protocolRouting.ts, formulas in
 * coordination/protocol.ts) on a hand-built world: what each region's domains can verify
 * (run bound: C / (taskUnits + C x load); commit bound: epochMs / round x batch), the
 * messages they send, and the consensus round users wait for, for all-to-all (largest-first),
 * region-local and groups (light-split).
 *
 * Parameters chosen for round numbers: epochMs 3,600, a task 0.036 GPU-seconds (taskUnits
 * 0.036 / 3.6 = 0.01), messageMs 1, batches of 10, quorum 1/2, no spot checks, 1,000-byte
 * messages. A member of a 3-node domain spends (1 + 2/10) x 1 / 3,600 = 1/3,000 of its time per
 * task heard. Regions a and b: 10 ms round trip inside a, 20 inside b, 100 between them.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { routing } from "../../../../models/gpu-network/systems/routing.ts"
import { gpuWorld, type OperatorRow } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }
const protocol = {
  epochSeconds: 3.6,
  taskGpuSeconds: 0.036,
  messageMs: 1,
  messageBytes: 1_000,
  batchTasks: 10,
  quorum: 0.5,
  replication: 1,
  committeeSize: 64,
  chainBatchesPerRound: 1_000,
  spotCheckShare: 0
}

/** Operators online with their whole capacity (the regions' tallies as uptime leaves them), two validators. */
const world = (policy: string, rows: ReadonlyArray<OperatorRow>, demand: readonly [number, number], coordination: Record<string, unknown> = {}) =>
  gpuWorld({
    params: {
      regions,
      routing: { policy, serviceMs: 50, maxQueueMs: 5_000 },
      coordination: { model: "protocol", protocol, ...coordination },
      operators: { capacityMin: 1, capacityMax: 1_000 }
    },
    operators: rows.map((r) => ({ ...r, served: r.capacity ?? 10 })),
    validators: [{ stake: 1_000 }, { stake: 1_000 }],
    world: (w) => {
      for (const r of rows) {
        w.regions.onlineCapacity[r.region ?? 0]! += r.capacity ?? 10
        w.regions.onlineCount[r.region ?? 0]! += 1
      }
      w.regions.demand[0] = demand[0]
      w.regions.demand[1] = demand[1]
    }
  })

const nodes = (n: number, capacity: number, region: number): Array<OperatorRow> => Array.from({ length: n }, () => ({ capacity, region }))

describe("routing, coordination.model protocol: region-local (one domain per region)", () => {
  it("a's domain is bound by its members' message load, b's by its commit rounds; users wait for the round", () => {
    const fx = world("region-local", [...nodes(3, 10, 0), ...nodes(3, 20, 1)], [10, 30]).run(routing)
    const w = fx.world
    const s = w.protocol!
    // a: 3 nodes, C = 30: run bound 30 / (0.01 + 30 / 3,000) = 1,500 tasks; round 10 + 2 x 1 =
    // 12 ms, commit bound 3,600 / 12 x 10 = 3,000: 1,500 tasks = 15 units verified of 30.
    // b: C = 60: run bound 60 / (0.01 + 60 / 3,000) = 2,000; round 20 + 2 = 22 ms, commit bound
    // 3,600 / 22 x 10 = 1,636.36...: the commit binds, 16.36... units.
    expect(w.regions.useful[0]).toBeCloseTo(15, 9)
    expect(w.regions.useful[1]).toBeCloseTo(360 / 22, 9)
    expect(Array.from(s.roundMs)).toEqual([12, 22])
    expect(Array.from(s.domains)).toEqual([1, 1])
    // Demand 10 in a (of 15: served), 30 in b (of 16.36: 13.64 dropped).
    expect(w.regions.served[0]).toBeCloseTo(10, 9)
    expect(w.regions.served[1]).toBeCloseTo(360 / 22, 9)
    expect(w.routing.dropped).toBeCloseTo(40 - 10 - 360 / 22, 9)
    // Latency: local round trip + M/M/1 (a: 50 x (10/15) / (1 - 10/15) = 100; b saturated:
    // 5,000) + the consensus round its results wait for.
    expect(w.regions.latency[0]).toBeCloseTo(10 + 100 + 12, 9)
    expect(w.regions.latency[1]).toBeCloseTo(20 + 5_000 + 22, 9)
    // Spent on coordination for the work served: a hears 1,000 tasks (10 units / 0.01), 30 x
    // 1,000 / 3,000 = 10 units; b hears 1,636.36 tasks, 60 x 1,636.36 / 3,000 = 32.73.
    const tb = 36_000 / 22
    expect(w.routing.totalOverhead).toBeCloseTo(10 + (60 * tb) / 3_000, 9)
    // Messages per task in a 3-member domain with a committee of 2: 3 gossip + 3 x 2 / 10 votes
    // + 2 (dispatch, return) + 2 (committee) = 7.6; per node, 2 x (1 + 2/10) per task heard.
    expect(s.messages).toBeCloseTo(7.6 * (1_000 + tb), 6)
    expect(s.messagesPerTask).toBeCloseTo(7.6, 12)
    expect(s.messagesPerNode[0]).toBeCloseTo(1_000 * 2.4, 9)
    expect(s.messagesPerNode[1]).toBeCloseTo(tb * 2.4, 9)
    // Bandwidth per node: 3 nodes x 2,400 + 3 x 2.4 x tb messages of 1,000 bytes over 6 nodes.
    expect(s.bandwidthGB).toBeCloseTo(((3 * 2_400 + 3 * 2.4 * tb) * 1_000) / 6 / 1e9, 15)
    // Round time weighted by capacity: (12 x 30 + 22 x 60) / 90.
    expect(s.meanRoundMs).toBeCloseTo((12 * 30 + 22 * 60) / 90, 12)
    // Each result goes to the committee (2 of 2 validators).
    expect(s.messagesPerValidator).toBeCloseTo(1_000 + tb, 9)
    // The committee: one validator in each region (operatorShare), quorum k = 1: a leader in a
    // waits 10 ms, in b 20: 15 on average; a round 15 + 1 ms finalizes 1,000 batches, so
    // 3,600 / 16 x 1,000 = 225,000 a epoch against (1,500 + 1,636.36) / 10 needed.
    expect(s.chainLoad).toBeCloseTo((1_500 + tb) / 10 / 225_000, 12)
  })

  it("with no validator nothing is verified: every unit is overhead and all demand is dropped", () => {
    const fx = gpuWorld({
      params: { regions, routing: { policy: "region-local" }, coordination: { model: "protocol", protocol }, operators: { capacityMin: 1, capacityMax: 1_000 } },
      operators: nodes(3, 10, 0).map((r) => ({ ...r, served: 10 })),
      world: (w) => {
        w.regions.onlineCapacity[0] = 30
        w.regions.onlineCount[0] = 3
        w.regions.demand[0] = 10
      }
    }).run(routing)
    expect(fx.world.routing.usefulWork).toBe(0)
    expect(fx.world.routing.dropped).toBe(10)
    // Batches to finalize (1,500 / 10) with no committee: the ratio has no value.
    expect(fx.world.protocol!.chainLoad).toBeNaN()
  })
})

describe("routing, coordination.model protocol: all-to-all (largest-first)", () => {
  it("one domain of all 6 nodes verifies less than the two regional ones, and waits on a quorum across regions", () => {
    const fx = world("largest-first", [...nodes(3, 10, 0), ...nodes(3, 20, 1)], [10, 30]).run(routing)
    const w = fx.world
    const s = w.protocol!
    // d = 6, C = 90, quorum k = ceil(6 / 2) = 3: a leader in a hears its 3 neighbours at 10 ms,
    // a leader in b at 20: 15 ms on average (half the members in each). Load per task heard
    // (1 + 5/10) / 3,600 = 1/2,400: run bound 90 / (0.01 + 90 / 2,400) = 1,894.7; round
    // 15 + 5 x 1 = 20 ms, commit bound 3,600 / 20 x 10 = 1,800 tasks = 18 units, spread over
    // the regions by capacity (6 and 12).
    expect(w.regions.useful[0]).toBeCloseTo(6, 9)
    expect(w.regions.useful[1]).toBeCloseTo(12, 9)
    expect(Array.from(s.roundMs)).toEqual([20, 20])
    expect(Array.from(s.domainSize)).toEqual([6, 6])
    // Demand 40 > 18: 18 served, 22 dropped.
    expect(w.routing.usefulWork).toBeCloseTo(18, 9)
    expect(w.routing.dropped).toBeCloseTo(22, 9)
    // Every member hears all 1,800 tasks: 90 x 1,800 / 2,400 = 67.5 units spent coordinating.
    expect(w.routing.totalOverhead).toBeCloseTo(67.5, 9)
    // 6 gossip + 6 x 5 / 10 votes + 2 + 2 = 13 messages per task; per node 1,800 x 1.5 x 2.
    expect(s.messagesPerTask).toBeCloseTo(13, 12)
    expect(s.messages).toBeCloseTo(13 * 1_800, 6)
    expect(Array.from(s.messagesPerNode)).toEqual([5_400, 5_400].map((x) => expect.closeTo(x, 9)))
    expect(s.bandwidthGB).toBeCloseTo((5_400 * 1_000) / 1e9, 15)
    // Both regions' users wait for the 20 ms round on top of routing's own latency.
    expect(s.meanRoundMs).toBeCloseTo(20, 12)
  })
})

describe("routing, coordination.model protocol: groups (light-split)", () => {
  it("7 nodes in groups of 3 make two full groups and one of 1, each verifying on its own", () => {
    const fx = world("light-split", nodes(7, 10, 0), [100, 0], { groupSize: 3 }).run(routing)
    const w = fx.world
    const s = w.protocol!
    // A group of 3 (C = 30): 1,500 tasks as a's region above. The group of 1 (C = 10): no
    // votes, load 1 / 3,600 per task, run bound 10 / (0.01 + 10 / 3,600) = 36,000 / 46 = 782.6;
    // round 10 ms, commit bound 3,600: 782.6 tasks. Total 3,000 + 782.6 tasks = 37.83 units.
    const tasks = 2 * 1_500 + 36_000 / 46
    expect(w.regions.useful[0]).toBeCloseTo(tasks / 100, 9)
    expect(s.domains[0]).toBe(3)
    expect(s.domainSize[0]).toBe(3)
    expect(s.roundMs[0]).toBe(12)
    expect(w.routing.usefulWork).toBeCloseTo(tasks / 100, 9)
    expect(w.routing.dropped).toBeCloseTo(100 - tasks / 100, 9)
    // After serving, each member hears its group's share (the served tasks / 3 groups) at the
    // full group's load 1/3,000: 70 x (tasks / 3) / 3,000.
    expect(w.routing.totalOverhead).toBeCloseTo((70 * (tasks / 3)) / 3_000, 9)
    // Messages: 3 groups of 3 members, tasks / 3 each, 7.6 per task.
    expect(s.messagesPerTask).toBeCloseTo(7.6, 12)
  })

  it("the same 7 nodes as one region-local domain: its run bound is (1 + 6/10) / 3,600 per task heard", () => {
    const fx = world("region-local", nodes(7, 10, 0), [100, 0]).run(routing)
    // d = 7, C = 70: load 1.6 / 3,600; run bound 70 / (0.01 + 70 x 1.6 / 3,600) = 70 / 0.04111 =
    // 1,702.7; round 10 + 6 = 16 ms, commit 3,600 / 16 x 10 = 2,250: 1,702.7 tasks = 17.03
    // units, less than half what the groups verify.
    expect(fx.world.regions.useful[0]).toBeCloseTo(70 / (0.01 + (70 * 1.6) / 3_600) / 100, 9)
    expect(fx.world.protocol!.roundMs[0]).toBe(16)
  })
})

describe("routing, coordination.model protocol: bounds (property)", () => {
  it("serves at most the demand and the online capacity; overhead, drops and latencies are finite and ordered", () => {
    const node = fc.record({ capacity: fc.double({ min: 0.5, max: 200, noNaN: true }), region: fc.integer({ min: 0, max: 1 }) })
    fc.assert(
      fc.property(
        fc.constantFrom("region-local", "light-split", "largest-first"),
        fc.array(node, { minLength: 0, maxLength: 12 }),
        fc.tuple(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true })),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        (policy, rows, demand, validators, groupSize) => {
          const fx = gpuWorld({
            params: { regions, routing: { policy }, coordination: { model: "protocol", protocol, groupSize }, operators: { capacityMin: 0.5, capacityMax: 200 } },
            operators: rows.map((r) => ({ ...r, served: r.capacity })),
            validators: Array.from({ length: validators }, () => ({ stake: 100 })),
            world: (w) => {
              for (const r of rows) {
                w.regions.onlineCapacity[r.region]! += r.capacity
                w.regions.onlineCount[r.region]! += 1
              }
              w.regions.demand.set(demand)
            }
          }).run(routing)
          const w = fx.world
          const capacity = rows.reduce((a, r) => a + r.capacity, 0)
          const rt = w.routing
          expect(rt.usefulWork).toBeLessThanOrEqual(Math.min(capacity, demand[0] + demand[1]) + 1e-9)
          expect(rt.usefulWork).toBeGreaterThanOrEqual(0)
          expect(rt.dropped).toBeCloseTo(demand[0] + demand[1] - rt.usefulWork, 9)
          expect(Number.isFinite(rt.totalOverhead) && rt.totalOverhead >= 0).toBe(true)
          expect(Number.isFinite(rt.latencyP99)).toBe(true)
          expect(rt.latencyP50).toBeLessThanOrEqual(rt.latencyP99 + 1e-9)
          if (validators === 0) expect(rt.usefulWork).toBe(0)
        }
      ),
      { numRuns: 150 }
    )
  })
})
