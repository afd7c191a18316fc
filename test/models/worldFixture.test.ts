/**
 * The world fixtures themselves (test/support/): parameters are decoded strictly, the worlds
 * hold exactly the rows given with every token accounted for, and the model's invariants hold
 * on them before any system runs.
 */
import { describe, expect, it } from "vitest"
import { aiVerification } from "../../models/ai-verification/index.ts"
import { totalHoldings as verificationHoldings } from "../../models/ai-verification/world.ts"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import { totalHoldings } from "../../models/gpu-network/world.ts"
import { governanceCapture } from "../../models/governance-capture/index.ts"
import { captureWorld } from "../support/captureWorld.ts"
import { gpuWorld } from "../support/gpuWorld.ts"
import { verificationWorld } from "../support/verificationWorld.ts"
import { strictParams } from "../support/worldFixture.ts"

describe("world fixtures", () => {
  it("refuse a parameter the schema does not know, naming it (a renamed key cannot fall back to defaults)", () => {
    expect(() => strictParams(gpuNetwork, { operators: { initial: 50 } })).toThrow(/initial/)
    expect(() => gpuWorld({ params: { governance: { floatHolders: 10 } } })).toThrow(/floatHolders/)
    expect(() => verificationWorld({ params: { token: { emission: 5 } }, contributors: [{}], validators: [{}] })).toThrow(/emission/)
  })

  it("refuse a count given by hand: the rows are the participants", () => {
    expect(() => gpuWorld({ params: { operators: { count: 3 } } })).toThrow(/operators.count comes from the rows/)
    expect(() => verificationWorld({ params: { validators: { lazyShare: 0.5 } }, contributors: [{}], validators: [{}] })).toThrow(/validators.lazyShare comes from the rows/)
  })

  it("gpu-network: exactly the rows, their tokens out of outside, the invariants holding", () => {
    const fx = gpuWorld({ operators: [{ stake: 100, balance: 5, capacity: 3 }, { stake: 200 }], validators: [{ stake: 700 }] })
    const w = fx.world
    expect([w.operators.count, w.validators.count]).toEqual([2, 1])
    expect(Array.from(w.operators.cols.stake.subarray(0, 2))).toEqual([100, 200])
    expect(w.operators.cols.capacity[0]).toBe(3)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
    expect(gpuNetwork.invariants(w)).toEqual([])
  })

  it("gpu-network users: exactly the rows as demand agents, the network's work tallied from them; a count or another kind refused", () => {
    const fx = gpuWorld({ users: [{ work: 2 }, { work: 3, onNetwork: 0 }, { work: 5, region: 0 }] })
    const u = fx.world.users!
    expect(fx.params.demand.kind).toBe("agents")
    expect(u.pop.count).toBe(3)
    expect(u.onNetwork).toBe(2)
    expect(u.regionWork[0]).toBe(7)
    // Past the population's first 64 slots (it grows): every row still lands.
    expect(gpuWorld({ users: Array.from({ length: 300 }, () => ({ work: 2 })) }).world.users!.regionWork[0]).toBe(600)
    expect(() => gpuWorld({ params: { demand: { agents: { users: 5 } } }, users: [{}] })).toThrow(/demand.agents.users comes from the rows/)
    expect(() => gpuWorld({ params: { demand: { kind: "exogenous" } }, users: [{}] })).toThrow(/demand.kind exogenous/)
    expect(() => gpuWorld({ users: [{ wealth: 1 } as never] })).toThrow(/no column "wealth"/)
  })

  it("governance-capture: exactly the holders, their balances the honest supply, their votes as given, the invariants holding", () => {
    const fx = captureWorld({ params: { treasury: 500 }, holders: [{ balance: 600, voteEpoch: 3, support: 1 }, { balance: 400 }] })
    const h = fx.world.holders
    expect(h.count).toBe(2)
    expect(Array.from(h.cols.balance.subarray(0, 2))).toEqual([600, 400])
    expect(Array.from(h.cols.voteEpoch.subarray(0, 2))).toEqual([3, -1])
    expect(Array.from(h.cols.support.subarray(0, 2))).toEqual([1, 0])
    expect(fx.world.ledger.supply).toBe(1_500)
    expect(governanceCapture.invariants(fx.world)).toEqual([])
    expect(() => captureWorld({ params: { holders: { count: 5 } }, holders: [{ balance: 1 }] })).toThrow(/holders.\* comes from the rows/)
    expect(() => captureWorld({ params: { governance: { quorom: 0.1 } }, holders: [{ balance: 1 }] })).toThrow(/quorom/)
    expect(() => captureWorld({ holders: [{ balance: 1, weight: 2 } as never] })).toThrow(/no column "weight"/)
  })

  it("ai-verification: exactly the rows, the draw stakes following them, the invariants holding", () => {
    const fx = verificationWorld({ contributors: [{ quality: 0.3 }, { poisoned: 1, quality: 0.05 }], validators: [{ stake: 10 }, { stake: 30, kind: 1 }] })
    const w = fx.world
    expect(Array.from(w.contributors.cols.quality)).toEqual([0.3, 0.05])
    expect(Array.from(w.cumulativeStake)).toEqual([10, 40])
    expect(Array.from(w.initialStakeByKind)).toEqual([10, 30, 0])
    expect(verificationHoldings(w)).toBeCloseTo(w.ledger.supply, 6)
    expect(aiVerification.invariants(w)).toEqual([])
  })
})
