/**
 * The uptime system on a hand-built world: each operator is online with its uptime probability
 * (never when jailed, or when a griefing DoS knocks it out), and the regions' online capacity
 * and counts are tallied for routing.
 */
import { describe, expect, it } from "vitest"
import { uptime } from "../../../../models/gpu-network/systems/uptime.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

describe("uptime", () => {
  it("uptime 1 is always online, 0 never; the regions' tallies count who is there and who is online", () => {
    const fx = gpuWorld({ params: { regions }, operators: [{ capacity: 10, uptime: 1, region: 0 }, { capacity: 30, uptime: 0, region: 0 }, { capacity: 7, uptime: 1, region: 1 }] })
    fx.world.regions.onlineCapacity.fill(99)
    for (let seed = 1; seed <= 5; seed++) {
      fx.run(uptime, seed)
      expect(Array.from(fx.world.operators.cols.served.subarray(0, 3))).toEqual([10, 0, 7])
      expect(Array.from(fx.world.regions.onlineCapacity)).toEqual([10, 7])
      expect(Array.from(fx.world.regions.onlineCount)).toEqual([1, 1])
      expect(Array.from(fx.world.regions.active)).toEqual([2, 1])
    }
  })

  it("an operator with uptime u is online in about u of the epochs", () => {
    const fx = gpuWorld({ operators: Array.from({ length: 200 }, () => ({ capacity: 1, uptime: 0.7 })) })
    let online = 0
    for (let seed = 1; seed <= 50; seed++) online += fx.run(uptime, seed).world.regions.onlineCount[0]!
    // 10,000 draws: the share is 0.7 within 5 standard deviations (0.0046 each).
    expect(Math.abs(online / 10_000 - 0.7)).toBeLessThan(0.023)
  })

  it("a jailed operator is offline whatever its uptime, until its jail ends", () => {
    const fx = gpuWorld({ params: { slashing: { downtime: true } }, operators: [{ uptime: 1 }, { uptime: 1 }], epoch: 5 })
    const s = fx.world.slashing
    s.signing.jailedUntil[0] = 6
    s.owner[0] = fx.world.operators.cols.joinedEpoch[0]! + 1
    fx.run(uptime)
    expect(Array.from(fx.world.operators.cols.served.subarray(0, 2))).toEqual([0, 10])
    fx.world.epoch = 6
    fx.run(uptime)
    expect(Array.from(fx.world.operators.cols.served.subarray(0, 2))).toEqual([10, 10])
  })

  it("a griefing DoS knocks out its region's share of operators: all of them at share 1", () => {
    const fx = gpuWorld({ params: { regions }, operators: [{ uptime: 1, region: 0 }, { uptime: 1, region: 1 }] })
    fx.world.attackEffects.offlineShare[1] = 1
    fx.run(uptime)
    expect(Array.from(fx.world.regions.onlineCount)).toEqual([1, 0])
  })
})
