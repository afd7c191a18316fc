/**
 * The protocol coordination model's formulas (coordination/protocol.ts): reference values
 * worked by hand, and invariants under random inputs.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { chainBatches, domainMessages, domainTasks, kthFastestMs, memberLoadPerTask, quorumLatencyMs, roundMs, spotCheckTasks, taskUnits } from "../../../models/gpu-network/coordination/protocol.ts"
import { ProtocolParams } from "../../../models/gpu-network/params/coordination.ts"

const p = Schema.decodeUnknownSync(Schema.Struct({ x: ProtocolParams }))({}).x
const LAT = Float64Array.from([20, 90, 160, 150, 90, 20, 200, 250, 160, 200, 30, 120, 150, 250, 120, 25])
const order = new Int32Array(4)

describe("quorum latency", () => {
  it("is the k-th fastest round trip from the leader's region", () => {
    const count = [35, 30, 25, 10]
    // From the americas: 35 answer at 20 ms, 65 by 90 ms, 75 by 150 ms, 100 by 160 ms.
    expect(kthFastestMs(count, LAT, 4, 0, 35, order)).toBe(20)
    expect(kthFastestMs(count, LAT, 4, 0, 36, order)).toBe(90)
    expect(kthFastestMs(count, LAT, 4, 0, 67, order)).toBe(150)
    expect(kthFastestMs(count, LAT, 4, 0, 100, order)).toBe(160)
  })

  it("averages over where the leader is; a one-region domain waits only for its local round trip", () => {
    expect(quorumLatencyMs([0, 0, 16, 0], LAT, 4, 2 / 3, order)).toBe(30)
    // 2 members in the americas, 1 in europe, quorum 2 of 3: a leader in the americas hears
    // its neighbour at 20 ms, one in europe waits for 90 ms.
    expect(quorumLatencyMs([2, 1, 0, 0], LAT, 4, 2 / 3, order)).toBeCloseTo((2 / 3) * 20 + (1 / 3) * 90, 12)
  })

  it("never falls when the quorum rises", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 4, maxLength: 4 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (count, q) => {
        expect(quorumLatencyMs(count, LAT, 4, q + 0.05, order)).toBeGreaterThanOrEqual(quorumLatencyMs(count, LAT, 4, q, order) - 1e-9)
      })
    )
  })
})

describe("domain throughput", () => {
  it("reference values: a task of 2 GPU-seconds, 0.05 ms a message, batches of 100", () => {
    expect(taskUnits(p)).toBeCloseTo(2 / 86_400, 15)
    expect(roundMs(1000, 150, p)).toBeCloseTo(150 + 999 * 0.05, 12)
    expect(memberLoadPerTask(1000, p)).toBeCloseTo((0.05 * (1 + 999 / 100)) / 86.4e6, 20)
    // 1,000 members with 2,600 units: the run bound C / (s + C a) and the commit bound
    // (86.4e6 / 199.95) x 100 tasks; the commit bound is the smaller.
    const run = 2600 / (2 / 86_400 + 2600 * memberLoadPerTask(1000, p))
    const commit = (86.4e6 / 199.95) * 100
    expect(domainTasks(1000, 2600, 150, p)).toBeCloseTo(Math.min(run, commit), 3)
    expect(commit).toBeLessThan(run)
  })

  it("an all-to-all domain's verified work peaks and then falls as it grows, a group's does not depend on the network", () => {
    const s = taskUnits(p)
    const useful = [250, 1000, 2000, 4000, 8000].map((d) => domainTasks(d, 2.6 * d, 150, p) * s)
    const peak = useful.indexOf(Math.max(...useful))
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(useful.length - 1)
    expect(useful[4]!).toBeLessThan(0.6 * useful[peak]!)
    // Groups of 16 at 20 ms: n / 16 groups each doing the same work, so the total is linear in n.
    const groups = (n: number) => (n / 16) * domainTasks(16, 2.6 * 16, 20, p) * s
    expect(groups(8000) / groups(250)).toBeCloseTo(32, 9)
    expect(groups(250) / (2.6 * 250)).toBeGreaterThan(0.99)
  })

  it("more messages per task with a bigger domain; each copy and the committee add theirs", () => {
    expect(domainMessages(16, 1, 64, p)).toBeCloseTo(16 + (16 * 15) / 100 + 2 + 64, 12)
    expect(domainMessages(1000, 1, 64, p)).toBeGreaterThan(10 * domainMessages(16, 1, 64, p))
  })

  it("verified work never exceeds the capacity, never falls with more capacity, and falls with slower messages", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.double({ min: 0.1, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (d, C, q) => {
        const T = domainTasks(d, C, q, p)
        expect(T * taskUnits(p)).toBeLessThanOrEqual(C * (1 + 1e-12))
        expect(domainTasks(d, 2 * C, q, p)).toBeGreaterThanOrEqual(T * (1 - 1e-12))
        expect(domainTasks(d, C, q, { ...p, messageMs: 2 * p.messageMs })).toBeLessThanOrEqual(T * (1 + 1e-12))
      })
    )
  })
})

describe("validators", () => {
  it("finalize fewer batches with a larger or farther committee, and check more with more of them", () => {
    expect(chainBatches(64, 150, p)).toBeCloseTo((86.4e6 / (150 + 63 * 0.05)) * 1000, 3)
    expect(chainBatches(256, 150, p)).toBeLessThan(chainBatches(64, 150, p))
    expect(chainBatches(64, 250, p)).toBeLessThan(chainBatches(64, 150, p))
    expect(chainBatches(0, 150, p)).toBe(0)
    expect(spotCheckTasks(100, p)).toBeCloseTo((100 * 8) / (0.01 * taskUnits(p)), 3)
    expect(spotCheckTasks(10, p)).toBeLessThan(spotCheckTasks(100, p))
    expect(spotCheckTasks(10, { ...p, spotCheckShare: 0 })).toBe(Number.POSITIVE_INFINITY)
  })
})

describe("coordination.model protocol in gpu-network", () => {
  // Demand far above capacity, nobody leaves or joins: the network's size is the experiment.
  const run = (policy: string, operators: number, extra: Record<string, unknown> = {}) => {
    const params = Schema.decodeUnknownSync(gpuNetwork.params)({
      coordination: { model: "protocol" },
      routing: { policy },
      demand: { feesUsdPerEpoch: 1e9, feeUsdPerUnit: 100 },
      operators: { count: operators, arrivalsPerEpoch: 0, patience: { min: 50, max: 60 } },
      token: { initialSupply: 1e11 },
      ...extra
    })
    return simulate(gpuNetwork, params, { epochs: 2, seed: 5 })
  }
  const at = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![1]!

  it("all-to-all (largest-first) verified work peaks inside 250-4,000 operators and falls; groups (light-split) keep rising", () => {
    const sizes = [250, 1000, 2000, 4000]
    const all = sizes.map((n) => at(run("largest-first", n), "usefulThroughput"))
    const peak = all.indexOf(Math.max(...all))
    expect(peak).toBeLessThan(sizes.length - 1)
    expect(all[3]!).toBeLessThan(0.7 * Math.max(...all))
    const groups = sizes.map((n) => at(run("light-split", n), "usefulThroughput"))
    for (let i = 1; i < groups.length; i++) expect(groups[i]!).toBeGreaterThan(1.5 * groups[i - 1]!)
    // Messages per task: all-to-all grows with the network, groups' stay put.
    expect(at(run("largest-first", 4000), "messagesPerTask")).toBeGreaterThan(10 * at(run("largest-first", 250), "messagesPerTask"))
    expect(at(run("light-split", 4000), "messagesPerTask")).toBeCloseTo(at(run("light-split", 250), "messagesPerTask"), 6)
  })

  it("validators' number and location change throughput (control: the same network with 100 validators near it)", () => {
    const control = at(run("light-split", 2000), "usefulThroughput")
    // Three validators with 8 GPU units each can re-run 24 units of work a day: at a 1% spot-check
    // share they verify 2,400 units, less than half of what 2,000 operators deliver.
    const few = at(run("light-split", 2000, { validators: { count: 3, arrivalsPerEpoch: 0 } }), "usefulThroughput")
    expect(few).toBeCloseTo(2400, 6)
    expect(few).toBeLessThan(0.6 * control)
    // A committee round that finalizes one batch: validators in one region (20 ms quorum) finalize
    // more rounds than validators spread over four (a 2/3 quorum waits ~165 ms).
    const slowChain = (share: Array<number>) => at(run("light-split", 2000, { coordination: { model: "protocol", protocol: { chainBatchesPerRound: 1, validatorShare: share } } }), "usefulThroughput")
    const together = slowChain([1, 0, 0, 0])
    const spread = slowChain([1, 1, 1, 1])
    expect(spread).toBeLessThan(0.5 * together)
  })

  it("validators who leave on their own margins cut throughput (control: the same seeds with validators who cover their costs)", () => {
    // 20 validators deciding on their expected margin; at $50,000 a day none covers its cost,
    // and as they leave the spot checks the rest can run cap the verified work, then nothing is
    // verified. No parameter says when: the exits come from each validator's average margin.
    const validators = (costUsd: number, seed: number) => {
      const params = Schema.decodeUnknownSync(gpuNetwork.params)({
        coordination: { model: "protocol" },
        routing: { policy: "light-split" },
        demand: { feesUsdPerEpoch: 1e9, feeUsdPerUnit: 100 },
        operators: { count: 2000, arrivalsPerEpoch: 0, patience: { min: 50, max: 60 } },
        token: { initialSupply: 1e11 },
        validators: { count: 20, decision: "expected", costUsd }
      })
      return simulate(gpuNetwork, params, { epochs: 60, seed })
    }
    const s = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]!
    for (const seed of [1, 2, 3]) {
      const costly = validators(50_000, seed)
      const control = validators(400, seed)
      expect(s(costly, "activeValidators")[59]!).toBeLessThan(s(control, "activeValidators")[59]!)
      // Until validators run short the two runs verify the same work; then the costly one falls behind.
      expect(s(costly, "usefulThroughput")[15]!).toBeCloseTo(s(control, "usefulThroughput")[15]!, 6)
      expect(s(costly, "usefulThroughput")[59]!).toBeLessThan(0.2 * s(control, "usefulThroughput")[59]!)
      // Never more than the validators present at the epoch's start can spot-check (8 GPU units
      // each re-running 1% of the work: 800 units of verified work per validator).
      const v = s(costly, "activeValidators")
      const u = s(costly, "usefulThroughput")
      for (let e = 1; e < 60; e++) expect(u[e]!).toBeLessThanOrEqual(v[e - 1]! * 8 * 100 * (1 + 1e-9) + 1e-9)
    }
  })
})
