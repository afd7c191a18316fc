/**
 * The vesting system on a hand-built world: locked allocations unlock on their cliff and linear
 * schedule into outside holders' hands, and the sold share of each unlock adds to this epoch's
 * selling.
 */
import { describe, expect, it } from "vitest"
import { vesting } from "../../../../models/gpu-network/systems/vesting.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const team = { name: "team", tokens: 1_200, cliffEpochs: 3, vestingEpochs: 12, sellFraction: 0.25 }

describe("vesting", () => {
  it("unlocks nothing before the cliff", () => {
    const fx = gpuWorld({ params: { token: { vesting: [team] } }, epoch: 1 })
    const outside = fx.world.outside
    fx.run(vesting)
    expect([fx.world.locked, fx.world.outside, fx.world.flows.unlocked, fx.world.flows.soldTokens]).toEqual([1_200, outside, 0, 0])
  })

  it("at the cliff's last epoch unlocks everything vested by then, after it a twelfth per epoch", () => {
    // Vested by the end of epoch e (e + 1 epochs) is 1,200 x (e + 1) / 12 once e + 1 >= 3.
    const atCliff = gpuWorld({ params: { token: { vesting: [team] } }, epoch: 2 })
    const outside = atCliff.world.outside
    atCliff.run(vesting)
    expect(atCliff.world.flows.unlocked).toBeCloseTo(300, 9)
    expect(atCliff.world.locked).toBeCloseTo(900, 9)
    expect(atCliff.world.outside).toBeCloseTo(outside + 300, 9)
    expect(atCliff.world.flows.soldTokens).toBeCloseTo(75, 9)
    const later = gpuWorld({ params: { token: { vesting: [team] } }, epoch: 5 })
    later.world.locked = 1_200 - 500
    later.run(vesting)
    expect(later.world.flows.unlocked).toBeCloseTo(100, 9)
  })

  it("never unlocks more than is still locked, and several allocations add up", () => {
    const investors = { name: "investors", tokens: 600, cliffEpochs: 0, vestingEpochs: 6, sellFraction: 1 }
    const fx = gpuWorld({ params: { token: { vesting: [team, investors] } }, epoch: 3 })
    fx.run(vesting)
    // team: 1,200 x 4/12 - 1,200 x 3/12 = 100; investors: 600 / 6 = 100, all sold.
    expect(fx.world.flows.unlocked).toBeCloseTo(200, 9)
    expect(fx.world.flows.soldTokens).toBeCloseTo(25 + 100, 9)
    const drained = gpuWorld({ params: { token: { vesting: [team] } }, epoch: 5 })
    drained.world.locked = 30
    const outside = drained.world.outside
    drained.run(vesting)
    expect(drained.world.locked).toBe(0)
    expect(drained.world.outside).toBe(outside + 30)
  })
})
