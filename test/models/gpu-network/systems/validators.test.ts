/**
 * The validators system on a hand-built world: the validator pool paid pro rata to stake, the
 * sold share, the flat cost and exits after more loss-making epochs than their patience.
 */
import { describe, expect, it } from "vitest"
import { validators } from "../../../../models/gpu-network/systems/validators.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

describe("validators", () => {
  it("pays the pool pro rata to stake and sells sellFraction of it", () => {
    const fx = gpuWorld({
      params: { validators: { sellFraction: 0.5 } },
      price: 3,
      validators: [{ stake: 1_000, costUsd: 10 }, { stake: 3_000, costUsd: 10 }],
      world: (w) => (w.validatorPool = 400)
    })
    const outside = fx.world.outside
    fx.run(validators)
    const v = fx.world.validators.cols
    expect([v.balance[0], v.balance[1]]).toEqual([50, 150])
    expect(fx.world.outside).toBe(outside + 200)
    expect(fx.world.flows.soldTokens).toBe(200)
    expect(fx.world.lastValidatorEmission).toBe(400)
    // Profit 100 x $3 - $10 > 0: no loss.
    expect([v.lossStreak[0], v.lossStreak[1]]).toEqual([0, 0])
  })

  it("with no stake at all, the pool goes to the treasury", () => {
    const fx = gpuWorld({ validators: [], world: (w) => (w.validatorPool = 250) })
    const treasury = fx.world.treasury
    fx.run(validators)
    expect(fx.world.treasury).toBe(treasury + 250)
    expect(fx.world.lastValidatorEmission).toBe(0)
  })

  it("leaves after more loss-making epochs than its patience, selling stake and balance", () => {
    const fx = gpuWorld({
      params: { validators: { sellFraction: 0 } },
      price: 1,
      validators: [
        { stake: 1_000, balance: 5, costUsd: 100, patience: 3, lossStreak: 3 },
        { stake: 1_000, costUsd: 100, patience: 3, lossStreak: 2 }
      ],
      world: (w) => (w.validatorPool = 20)
    })
    const outside = fx.world.outside
    fx.run(validators)
    const w = fx.world
    expect(w.validators.alive[0]).toBe(0)
    expect(w.validators.alive[1]).toBe(1)
    expect(w.validators.cols.lossStreak[1]).toBe(3)
    // It sells its stake, its old balance and this epoch's 10 tokens of reward.
    expect(w.outside).toBe(outside + 1_000 + 5 + 10)
    expect(w.flows.validatorExits).toBe(1)
  })

  it("the attacker's own validator keeps its whole reward and stays", () => {
    const fx = gpuWorld({ params: { validators: { sellFraction: 0.5 } }, validators: [{ stake: 500, owner: 1, costUsd: 1e9, patience: 0, lossStreak: 9 }], world: (w) => (w.validatorPool = 40) })
    fx.run(validators)
    expect(fx.world.validators.alive[0]).toBe(1)
    expect(fx.world.validators.cols.balance[0]).toBe(40)
    expect(fx.world.flows.soldTokens).toBe(0)
  })
})
