/**
 * The emission system on a hand-built world: what it mints by the experiment's rule and how it
 * splits it into the operator pool, the validator pool and the treasury.
 */
import { describe, expect, it } from "vitest"
import { emission } from "../../../../models/gpu-network/systems/emission/emission.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

describe("emission", () => {
  it("fixed: mints perEpoch and splits it operatorShare / validatorShare / the rest to the treasury", () => {
    const fx = gpuWorld({ params: { token: { emission: { kind: "fixed", perEpoch: 1_000 }, operatorShare: 0.6, validatorShare: 0.3, initialTreasury: 5_000 } }, epoch: 7 })
    const supply = fx.world.ledger.supply
    fx.run(emission)
    const w = fx.world
    expect(w.ledger.supply).toBe(supply + 1_000)
    expect(w.flows.emission).toBe(1_000)
    expect(w.operatorPool).toBeCloseTo(600, 9)
    expect(w.validatorPool).toBeCloseTo(300, 9)
    expect(w.treasury).toBeCloseTo(5_000 + 100, 9)
    expect(w.emissionState.issued).toBe(1_000)
  })

  it("exponential-decay: perEpoch halves every halfLife epochs (epoch 30 of a 10-epoch half-life: an eighth)", () => {
    const fx = gpuWorld({ params: { token: { emission: { kind: "exponential-decay", perEpoch: 8_000, halfLife: 10 }, operatorShare: 1, validatorShare: 0 } }, epoch: 30 })
    fx.run(emission)
    expect(fx.world.flows.emission).toBeCloseTo(1_000, 6)
    expect(fx.world.operatorPool).toBeCloseTo(1_000, 6)
  })

  it("ideal-staking-curve: maxInflation of the supply per year in total, the stakers' part by the staked share", () => {
    // Supply 1,000,000, staked 300,000 by two operators and a validator: x = 0.3 under the ideal 0.75.
    const params = { token: { initialSupply: 1_000_000, initialTreasury: 0, epochsPerYear: 100, operatorShare: 0.5, validatorShare: 0.5, emission: { kind: "ideal-staking-curve", maxInflation: 0.1, minInflation: 0.02, idealStake: 0.75 } } }
    const fx = gpuWorld({ params, operators: [{ stake: 100_000 }, { stake: 50_000 }], validators: [{ stake: 150_000 }] })
    const treasury = fx.world.treasury
    fx.run(emission)
    const total = 0.1 * (1 / 100) * 1_000_000
    const stakers = (0.02 + (0.1 - 0.02) * (0.3 / 0.75)) * (1 / 100) * 1_000_000
    expect(fx.world.flows.emission).toBeCloseTo(total, 9)
    expect(fx.world.operatorPool + fx.world.validatorPool).toBeCloseTo(stakers, 9)
    expect(fx.world.treasury - treasury).toBeCloseTo(total - stakers, 9)
  })

  it("expression: the designer's formula over the world's variables; a negative result mints nothing", () => {
    const fx = gpuWorld({ params: { token: { emission: { kind: "expression", expression: "stakedRatio * 1000 + epoch" }, initialSupply: 1_000_000, initialTreasury: 0 } }, operators: [{ stake: 250_000 }], epoch: 4 })
    fx.run(emission)
    expect(fx.world.flows.emission).toBeCloseTo(250 + 4, 9)
    const negative = gpuWorld({ params: { token: { emission: { kind: "expression", expression: "epoch - 10" } } }, epoch: 4 })
    negative.run(emission)
    expect(negative.world.flows.emission).toBe(0)
  })

  it("expression: a formula that gives NaN fails with the epoch and the variables", () => {
    const fx = gpuWorld({ params: { token: { emission: { kind: "expression", expression: "0 / staked" } } }, epoch: 2 })
    expect(() => fx.run(emission)).toThrow(/gives NaN at epoch 2 \(supply [0-9]+, staked 0/)
  })
})
