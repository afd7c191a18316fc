/**
 * The sybil attack through attackMoves on a hand-built world: at startEpoch the identities join
 * as operators, their stake bought from outside holders; from the next epoch each is caught with
 * detectionPerEpoch, slashed slashOnDetection and removed, the rest of its tokens back to the
 * attacker; at the end they all leave.
 */
import { describe, expect, it } from "vitest"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }
// Each identity claims 2 units at 100 tokens per unit: 200 staked (over minStake 50).
const sybil = (extra: Record<string, unknown>) => ({
  regions,
  operators: { stakePerUnit: 100, minStake: 50 },
  attacks: [{ kind: "sybil", name: "s", region: "b", startEpoch: 1, durationEpochs: 3, identities: 5, capacityPerIdentity: 2, costPerIdentityUsd: 7, ...extra }]
})

describe("sybil identities", () => {
  it("join at startEpoch in their region, each staking max(capacity x stakePerUnit, minStake) bought from outside", () => {
    const fx = gpuWorld({ params: sybil({}), operators: [{}], epochs: 2 })
    const outside = fx.world.outside
    fx.at(0).run(attackMoves)
    expect(fx.world.operators.count).toBe(1)
    fx.at(1).run(attackMoves)
    const w = fx.world
    const o = w.operators.cols
    const ids = Array.from({ length: w.operators.size }, (_, i) => i).filter((i) => w.operators.alive[i] === 1 && o.attacker[i] === 1)
    expect(ids.length).toBe(5)
    for (const i of ids) expect([o.stake[i], o.region[i], o.capacity[i], o.costUsd[i], o.uptime[i]]).toEqual([200, 1, 2, 7, 1])
    expect(outside - w.outside).toBe(1_000)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
  })

  it("from the next epoch, caught identities are slashed and removed; the rest of their tokens go to the attacker", () => {
    const fx = gpuWorld({ params: sybil({ detectionPerEpoch: 1, slashOnDetection: 0.25 }), epochs: 3 })
    const supply = fx.world.ledger.supply
    fx.at(1).run(attackMoves)
    expect(fx.world.operators.count).toBe(5)
    fx.at(2).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(fx.world.operators.count).toBe(0)
    expect([s.caught, s.detected]).toEqual([5, 2])
    expect(s.tokens).toBe(5 * 150)
    expect(supply - fx.world.ledger.supply).toBeCloseTo(5 * 50, 9)
    expect(totalHoldings(fx.world)).toBeCloseTo(fx.world.ledger.supply, 3)
  })

  it("at the end of durationEpochs they leave, stake and balance back to the attacker", () => {
    const fx = gpuWorld({ params: sybil({}), epochs: 5 })
    for (let e = 1; e <= 3; e++) fx.at(e).run(attackMoves)
    const o = fx.world.operators.cols
    for (let i = 0; i < fx.world.operators.size; i++) if (fx.world.operators.alive[i] === 1) o.balance[i] = 10
    fx.world.outside -= 50
    fx.at(4).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(fx.world.operators.count).toBe(0)
    expect([s.over, s.tokens, s.rewards]).toEqual([true, 5 * 200 + 50, 50])
  })
})
