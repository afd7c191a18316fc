/**
 * The optimizing griefer (attacks[] kind griefing, mode optimize;
 * systems/attacks/griefingOptimizer.ts) through attackMoves on a hand-built world: it launches
 * the DoS only when its best plan pays AND beats running its operators without the DoS, joins
 * its operators with stake bought on the market, knocks the region offline, and leaves at the end.
 *
 * The world: regions a (attacked) and b, two operators online in each, of capacity 10 in a and
 * 20 in b (C = 60, N = 4; C_a = 20, N_a = 2). Operator pool 100 tokens, a fifth of it per node (nodePool 20,
 * work rewards 80, no fees). Price 2, pool depth 10,000 / 2 = 5,000 tokens. The attacker
 * considers up to 1 operator of its own in b: capacity 10, stake 10 x 10 = 100 tokens (buy
 * 2 x 5,000 x 100 / 4,900 = 204.08, sell back 2 x 5,000 x 100 / 5,100 = 196.08), GPUs 10 x 1 =
 * 10 USD an epoch; 10 epochs; the whole region offline; no capital cost.
 *
 *   with the DoS, 1 operator: 80 x 10 / (60 - 20 + 10) + 20 / (4 - 2 + 1) = 22.67 tokens an
 *     epoch: 10 x (45.33 - 10 - dos) + 196.08 - 204.08 = 345.33 - 10 dos;
 *   with the DoS, none: -10 dos;
 *   without it, 1 operator: 80 x 10 / 70 + 20 / 5 = 15.43 tokens: 10 x (30.86 - 10) - 8.00 = 200.57;
 *   so the DoS adds 144.76 - 10 dos: worth it below 14.48 USD an epoch.
 */
import { describe, expect, it } from "vitest"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }
const SPREAD = (2 * 5_000 * 100) / 5_100 - (2 * 5_000 * 100) / 4_900
const withDos = (dos: number) => 10 * (((80 * 10) / 50 + 20 / 3) * 2 - 10 - dos) + SPREAD
const withoutDos = 10 * (((80 * 10) / 70 + 20 / 5) * 2 - 10) + SPREAD

const world = (attack: Record<string, unknown>) =>
  gpuWorld({
    params: {
      regions,
      market: { liquidityUsd: 10_000, initialPrice: 2 },
      token: { perOperatorShare: 0.2 },
      operators: { stakePerUnit: 10, minStake: 0, costPerUnitUsd: 1, fixedCostUsd: 0 },
      attacks: [{ kind: "griefing", name: "g", mode: "optimize", region: "a", ownRegion: "b", ownOperators: 1, ownCapacity: 10, offlineShare: 1, durationEpochs: 10, capitalCostPerEpoch: 0, ...attack }]
    },
    operators: [{ region: 0 }, { region: 0 }, { region: 1, capacity: 20 }, { region: 1, capacity: 20 }],
    price: 2,
    epochs: 12,
    world: (w) => {
      w.regions.onlineCapacity.set([20, 40])
      w.regions.onlineCount.set([2, 2])
      w.operatorPool = 100
      w.routing.usefulWork = 0
    }
  })

describe("griefing optimizer", () => {
  it("launches when the DoS adds to running its operators (10 USD a DoS epoch): joins one operator in b, knocks a offline", () => {
    const fx = world({ costPerEpochUsd: 10 })
    const outside = fx.world.outside
    fx.run(attackMoves)
    const w = fx.world
    const s = w.attackStates[0]!
    expect(s.expectedProfit).toBeCloseTo(withDos(10), 6)
    expect(s.expectedProfit).toBeCloseTo(245.33, 2)
    expect(s.dosGain).toBeCloseTo(withDos(10) - withoutDos, 6)
    expect(s.dosGain).toBeCloseTo(44.76, 2)
    expect(s.plannedCount).toBe(1)
    expect(s.started).toBe(0)
    // Its operator: slot 4, in b, stake 100 bought from outside at what the pool charges.
    expect(w.operators.count).toBe(5)
    expect([w.operators.cols.attacker[4], w.operators.cols.region[4], w.operators.cols.stake[4]]).toEqual([1, 1, 100])
    expect(outside - w.outside).toBe(100)
    expect(s.cost).toBeCloseTo((2 * 5_000 * 100) / 4_900, 9)
    expect(s.capital).toBeCloseTo(s.cost, 12)
    expect(Array.from(w.attackEffects.offlineShare)).toEqual([1, 0])
  })

  it("does not launch a DoS that pays less than running the same operators without it (20 USD a DoS epoch)", () => {
    const fx = world({ costPerEpochUsd: 20 }).run(attackMoves)
    const s = fx.world.attackStates[0]!
    // 345.33 - 200 = 145.33 > 0, but 200.57 without the DoS: it adds -55.24.
    expect(s.expectedProfit).toBeCloseTo(withDos(20), 6)
    expect(s.expectedProfit).toBeGreaterThan(0)
    expect(s.dosGain).toBeCloseTo(-55.24, 2)
    expect(s.started).toBe(-1)
    expect(fx.world.operators.count).toBe(4)
    expect(Array.from(fx.world.attackEffects.offlineShare)).toEqual([0, 0])
  })

  it("pure griefing (no operators of its own) never launches: it only costs 10 x dos", () => {
    const fx = world({ costPerEpochUsd: 1, ownOperators: 0 }).run(attackMoves)
    expect(fx.world.attackStates[0]!.expectedProfit).toBeCloseTo(-10, 9)
    expect(fx.world.attackStates[0]!.started).toBe(-1)
  })

  it("the DoS runs durationEpochs; then its operator leaves with its stake back to the attacker", () => {
    const fx = world({ costPerEpochUsd: 10 }).run(attackMoves)
    fx.at(9).run(attackMoves)
    expect(Array.from(fx.world.attackEffects.offlineShare)).toEqual([1, 0])
    fx.at(10).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(s.over).toBe(true)
    expect(fx.world.operators.count).toBe(4)
    expect(s.tokens).toBe(100)
    expect(Array.from(fx.world.attackEffects.offlineShare)).toEqual([0, 0])
  })
})
