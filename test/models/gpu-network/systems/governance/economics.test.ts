/**
 * Economic voters (governance.voters economic; systems/governance/economics.ts) on a
 * hand-built world: what a proposal does to the operators' and validators' emission
 * (`proposalEffect`), and each voter's support from its own position (`economicSupport`):
 *
 *   net = horizon x (its part of the pool change) - holding x (horizon x circulation change + transfer) / supply
 *
 * yes only when net > 0. The world: fixed emission of 1,000 tokens an epoch, 70% to operators
 * and 20% to validators; supply 10,000, no treasury; operators A (stake 1,000, served 30) and B
 * (stake 100 and 50 of balance, served 10); validators of 1,000 and 3,000; 4,850 outside;
 * horizon 10.
 */
import { describe, expect, it } from "vitest"
import { economicSupport, proposalEffect } from "../../../../../models/gpu-network/systems/governance/economics.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const world = () =>
  gpuWorld({
    params: {
      token: { initialSupply: 10_000, initialTreasury: 0, emission: { kind: "fixed", perEpoch: 1_000 }, operatorShare: 0.7, validatorShare: 0.2 },
      governance: { voters: "economic", voterHorizon: 10 }
    },
    operators: [{ stake: 1_000, served: 30 }, { stake: 100, balance: 50, served: 10 }],
    validators: [{ stake: 1_000 }, { stake: 3_000 }],
    epoch: 2
  })

describe("economic voters", () => {
  it("prices a change of emission and of its split at this epoch's emission", () => {
    const fx = world()
    expect(fx.world.outside).toBe(4_850)
    // 1,000 -> 900 an epoch: operators 0.7 x -100, validators 0.2 x -100.
    const cut = proposalEffect(fx.world, fx.params, { "token.emission.perEpoch": 900 }, 0)
    expect(cut.operatorPoolDelta).toBeCloseTo(-70, 9)
    expect(cut.validatorPoolDelta).toBeCloseTo(-20, 9)
    // The split 0.7 / 0.2 -> 0.8 / 0.1 of 1,000: +100 and -100.
    const split = proposalEffect(fx.world, fx.params, { "token.operatorShare": 0.8, "token.validatorShare": 0.1 }, 0)
    expect(split.operatorPoolDelta).toBeCloseTo(100, 9)
    expect(split.validatorPoolDelta).toBeCloseTo(-100, 9)
    // A transfer is at most what the treasury holds (here nothing).
    expect(proposalEffect(fx.world, fx.params, {}, 500).transfer).toBe(0)
  })

  it("an emission cut (-70 / -20 an epoch): holders and validators gain from less dilution, operators lose more rewards", () => {
    const fx = world()
    const s = economicSupport(fx.world, fx.params, { operatorPoolDelta: -70, validatorPoolDelta: -20, transfer: 0 })
    // Circulation over the horizon: 10 x -90 = -900, so a holding of h gains h x 900 / 10,000.
    // A: 10 x -70 x 30/40 = -525, + 1,000 x 0.09 = 90: -435. B (holding 150): 10 x -70 x 10/40 = -175, + 13.5: -161.5.
    expect(s.operatorsNet[0]).toBeCloseTo(-435, 9)
    expect(s.operatorsNet[1]).toBeCloseTo(-161.5, 9)
    expect(Array.from(s.operators)).toEqual([0, 0])
    // Validators: 10 x -20 x 1/4 = -50, + 90: +40; 10 x -20 x 3/4 = -150, + 270: +120.
    expect(s.validatorsNet[0]).toBeCloseTo(40, 9)
    expect(s.validatorsNet[1]).toBeCloseTo(120, 9)
    expect(Array.from(s.validators)).toEqual([1, 1])
    // The outside holders: only dilution, 4,850 x 0.09 = +436.5.
    expect(s.holders).toBe(1)
  })

  it("a treasury transfer only dilutes: nobody gains, so nobody votes for it", () => {
    const fx = world()
    const s = economicSupport(fx.world, fx.params, { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 1_000 })
    // A: -1,000 x 1,000 / 10,000 = -100.
    expect(s.operatorsNet[0]).toBeCloseTo(-100, 9)
    expect([...s.operators, ...s.validators, s.holders]).toEqual([0, 0, 0, 0, 0])
  })

  it("a split towards operators: operators gain by what they serve, validators lose by their stake", () => {
    const fx = world()
    const s = economicSupport(fx.world, fx.params, { operatorPoolDelta: 100, validatorPoolDelta: -100, transfer: 0 })
    // No change in circulation: only rewards count. A: 10 x 100 x 3/4 = 750; B: 250; validators -250 and -750.
    expect(Array.from(s.operatorsNet)).toEqual([750, 250].map((x) => expect.closeTo(x, 9)))
    expect(Array.from(s.validatorsNet)).toEqual([-250, -750].map((x) => expect.closeTo(x, 9)))
    expect([...s.operators, ...s.validators]).toEqual([1, 1, 0, 0])
    // A holder neither gains nor loses: net 0 keeps the status quo (no).
    expect(s.holders).toBe(0)
  })
})
